// What each command does to the UI state, and which actions apply in which state (pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whyNot } from '../../src/core/model/actions.js';
import { initialUi, runCommand, selectedIndex, typeIntoFilter, type CommandContext } from '../../src/core/model/ui.js';
import { makeUnitRow, type UnitRow } from '../../src/core/model/unitRow.js';

const row = (name: string, active: string, sub: string, extra: Partial<UnitRow> = {}): UnitRow => ({
  ...makeUnitRow({ name, description: '', loadState: 'loaded', activeState: active, subState: sub, unitFileState: 'disabled' }),
  ...extra,
});
const rows = [row('a.service', 'active', 'running'), row('b.service', 'failed', 'failed'), row('c.service', 'inactive', 'dead'), row('d.service', 'active', 'running')];
const ctx: CommandContext = { rows, pageSize: 2, detailLines: 30, detailHeight: 10 };

test('moving keeps the selection by name and clamps at the ends', () => {
  let ui = initialUi();
  assert.equal(selectedIndex(ui, rows), 0);
  ui = runCommand(ui, 'move-down', ctx).ui;
  assert.equal(ui.selected, 'b.service');
  ui = runCommand(ui, 'last', ctx).ui;
  assert.equal(ui.selected, 'd.service');
  ui = runCommand(ui, 'move-down', ctx).ui;
  assert.equal(ui.selected, 'd.service');
  ui = runCommand(ui, 'page-up', ctx).ui;
  assert.equal(ui.selected, 'b.service');
  // b leaves the list (e.g. filtered): the selection falls back to its index
  assert.equal(selectedIndex(ui, rows.filter((r) => r.name !== 'b.service')), 1);
  // b moves (a reload re-sorts): the selection follows the name
  assert.equal(selectedIndex(ui, [rows[3]!, rows[1]!]), 1);
});

test('stop asks first, with the unit name; y confirms into an action, n cancels', () => {
  let ui = initialUi();
  const asked = runCommand(ui, 'stop', ctx);
  assert.equal(asked.effect, undefined);
  assert.equal(asked.ui.mode, 'confirm');
  assert.deepEqual(asked.ui.confirm, { action: 'stop', unit: 'a.service' });
  const yes = runCommand(asked.ui, 'confirm-yes', ctx);
  assert.deepEqual(yes.effect, { kind: 'action', action: 'stop', unit: 'a.service' });
  assert.equal(yes.ui.mode, 'list');
  const no = runCommand(asked.ui, 'confirm-no', ctx);
  assert.equal(no.effect, undefined);
  assert.equal(no.ui.status?.text, 'Stop a.service: cancelled');
  ui = runCommand(ui, 'start', { ...ctx, rows: [rows[2]!] }).ui;
  assert.equal(ui.mode, 'list');
});

test('start on an inactive unit acts at once; keys that do not apply say why', () => {
  const start = runCommand(initialUi(), 'start', { ...ctx, rows: [rows[2]!] });
  assert.deepEqual(start.effect, { kind: 'action', action: 'start', unit: 'c.service' });
  const stop = runCommand(initialUi(), 'stop', { ...ctx, rows: [rows[2]!] });
  assert.equal(stop.effect, undefined);
  assert.equal(stop.ui.status?.text, 'c.service is not active (it is inactive); nothing to stop');
  assert.equal(stop.ui.status?.tone, 'error');
});

test('which actions apply in which state', () => {
  const active = rows[0]!;
  const failed = rows[1]!;
  const inactive = rows[2]!;
  assert.equal(whyNot('start', active), 'a.service is already active');
  assert.equal(whyNot('start', inactive), undefined);
  assert.equal(whyNot('stop', active), undefined);
  assert.match(whyNot('stop', failed)!, /not active/);
  assert.equal(whyNot('restart', inactive), undefined);
  assert.match(whyNot('reload', inactive)!, /only an active unit can reload/);
  assert.equal(whyNot('reset-failed', failed), undefined);
  assert.match(whyNot('reset-failed', active)!, /has not failed/);
  assert.equal(whyNot('enable', inactive), undefined);
  assert.match(whyNot('enable', { ...inactive, unitFileState: 'static' })!, /static/);
  assert.match(whyNot('disable', inactive)!, /already disabled/);
  assert.equal(whyNot('disable', { ...inactive, unitFileState: 'enabled' }), undefined);
  assert.match(whyNot('start', { ...inactive, load: 'masked' })!, /masked/);
});

test('filter: typed live, Enter keeps, Esc clears', () => {
  let ui = runCommand(initialUi(), 'filter', ctx).ui;
  assert.equal(ui.mode, 'filter');
  ui = typeIntoFilter(typeIntoFilter(ui, 'de'), 'mo');
  assert.equal(ui.filter.text, 'demo');
  ui = runCommand(ui, 'filter-delete', ctx).ui;
  assert.equal(ui.filter.text, 'dem');
  const kept = runCommand(ui, 'filter-accept', ctx).ui;
  assert.equal(kept.mode, 'list');
  assert.equal(kept.filter.text, 'dem');
  const cleared = runCommand(ui, 'filter-clear', ctx).ui;
  assert.equal(cleared.filter.text, '');
});

test('type cycles service → timer → socket → target → path → all', () => {
  let ui = initialUi();
  const seen = [ui.filter.type];
  for (let i = 0; i < 6; i++) {
    ui = runCommand(ui, 'cycle-type', ctx).ui;
    seen.push(ui.filter.type);
  }
  assert.deepEqual(seen, ['service', 'timer', 'socket', 'target', 'path', 'all', 'service']);
});

test('focus, zoom and detail scrolling', () => {
  let ui = runCommand(initialUi(), 'focus-next', ctx).ui;
  assert.equal(ui.mode, 'detail');
  ui = runCommand(ui, 'move-down', ctx).ui;
  assert.equal(ui.detailScroll, 1);
  ui = runCommand(ui, 'last', ctx).ui;
  assert.equal(ui.detailScroll, 20);
  ui = runCommand(ui, 'focus-next', ctx).ui;
  assert.equal(ui.mode, 'list');
  const zoomed = runCommand(ui, 'zoom', ctx).ui;
  assert.equal(zoomed.zoom, true);
  assert.equal(zoomed.mode, 'detail');
  assert.equal(runCommand(zoomed, 'zoom', ctx).ui.zoom, false);
});

test('quit and help', () => {
  assert.deepEqual(runCommand(initialUi(), 'quit', ctx).effect, { kind: 'quit', status: 0 });
  assert.deepEqual(runCommand(initialUi(), 'interrupt', ctx).effect, { kind: 'quit', status: 130 }, 'Ctrl-C: exit status 130');
  const help = runCommand(initialUi(), 'help', ctx).ui;
  assert.equal(help.mode, 'help');
  assert.equal(runCommand(help, 'help-close', ctx).ui.mode, 'list');
});

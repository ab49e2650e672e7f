// What each command does to the UI state, and which actions apply in which state (pure).
import assert from 'node:assert/strict';
import { describeActionError } from '../../src/core/model/actions.js';
import { dialogAsked, dialogChanged, dialogFinished, dialogOpened, dialogOutcome, dialogSaid } from '../../src/core/model/dialog.js';
import { test } from 'node:test';
import { whyNot, whyNotKill } from '../../src/core/model/actions.js';
import { confirmPrompt, initialUi, runCommand, selectedIndex, typeIntoFilter, typeText, withDialog, type CommandContext, type UiState } from '../../src/core/model/ui.js';
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
  // b moves (a reload re-sorts): the selection follows the name
  assert.equal(selectedIndex(ui, [rows[3]!, rows[1]!]), 1);
  // b leaves the list (systemd unloaded it): nothing is selected — never its neighbour — and an
  // action key says so and does nothing.
  const without = rows.filter((r) => r.name !== 'b.service');
  assert.equal(selectedIndex(ui, without), -1);
  for (const key of ['stop', 'start', 'restart', 'reset-failed', 'enable'] as const) {
    const r = runCommand(ui, key, { ...ctx, rows: without });
    assert.equal(r.effect, undefined, key);
    assert.notEqual(r.ui.mode, 'confirm', key);
    assert.equal(r.ui.status?.text, 'b.service is no longer listed, so nothing is selected and nothing was done; j/k selects a unit');
  }
  // j from there takes the row now where b was (c), k the one above (a).
  assert.equal(runCommand(ui, 'move-down', { ...ctx, rows: without }).ui.selected, 'c.service');
  assert.equal(runCommand(ui, 'move-up', { ...ctx, rows: without }).ui.selected, 'a.service');
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
  assert.match(whyNot('start', { ...inactive, load: 'masked' })!, /masked; M unmasks it/);
  assert.match(whyNot('start', { ...inactive, unitFileState: 'masked-runtime' })!, /masked/);
  assert.equal(whyNot('mask', inactive), undefined);
  assert.match(whyNot('mask', { ...inactive, unitFileState: 'masked' })!, /already masked/);
  assert.match(whyNot('unmask', inactive)!, /not masked; nothing to unmask/);
  assert.equal(whyNot('unmask', { ...inactive, load: 'masked' }), undefined);
  assert.equal(whyNot('daemon-reload', { ...inactive, name: 'x@.service' }), undefined);
  assert.equal(whyNotKill(active), undefined);
  assert.match(whyNotKill(failed)!, /not running \(it is failed\)/);
  assert.match(whyNotKill(inactive)!, /no processes to signal/);
});

test('D reloads the manager with no unit selected; m asks first, K opens its flow', () => {
  assert.deepEqual(runCommand(initialUi(), 'daemon-reload', { ...ctx, rows: [] }).effect, { kind: 'action', action: 'daemon-reload', unit: '' });
  const mask = runCommand(initialUi(), 'mask', ctx);
  assert.equal(mask.ui.mode, 'confirm');
  assert.equal(confirmPrompt(mask.ui), `Mask ${ctx.rows[0]!.name}? (y = yes, n/Esc = no)`);
  assert.deepEqual(runCommand(initialUi(), 'kill', ctx).effect, { kind: 'kill', unit: ctx.rows[0]!.name });
});

test('filter: typed live, Enter keeps, Esc clears', () => {
  let ui = runCommand(initialUi(), 'filter', ctx).ui;
  assert.equal(ui.mode, 'filter');
  ui = typeIntoFilter(typeIntoFilter(ui, 'de'), 'mo');
  assert.equal(ui.filter.text, 'demo');
  ui = runCommand(ui, 'text-backspace', ctx).ui;
  assert.equal(ui.filter.text, 'dem');
  // Cursor editing in the filter, as in a shell.
  ui = runCommand(runCommand(ui, 'text-home', ctx).ui, 'text-delete', ctx).ui;
  assert.equal(ui.filter.text, 'em');
  ui = typeIntoFilter(ui, 'd');
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

test('a dialog: a paste is one answer whole; keys typed before a frame each see the last state', () => {
  let ui: UiState = withDialog(initialUi(), dialogAsked(dialogOpened('Handlers of a.service'), { text: 'The command:', kind: 'text', choices: [], fallback: '' }));
  assert.equal(ui.mode, 'dialog-text');
  // Typed fast: each key in turn, on the state the one before left.
  for (const ch of 'logger') ui = typeText(ui, ch).ui;
  ui = typeText(ui, ' "exit $EXIT_STATUS"\n', { paste: true }).ui;
  assert.equal(ui.dialog!.question!.field.value, 'logger "exit $EXIT_STATUS" ', 'a pasted line break does not answer');
  ui = runCommand(ui, 'text-kill-word', ctx).ui;
  assert.equal(ui.dialog!.question!.field.value, 'logger "exit ', 'Ctrl-W: the spaces, then the word before them');
  ui = typeText(ui, '$SERVICE_RESULT"').ui;
  const done = runCommand(ui, 'dialog-accept', ctx);
  assert.deepEqual(done.effect, { kind: 'dialog-answer', answer: 'logger "exit $SERVICE_RESULT"' });
  assert.equal(done.ui.mode, 'dialog');
  assert.equal(done.ui.dialog!.lines.at(-1), 'The command: logger "exit $SERVICE_RESULT"');
});

test('a dialog: a paste of several lines is refused in words, the field kept as it was', () => {
  let ui: UiState = withDialog(initialUi(), dialogAsked(dialogOpened('Handlers of a.service'), { text: 'The command:', kind: 'text', choices: [], fallback: '' }));
  ui = typeText(ui, 'echo ').ui;
  const after = typeText(ui, 'logger one\nlogger two\n', { paste: true });
  assert.equal(after.ui.dialog!.question!.field.value, 'echo ', 'nothing of it taken');
  assert.match(after.ui.dialog!.lines.at(-1)!, /^Not taken: the paste has several lines, and this answer is one line/);
  assert.equal(after.effect, undefined);
  assert.equal(typeText(ui, 'logger one\r\n', { paste: true }).ui.dialog!.question!.field.value, 'echo logger one ', "one line with its own newline is taken");
});

test('a dialog: a letter picks a choice, a paste picks nothing; Esc cancels, and closes when done', () => {
  const asked = withDialog(initialUi(), dialogAsked(dialogOpened('Edit a.service'), { text: 'Restart it now? [y/N]', kind: 'choice', choices: ['yes', 'no'], fallback: 'no' }));
  assert.deepEqual(typeText(asked, 'y').effect, { kind: 'dialog-answer', answer: 'yes' });
  assert.equal(typeText(asked, 'yes', { paste: true }).effect, undefined);
  assert.equal(typeText(asked, 'z').effect, undefined);
  const cancel = runCommand(asked, 'dialog-cancel', ctx);
  assert.deepEqual(cancel.effect, { kind: 'dialog-cancel' });
  assert.equal(cancel.ui.dialog!.question, undefined);
  assert.equal(cancel.ui.dialog!.lines.at(-1), 'Cancelling…');
  const finished = withDialog(cancel.ui, dialogFinished(cancel.ui.dialog!, 'Cancelled. Nothing was changed.'));
  const closed = runCommand(finished, 'dialog-cancel', ctx).ui;
  assert.equal(closed.dialog, undefined);
  assert.equal(closed.mode, 'list');
});

test('a dialog scrolls up and back; the flow saying something brings the view back to the end', () => {
  let ui: UiState = withDialog(initialUi(), dialogOpened('t'));
  // A page keeps one row of the last for context; the scroll stops at the top.
  ui = runCommand(ui, 'dialog-page-up', { ...ctx, dialogPage: 6, dialogMaxUp: 20 }).ui;
  assert.equal(ui.dialog!.scrollUp, 5);
  ui = runCommand(ui, 'dialog-scroll-down', { ...ctx, dialogMaxUp: 20 }).ui;
  assert.equal(ui.dialog!.scrollUp, 4);
  assert.equal(runCommand(ui, 'dialog-top', { ...ctx, dialogMaxUp: 20 }).ui.dialog!.scrollUp, 20);
  ui = withDialog(ui, dialogSaid(ui.dialog!, 'more'));
  assert.equal(ui.dialog!.scrollUp, 0);
});

test('the dialog says what the flow changed; its last word is not said twice', () => {
  let d = dialogSaid(dialogOpened('x'), 'Nothing was changed.');
  d = dialogFinished(d, 'Nothing was changed.');
  assert.deepEqual(d.lines, ['Nothing was changed.']);
  assert.equal(dialogOutcome(dialogChanged(dialogOpened('x'), 'wrote /etc/x'), 'Edit a', true), 'Edit a: wrote /etc/x (then cancelled)');
});

test('action failures in words, with what to do next — never a D-Bus error name', () => {
  const say = (action: Parameters<typeof describeActionError>[0], dbusName: string | undefined, kind = 'dbus', message = 'x') => describeActionError(action, 'a.service', { kind, dbusName, message });
  assert.equal(say('reload', 'org.freedesktop.systemd1.JobTypeNotApplicable'), 'Reload a.service: a.service cannot reload (it has no ExecReload=); r restarts it instead');
  assert.equal(say('start', 'org.freedesktop.systemd1.UnitMasked'), 'Start a.service: a.service is masked; v reverts (unmasks) it');
  assert.equal(say('stop', 'org.freedesktop.systemd1.OnlyByDependency'), 'Stop a.service: a.service may not be stopped by hand (RefuseManualStop=yes); act on what requires it');
  assert.match(say('restart', undefined, 'timeout'), /^Restart a\.service: systemd did not answer in time; the job may still run/);
  assert.equal(say('stop', 'org.freedesktop.DBus.Error.AccessDenied', 'access-denied', 'StopUnit(a.service): access denied (Permission denied). Run as root, or allow it with a polkit rule.'), 'Stop a.service: access denied (Permission denied). Run as root, or allow it with a polkit rule.');
  assert.equal(say('start', 'org.example.Weird', 'dbus', 'StartUnit(a.service): Something odd (org.example.Weird)'), 'Start a.service: Something odd (org.example.Weird)');
});

test('the help screen scrolls with the same keys as everywhere: j/k, PgDn/PgUp, g/G, and stops at its ends', () => {
  const help = { ...initialUi(), mode: 'help' as const };
  const c = { ...ctx, helpMax: 30, helpPage: 10 };
  assert.equal(runCommand(help, 'last', c).ui.helpScroll, 30);
  assert.equal(runCommand(help, 'page-down', c).ui.helpScroll, 9);
  assert.equal(runCommand({ ...help, helpScroll: 30 }, 'move-down', c).ui.helpScroll, 30);
  assert.equal(runCommand({ ...help, helpScroll: 5 }, 'first', c).ui.helpScroll, 0);
  assert.equal(runCommand({ ...help, helpScroll: 5 }, 'page-up', c).ui.helpScroll, 0);
});

test('a message lasts until the next action: the filter\'s own message goes when the filter is cleared', () => {
  let ui = initialUi();
  ui = runCommand(ui, 'filter', ctx).ui;
  ui = typeText(ui, 'demo').ui;
  ui = runCommand(ui, 'filter-accept', ctx).ui;
  assert.equal(ui.status?.text, 'Filter: "demo"');
  ui = runCommand(ui, 'filter', ctx).ui;
  ui = runCommand(ui, 'filter-clear', ctx).ui;
  assert.equal(ui.status, undefined, 'no "Filter: demo" after clearing it');
});

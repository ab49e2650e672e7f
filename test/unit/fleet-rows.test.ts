// The fleet's one list (pure): rows of every host merged in the filter's order, identical
// situations folded as clush folds output, a fold split when one host differs, expanded on
// request; and what keys do on a fold and on a host's row (the host in the question and effect).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fleetRows, keyLabel, rowKey } from '../../src/core/model/fleetRows.js';
import { confirmPrompt, initialUi, runCommand, selectedIndex, type CommandContext } from '../../src/core/model/ui.js';
import { makeUnitRow, type UnitRow } from '../../src/core/model/unitRow.js';

const row = (name: string, active: string, extra: Partial<UnitRow> = {}): UnitRow => ({
  ...makeUnitRow({ name, description: 'd', loadState: 'loaded', activeState: active, subState: active === 'failed' ? 'failed' : 'running', unitFileState: 'enabled' }),
  ...extra,
});
const failed3 = () => row('nginx.service', 'failed', { lastExit: '3', stopReason: 'exit-code', result: 'exit-code' });

test('identical situations fold across hosts (web[1-3,7]); failed first across the fleet; hosts in order', () => {
  const perHost = ['web1', 'web2', 'web3', 'web4', 'web7'].map((host) => ({
    host,
    rows: [host === 'web4' ? row('nginx.service', 'active') : failed3(), row('sshd.service', 'active')],
  }));
  const out = fleetRows(perHost, { sort: 'failed-first' });
  assert.deepEqual(
    out.map((r) => [r.hostLabel, r.name, r.active]),
    [
      ['web[1-3,7]', 'nginx.service', 'failed'],
      ['web4', 'nginx.service', 'active'],
      ['web[1-4,7]', 'sshd.service', 'active'],
    ],
  );
  assert.deepEqual(out[0]!.hosts, ['web1', 'web2', 'web3', 'web7']);
  assert.equal(out[0]!.host, 'web1', "a fold's first host is the one its pane reads");
});

test('a fold splits by itself when one host differs, and expands into a row per host on request', () => {
  const hosts = ['web1', 'web2', 'web3'];
  const same = fleetRows(hosts.map((host) => ({ host, rows: [failed3()] })));
  assert.equal(same.length, 1);
  const split = fleetRows(hosts.map((host) => ({ host, rows: [host === 'web2' ? { ...failed3(), lastExit: '4' } : failed3()] })));
  assert.deepEqual(split.map((r) => [r.hostLabel, r.lastExit]), [['web[1,3]', '3'], ['web2', '4']]);
  const open = fleetRows(hosts.map((host) => ({ host, rows: [failed3()] })), { unfolded: ['nginx.service'] });
  assert.deepEqual(open.map((r) => r.hostLabel), hosts);
});

test('keys: a fold is never acted on as one unit; a host row names its host in the question and the effect', () => {
  const rows = fleetRows(['web1', 'web2', 'web3'].map((host) => ({ host, rows: [host === 'web3' ? row('nginx.service', 'active') : failed3()] })));
  const ctx: CommandContext = { rows, pageSize: 5, detailLines: 0, detailHeight: 0, fleet: true };
  let ui = initialUi();
  assert.equal(rowKey(rows[0]!), 'nginx.service\t*web1,web2');
  assert.equal(keyLabel(rowKey(rows[0]!)), 'nginx.service on web[1-2]');
  const refused = runCommand(ui, 'restart', ctx);
  assert.equal(refused.effect, undefined);
  assert.match(refused.ui.status!.text, /^nginx\.service is folded on web\[1-2\] \(the same on each\): z expands it/);
  ui = runCommand(ui, 'move-down', ctx).ui;
  assert.equal(ui.selected, 'nginx.service\tweb3');
  const asked = runCommand(ui, 'restart', ctx).ui;
  assert.equal(confirmPrompt(asked), 'Restart nginx.service on web3? (y = yes, n/Esc = no)');
  const yes = runCommand(asked, 'confirm-yes', ctx);
  assert.deepEqual(yes.effect, { kind: 'action', action: 'restart', unit: 'nginx.service', host: 'web3' });
  const start = runCommand(ui, 'kill', ctx).effect;
  assert.deepEqual(start, { kind: 'kill', unit: 'nginx.service', host: 'web3' });
});

test('the selection is the unit on its host: found inside a fold that formed, and in the piece of a fold that split', () => {
  const folded = fleetRows(['web1', 'web2'].map((host) => ({ host, rows: [failed3()] })));
  const ui = { ...initialUi(), selected: 'nginx.service\tweb2' };
  assert.equal(selectedIndex(ui, folded), 0, 'web2 is in the fold');
  const split = fleetRows(['web1', 'web2'].map((host) => ({ host, rows: [host === 'web1' ? { ...failed3(), lastExit: '4' } : failed3()] })));
  const onFold = { ...initialUi(), selected: 'nginx.service\t*web1,web2' };
  assert.equal(split[selectedIndex(onFold, split)]!.host, 'web1', "the fold's first host, not a neighbour");
  assert.equal(selectedIndex({ ...initialUi(), selected: 'other.service\tweb1' }, split), -1, 'a unit gone is nothing selected');
});

test('views: the hosts view only with several hosts; the timers view only with one', () => {
  const one: CommandContext = { rows: [], pageSize: 5, detailLines: 0, detailHeight: 0 };
  assert.match(runCommand(initialUi(), 'view-hosts', one).ui.status!.text, /is for several hosts/);
  const fleet = { ...one, fleet: true };
  assert.match(runCommand(initialUi(), 'view-timers', fleet).ui.status!.text, /shows one host at a time/);
  assert.equal(runCommand(initialUi(), 'view-hosts', fleet).ui.view, 'hosts');
});

test('the merged order is reused while no host changes membership, and redone when one does: the same rows as from scratch', () => {
  const hosts = ['web1', 'web2', 'web3'];
  const make = (failedOn: string) => hosts.map((host) => ({ host, rows: [row('a.service', 'active'), host === failedOn ? failed3() : row('nginx.service', 'active'), row('z.service', 'active')], membership: `m-${failedOn}-${host}` }));
  const last = {};
  const first = fleetRows(make('web2'), {}, last);
  // A row changes without moving (same membership): from the kept order, as from scratch.
  const changed = make('web2').map((h) => ({ ...h, rows: h.rows.map((r) => (r.name === 'z.service' && h.host === 'web3' ? { ...r, lastExit: '0' } : r)) }));
  assert.deepEqual(fleetRows(changed, {}, last).map((r) => [r.hostLabel, r.name, r.lastExit]), fleetRows(changed).map((r) => [r.hostLabel, r.name, r.lastExit]));
  assert.deepEqual(first.map((r) => r.name)[0], 'nginx.service', 'failed first');
  // web1 fails instead (membership moves): the order is redone.
  assert.deepEqual(fleetRows(make('web1'), {}, last).map((r) => [r.hostLabel, r.name]), fleetRows(make('web1')).map((r) => [r.hostLabel, r.name]));
});

test("the filter's text names hosts too: a host's name shows its units, @group an inventory group's hosts", async () => {
  const { fleetListRows } = await import('../../src/app/fleetLive.js');
  const { emptyUnits, applyListing } = await import('../../src/core/model/units.js');
  const host = (name: string, groups: string[]) => {
    const state = emptyUnits();
    applyListing(state, [
      { name: 'nginx.service', description: 'web server', loadState: 'loaded', activeState: 'active', subState: 'running' },
      { name: `${name}-only.service`, description: 'its own', loadState: 'loaded', activeState: 'active', subState: 'running' },
    ]);
    return { host: { name, destination: name, groups }, live: { state }, phase: 'live', attempts: 0 };
  };
  const fleet = { slots: [host('web1', ['web']), host('web2', ['web']), host('db1', ['db'])], lastOrder: {} } as unknown as Parameters<typeof fleetListRows>[0];
  const filter = { type: 'service', text: '', all: false, state: 'all', sort: 'name' } as const;
  const shown = (text: string) => fleetListRows(fleet, { ...filter, text }).map((r) => `${r.hostLabel} ${r.name}`);
  assert.deepEqual(shown('db1'), ['db1 db1-only.service', 'db1 nginx.service'], "a host's name: all its units");
  assert.deepEqual(shown('@web'), ['web[1-2] nginx.service', 'web1 web1-only.service', 'web2 web2-only.service'], 'a group: its hosts, folded');
  assert.deepEqual(shown('nginx'), ['db1,web[1-2] nginx.service'], "a unit's name still filters units (on every host: one fold)");
});

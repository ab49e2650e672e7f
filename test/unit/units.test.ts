// The live unit table: how D-Bus events change it (pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyJob, applyListing, applyProperties, applyUnitRemoved, applyUnitFiles,
  applyUnitLoaded, applyFacts, countStates, emptyUnits, unitsChangedSince, visibleRows, type RowFilter } from '../../src/core/model/units.js';

const basics = (name: string, activeState = 'active', subState = 'running', loadState = 'loaded') => ({ name, description: `${name} desc`, loadState, activeState, subState });
const all: RowFilter = { type: 'all', text: '', all: true };

test('a stop by request is told from the unit exiting on its own, live', () => {
  const s = emptyUnits();
  applyListing(s, [basics('a.service'), basics('b.service')]);
  // a: systemd stops it (stop-sigterm), then it exits 0 (a daemon that exits 0 on SIGTERM)
  applyProperties(s, 'a.service', { ActiveState: 'deactivating', SubState: 'stop-sigterm', InvocationID: '61316131613161316131613161316131' });
  applyProperties(s, 'a.service', { ActiveState: 'inactive', SubState: 'dead' });
  applyProperties(s, 'a.service', { Result: 'success', ExecMainCode: 1, ExecMainStatus: 0, ExecMainExitTimestamp: 5n });
  // b: exits 0 by itself
  applyProperties(s, 'b.service', { Result: 'success', ExecMainCode: 1, ExecMainStatus: 0, ExecMainExitTimestamp: 6n });
  applyProperties(s, 'b.service', { ActiveState: 'inactive', SubState: 'dead', InvocationID: '62316231623162316231623162316231' });
  const rows = visibleRows(s, all);
  assert.deepEqual(rows.map((r) => [r.name, r.lastExit, r.stopReason]), [
    ['a.service', '0/SUCCESS', 'stopped'],
    ['b.service', '0/SUCCESS', 'exited'],
  ]);
});

test('an outside kill -TERM (no stop job) is a signal, though Result is success', () => {
  const s = emptyUnits();
  applyListing(s, [basics('k.service')]);
  applyProperties(s, 'k.service', { Result: 'success', ExecMainCode: 2, ExecMainStatus: 15, ExecMainExitTimestamp: 9n, ActiveState: 'inactive', SubState: 'dead', InvocationID: '6b316b316b316b316b316b316b316b31' });
  assert.equal(visibleRows(s, all)[0]!.stopReason, 'signal');
  // a new run resets it
  applyProperties(s, 'k.service', { ActiveState: 'activating', SubState: 'start', ExecMainCode: 0, ExecMainExitTimestamp: 0n });
  assert.equal(visibleRows(s, all)[0]!.stopReason, '-');
});

test('a stop job also counts when no stop sub-state was seen', () => {
  const s = emptyUnits();
  applyListing(s, [basics('j.service')]);
  applyJob(s, 'j.service', 'restart');
  applyProperties(s, 'j.service', { ActiveState: 'inactive', SubState: 'dead', Result: 'success', ExecMainCode: 2, ExecMainStatus: 15, ExecMainExitTimestamp: 3n, InvocationID: '6a316a316a316a316a316a316a316a31' });
  assert.equal(visibleRows(s, all)[0]!.stopReason, 'stopped');
  assert.equal(visibleRows(s, all)[0]!.job, 'restart');
});

test('garbage collection: the row leaves the list; a unit file stays as one that is not loaded', () => {
  const s = emptyUnits();
  applyListing(s, [basics('g.service'), basics('t.service')]);
  applyProperties(s, 'g.service', { ActiveState: 'inactive', SubState: 'dead', Result: 'success', ExecMainCode: 1, ExecMainStatus: 0, ExecMainExitTimestamp: 2n, StateChangeTimestamp: 10n });
  const statusVersion = s.statusVersions.get('g.service');
  applyUnitRemoved(s, 'g.service', true);
  applyUnitRemoved(s, 't.service', false);
  assert.equal(s.units.has('t.service'), false, 'a transient unit is gone');
  assert.deepEqual(visibleRows(s, { ...all, all: false }).map((r) => r.name), [], 'systemd no longer lists them: neither does the list');
  const r = visibleRows(s, all)[0]!;
  assert.deepEqual([r.name, r.load, r.lastExit, r.stopReason], ['g.service', 'not-loaded', '?', 'unknown'], 'without history: not known, not "none"');
  assert.equal(s.statusVersions.get('g.service'), statusVersion, 'its status did not change: the detail pane does not re-read (and reload) it');
  // Loaded again (someone looked at it): its basics must be read again.
  assert.equal(applyUnitLoaded(s, 'g.service'), false);
});

test('filters: type, text in name or description, unloaded only with all, patterns', () => {
  const s = emptyUnits();
  applyListing(s, [basics('web.service'), basics('web.socket'), basics('db.service', 'inactive', 'dead'), { ...basics('x.service', 'inactive', 'dead', 'not-loaded') }]);
  const names = (f: Partial<RowFilter>) => visibleRows(s, { type: 'all', text: '', all: false, ...f }).map((r) => r.name);
  assert.deepEqual(names({ type: 'service' }), ['db.service', 'web.service']);
  assert.deepEqual(names({ type: 'socket' }), ['web.socket']);
  assert.deepEqual(names({ text: 'DB.SERVICE DESC' }), ['db.service']);
  assert.deepEqual(names({ all: true, type: 'service' }), ['db.service', 'web.service', 'x.service']);
  assert.deepEqual(names({ patterns: [/^web\./] }), ['web.service', 'web.socket']);
  assert.deepEqual(countStates(s), { running: 2, failed: 0, inactive: 1 });
});

test('unchanged units keep the same row object (cheap re-renders)', () => {
  const s = emptyUnits();
  applyListing(s, [basics('a.service'), basics('b.service')]);
  const [a1, b1] = visibleRows(s, all);
  applyProperties(s, 'b.service', { SubState: 'reload' });
  const [a2, b2] = visibleRows(s, all);
  assert.equal(a1, a2);
  assert.notEqual(b1, b2);
});

test('a stop seen earlier does not mark the next run of a simple service (dead → running)', () => {
  const s = emptyUnits();
  applyListing(s, [basics('r.service')]);
  applyProperties(s, 'r.service', { ActiveState: 'deactivating', SubState: 'stop-sigterm', InvocationID: '72317231723172317231723172317231', Result: 'success' });
  applyProperties(s, 'r.service', { ActiveState: 'inactive', SubState: 'dead', ExecMainCode: 2, ExecMainStatus: 15, ExecMainExitTimestamp: 1n });
  assert.equal(visibleRows(s, all)[0]!.stopReason, 'stopped');
  applyProperties(s, 'r.service', { ActiveState: 'active', SubState: 'running', ExecMainCode: 0, ExecMainExitTimestamp: 0n, InvocationID: '72327232723272327232723272327232' });
  applyProperties(s, 'r.service', { ActiveState: 'inactive', SubState: 'dead', ExecMainCode: 2, ExecMainStatus: 15, ExecMainExitTimestamp: 2n });
  assert.equal(visibleRows(s, all)[0]!.stopReason, 'signal');
});

test('the list follows changes that move units in or out of a filter (the match is cached)', () => {
  const s = emptyUnits();
  applyListing(s, [basics('a.service'), basics('b.service'), basics('gone.service', 'active', 'running', 'not-found')]);
  const byText: RowFilter = { type: 'all', text: 'web', all: false };
  const visible = (f: RowFilter) => visibleRows(s, f).map((r) => r.name);
  assert.deepEqual(visible(byText), []);
  applyProperties(s, 'b.service', { Description: 'The web server' });
  assert.deepEqual(visible(byText), ['b.service']);
  assert.deepEqual(visible({ ...byText, text: '' }), ['a.service', 'b.service', 'gone.service']);
  // A not-found unit is shown while active, hidden once inactive (unless all).
  applyProperties(s, 'gone.service', { ActiveState: 'inactive', SubState: 'dead' });
  assert.deepEqual(visible({ ...byText, text: '' }), ['a.service', 'b.service']);
  // A state change keeps the same list but shows the new state.
  applyProperties(s, 'a.service', { ActiveState: 'failed', SubState: 'failed' });
  assert.equal(visibleRows(s, { ...byText, text: '' })[0]!.active, 'failed');
});

test('unit files arriving after the listing change enablement only: a start seen since is kept', () => {
  const s = emptyUnits();
  applyListing(s, [basics('a.service', 'inactive', 'dead')]);
  // Signals after the listing: a starts, and b (loaded meanwhile) starts too.
  applyProperties(s, 'a.service', { ActiveState: 'active', SubState: 'running' });
  applyListing(s, [basics('a.service', 'active', 'running'), basics('b.service')]);
  applyUnitFiles(s, [
    { name: 'a.service', state: 'enabled' },
    { name: 'b.service', state: 'static' },
    { name: 'c.service', state: 'disabled' },
    { name: 'm.service', state: 'masked' },
    { name: 'tpl@.service', state: 'static' },
  ]);
  assert.deepEqual(
    visibleRows(s, all).map((r) => [r.name, r.active, r.sub, r.load, r.unitFileState]),
    [
      ['a.service', 'active', 'running', 'loaded', 'enabled'],
      ['b.service', 'active', 'running', 'loaded', 'static'],
      ['c.service', 'inactive', 'dead', 'not-loaded', 'disabled'],
      ['m.service', 'inactive', 'dead', 'masked', 'masked'],
    ],
  );
  // c's file is deleted: it is no longer a unit.
  applyUnitFiles(s, [{ name: 'a.service', state: 'enabled' }, { name: 'b.service', state: 'static' }]);
  assert.deepEqual(visibleRows(s, all).map((r) => r.name), ['a.service', 'b.service']);
});

test('state filters and orders follow live changes: failed first, by SINCE, by LAST EXIT', () => {
  const s = emptyUnits();
  applyListing(s, [basics('a.service'), basics('b.service', 'failed', 'failed'), basics('c.service', 'inactive', 'dead'), basics('d.service', 'activating', 'start')]);
  const names = (f: Partial<RowFilter>) => visibleRows(s, { ...all, all: false, ...f }).map((r) => r.name);
  assert.deepEqual(names({}), ['a.service', 'b.service', 'c.service', 'd.service'], 'by name when no order is given');
  assert.deepEqual(names({ sort: 'failed-first' }), ['b.service', 'a.service', 'c.service', 'd.service']);
  assert.deepEqual(names({ state: 'failed' }), ['b.service']);
  assert.deepEqual(names({ state: 'active' }), ['a.service', 'd.service'], 'activating counts as active');
  assert.deepEqual(names({ state: 'inactive' }), ['c.service']);
  // A unit that fails moves to the top, and into the failed filter, at once (the match is cached).
  applyProperties(s, 'd.service', { ActiveState: 'failed', SubState: 'failed' });
  assert.deepEqual(names({ sort: 'failed-first' }), ['b.service', 'd.service', 'a.service', 'c.service']);
  assert.deepEqual(names({ state: 'failed' }), ['b.service', 'd.service']);
  assert.deepEqual(names({ state: 'active' }), ['a.service']);
  // SINCE: the newest change first, unknown last; it follows each change.
  applyProperties(s, 'a.service', { StateChangeTimestamp: 300n });
  applyProperties(s, 'c.service', { StateChangeTimestamp: 100n });
  assert.deepEqual(names({ sort: 'since' }).slice(0, 2), ['a.service', 'c.service']);
  applyProperties(s, 'c.service', { StateChangeTimestamp: 500n });
  assert.deepEqual(names({ sort: 'since' }).slice(0, 2), ['c.service', 'a.service']);
  // LAST EXIT: runs that did not end in success first, then clean ones, then none.
  applyFacts(s, 'a.service', { InvocationID: 'aa'.repeat(16), Result: 'success', ExecMainCode: 1, ExecMainStatus: 0, ExecMainExitTimestamp: 1n });
  applyFacts(s, 'b.service', { InvocationID: 'bb'.repeat(16), Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 3, ExecMainExitTimestamp: 1n });
  applyFacts(s, 'c.service', { InvocationID: 'cc'.repeat(16) });
  applyFacts(s, 'd.service', { InvocationID: '', Result: 'success' });
  assert.deepEqual(names({ sort: 'last-exit' })[0], 'b.service');
  assert.deepEqual(names({ sort: 'last-exit' }).at(-1), 'd.service');
});

test('a burst is counted in units: one unit changed five times is one', () => {
  const s = emptyUnits();
  applyListing(s, [basics('a.service'), basics('b.service')]);
  const v = s.version;
  applyProperties(s, 'a.service', { ActiveState: 'deactivating', SubState: 'stop-sigterm' });
  applyProperties(s, 'a.service', { ActiveState: 'inactive', SubState: 'dead' });
  applyJob(s, 'a.service', 'stop');
  applyJob(s, 'a.service', undefined);
  assert.equal(unitsChangedSince(s, v), 1);
  applyProperties(s, 'b.service', { SubState: 'reload' });
  assert.equal(unitsChangedSince(s, v), 2);
  assert.equal(unitsChangedSince(s, s.version), 0);
});

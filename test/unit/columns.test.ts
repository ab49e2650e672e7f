import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitCell, layoutColumns, stateCell } from '../../src/core/model/columns.js';
import { makeUnitRow } from '../../src/core/model/unitRow.js';

const now = 1_000_000_000_000_000n;
const rows = [
  makeUnitRow({ name: 'demo-coredump.service', description: 'Crashes with a core dump', loadState: 'loaded', activeState: 'failed', subState: 'failed' }, { Result: 'core-dump', ExecMainCode: 3, ExecMainStatus: 11, StateChangeTimestamp: now - 5_000_000n }),
  makeUnitRow({ name: 'demo-flaky.service', description: 'Flaky', loadState: 'loaded', activeState: 'activating', subState: 'auto-restart' }, { Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 3 }),
];
const keys = (w: number) => layoutColumns(w, rows).map((c) => c.key);
const total = (w: number) => layoutColumns(w, rows).reduce((n, c) => n + c.width + 1, 0) - 1;

test('at 120 and 80 columns every column fits, the description taking the rest', () => {
  assert.deepEqual(keys(120), ['name', 'state', 'lastExit', 'reason', 'since', 'description']);
  // At 80 the description goes before any column is squeezed (the name stays whole).
  assert.deepEqual(keys(79), ['name', 'state', 'lastExit', 'reason', 'since']);
  assert.ok(total(120) <= 120);
  assert.ok(total(79) <= 79);
});

test('widths come from the words a column holds: a unit going into auto-restart moves nothing', () => {
  const steady = [makeUnitRow({ name: 'web.service', description: 'Web', loadState: 'loaded', activeState: 'active', subState: 'running' }, {}), rows[0]!];
  const restarting = [makeUnitRow({ name: 'web.service', description: 'Web', loadState: 'loaded', activeState: 'activating', subState: 'auto-restart' }, {}), rows[0]!];
  for (const w of [60, 79, 120, 160]) assert.deepEqual(layoutColumns(w, restarting), layoutColumns(w, steady), `at ${w}`);
});

test('at 80 columns the unit name keeps priority: names up to 30 cells are whole', () => {
  const long = [makeUnitRow({ name: 'systemd-networkd-wait-online.service', description: 'x', loadState: 'loaded', activeState: 'active', subState: 'exited' }, {})];
  assert.ok(layoutColumns(79, rows).find((c) => c.key === 'name')!.width >= 'demo-coredump.service'.length);
  assert.ok(layoutColumns(79, long).find((c) => c.key === 'name')!.width >= 30);
});

test('without room for a description, the free cells go to the stop reason first: start-limit-hit whole', () => {
  const cols = layoutColumns(79, rows);
  const reason = cols.find((c) => c.key === 'reason')!;
  assert.ok(reason.width >= 'start-limit-hit'.length, `STOP REASON ${reason.width} wide at 79 columns`);
  assert.ok(total(79) <= 79);
  assert.ok(79 - total(79) <= 2, "no cells left unused (but the line's last)");
});

test('narrow terminals drop columns in order; the unit name never disappears', () => {
  assert.deepEqual(keys(50), ['name', 'state', 'lastExit', 'reason']);
  assert.equal(layoutColumns(50, rows).find((c) => c.key === 'state')?.width, 10);
  assert.deepEqual(keys(39), ['name', 'state', 'reason']);
  assert.deepEqual(keys(20), ['name']);
  assert.deepEqual(keys(5), ['name']);
  for (const w of [5, 20, 39, 50, 60, 79, 120]) assert.ok(total(w) <= w, `fits in ${w}`);
});

test('the state cell: a running job; in a compact column, the part that is the news', () => {
  assert.equal(stateCell(rows[1]!), 'activating (auto-restart)');
  assert.equal(stateCell(rows[1]!, true), 'auto-restart');
  assert.equal(stateCell({ ...rows[1]!, active: 'deactivating', sub: 'stop-sigterm' }, true), 'stop-sigterm');
  assert.equal(stateCell({ ...rows[1]!, active: 'active', sub: 'running' }, true), 'active (running)');
  assert.equal(stateCell({ ...rows[1]!, active: 'inactive', sub: 'dead' }, true), 'inactive (dead)');
  assert.equal(stateCell({ ...rows[1]!, active: 'active', sub: 'running' }, 10), 'active');
  assert.equal(stateCell({ ...rows[1]!, job: 'stop' }), 'stopping…');
});

test('cells are padded or cut in terminal cells, with an ellipsis', () => {
  assert.equal(fitCell('abc', 5), 'abc  ');
  assert.equal(fitCell('abcdef', 4), 'abc…');
  assert.equal(fitCell('日本語', 5), '日本…');
  assert.equal(fitCell('日本', 5), '日本 ');
});

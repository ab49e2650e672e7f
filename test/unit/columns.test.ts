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
  assert.deepEqual(keys(79), ['name', 'state', 'lastExit', 'reason', 'since']);
  assert.ok(total(120) <= 120);
  assert.ok(total(79) <= 79);
});

test('narrow terminals drop columns in order; the unit name never disappears', () => {
  assert.deepEqual(keys(39), ['name', 'state', 'reason']);
  assert.equal(layoutColumns(39, rows).find((c) => c.key === 'state')?.short, true);
  assert.deepEqual(keys(20), ['name']);
  assert.deepEqual(keys(5), ['name']);
  for (const w of [5, 20, 39, 50, 60, 79, 120]) assert.ok(total(w) <= w, `fits in ${w}`);
});

test('the state cell shows a running job, or the short state when narrow', () => {
  assert.equal(stateCell(rows[1]!), 'activating (auto-restart)');
  assert.equal(stateCell(rows[1]!, true), 'activating');
  assert.equal(stateCell({ ...rows[1]!, job: 'stop' }), 'stopping…');
});

test('cells are padded or cut with an ellipsis', () => {
  assert.equal(fitCell('abc', 5), 'abc  ');
  assert.equal(fitCell('abcdef', 4), 'abc…');
});

// Timers and sockets as systemctl computes and orders them, the views' keys, and the detail pane's search (pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextElapse, socketRows, timerRows, USEC_INFINITY } from '../../src/core/model/timers.js';
import { initialUi, runCommand, typeText, type CommandContext } from '../../src/core/model/ui.js';
import { resolveCommand } from '../../src/core/keymap.js';
import { makeUnitRow } from '../../src/core/model/unitRow.js';

const S = 1_000_000n;
const now = { realtimeUs: 1_800_000_000n * S, monotonicUs: 5_000n * S };

test('NEXT: a monotonic trigger converted with the clocks read now; the earlier of it and the calendar one', () => {
  assert.equal(nextElapse(now, { nextMonotonicUs: 5_060n * S }), now.realtimeUs + 60n * S);
  // already due (monotonic behind now): in the past, as systemctl shows it
  assert.equal(nextElapse(now, { nextMonotonicUs: 4_990n * S }), now.realtimeUs - 10n * S);
  assert.equal(nextElapse(now, { nextRealtimeUs: now.realtimeUs + 3600n * S, nextMonotonicUs: 0n }), now.realtimeUs + 3600n * S);
  assert.equal(nextElapse(now, { nextRealtimeUs: now.realtimeUs + 3600n * S, nextMonotonicUs: 5_060n * S }), now.realtimeUs + 60n * S);
  assert.equal(nextElapse(now, { nextRealtimeUs: now.realtimeUs + 30n * S, nextMonotonicUs: 5_060n * S }), now.realtimeUs + 30n * S);
  // unset is 0 or USEC_INFINITY on either clock
  assert.equal(nextElapse(now, { nextRealtimeUs: USEC_INFINITY, nextMonotonicUs: USEC_INFINITY }), USEC_INFINITY);
  assert.equal(nextElapse(now, { nextRealtimeUs: 0n, nextMonotonicUs: 0n }), USEC_INFINITY);
  // After a suspend the monotonic clock lags the wall clock by the time asleep; converting with
  // the clocks read now puts NEXT where it will really be (the raw value alone would not).
  const afterSleep = { realtimeUs: now.realtimeUs + 7200n * S, monotonicUs: now.monotonicUs };
  assert.equal(nextElapse(afterSleep, { nextMonotonicUs: 5_060n * S }), afterSleep.realtimeUs + 60n * S);
});

test('timers in systemctl\'s order: the next to elapse first, then by name; none last', () => {
  const rows = timerRows(
    [
      { unit: 'c.timer', nextRealtimeUs: USEC_INFINITY, nextMonotonicUs: 0n, triggers: ['c.service'] },
      { unit: 'b.timer', nextMonotonicUs: 5_100n * S, triggers: ['b.service'] },
      { unit: 'a.timer', nextMonotonicUs: 5_100n * S, lastTriggerUs: 3n * S, triggers: ['x.service'] },
      { unit: 'd.timer', nextRealtimeUs: now.realtimeUs + 10n * S, triggers: [] },
    ],
    now,
  );
  assert.deepEqual(rows.map((r) => r.unit), ['d.timer', 'a.timer', 'b.timer', 'c.timer']);
  assert.equal(rows[1]!.lastUs, 3n * S);
  assert.equal(rows[3]!.nextUs, USEC_INFINITY);
});

test('sockets: a row per listening address, by address then type', () => {
  const rows = socketRows([
    { unit: 'b.socket', listen: [['Stream', '/run/b'], ['Datagram', '/run/a']], triggers: ['b.service'] },
    { unit: 'a.socket', listen: [['Stream', '/run/a']], triggers: ['a.service'] },
  ]);
  assert.deepEqual(rows.map((r) => `${r.listen} ${r.type} ${r.unit}`), ['/run/a Datagram b.socket', '/run/a Stream a.socket', '/run/b Stream b.socket']);
});

test('views: 2 and 3 switch, 1 comes back; ! starts what the selected timer activates, after asking', () => {
  const timer = makeUnitRow({ name: 'n.timer', description: '', loadState: 'loaded', activeState: 'active', subState: 'waiting' });
  const ctx: CommandContext = { rows: [timer], pageSize: 10, detailLines: 0, detailHeight: 5, activates: ['job.service'] };
  assert.match(runCommand(initialUi(), 'run-now', ctx).ui.status!.text, /press 2 for the timers/);
  let ui = runCommand(initialUi(), 'view-timers', ctx).ui;
  assert.equal(ui.view, 'timers');
  ui = runCommand(ui, 'run-now', ctx).ui;
  assert.deepEqual([ui.mode, ui.confirm], ['confirm', { action: 'start', unit: 'job.service' }]);
  const yes = runCommand(ui, 'confirm-yes', ctx);
  assert.deepEqual(yes.effect, { kind: 'action', action: 'start', unit: 'job.service' });
  assert.match(runCommand(runCommand(initialUi(), 'view-timers', ctx).ui, 'run-now', { ...ctx, activates: [] }).ui.status!.text, /activates no unit/);
  assert.equal(runCommand(runCommand(ui, 'view-sockets', ctx).ui, 'view-units', ctx).ui.view, 'units');
});

test('the detail pane\'s search: / finds from here, n and N go on (wrapping), Esc cancels', () => {
  const detailTexts = ['● a.service', 'Active: failed', 'x oops one', 'y fine', 'z OOPS two', 'end'];
  const ctx: CommandContext = { rows: [], pageSize: 10, detailLines: detailTexts.length, detailHeight: 2, detailTexts };
  let ui = runCommand(initialUi(), 'focus-next', ctx).ui;
  ui = runCommand(ui, 'search', ctx).ui;
  assert.equal(ui.mode, 'search');
  ui = typeText(ui, 'oops').ui;
  ui = runCommand(ui, 'search-accept', ctx).ui;
  assert.deepEqual([ui.mode, ui.detailScroll, ui.status?.text], ['detail', 2, '"oops": match 1 of 2, line 3']);
  ui = runCommand(ui, 'search-next', ctx).ui;
  assert.equal(ui.detailScroll, 4);
  ui = runCommand(ui, 'search-next', ctx).ui;
  assert.deepEqual([ui.detailScroll, ui.status?.text], [2, '"oops": match 1 of 2, line 3 (wrapped)']);
  ui = runCommand(ui, 'search-previous', ctx).ui;
  assert.equal(ui.detailScroll, 4);
  // y in the pane copies the match's line; in the list, the unit's name.
  assert.deepEqual(runCommand(ui, 'copy', ctx).effect, { kind: 'copy', text: 'z OOPS two' });
  assert.match(runCommand(typeText(runCommand(ui, 'search', ctx).ui, 'nothing').ui, 'search-accept', ctx).ui.status!.text, /Not found/);
  const cancelled = runCommand(runCommand(ui, 'search', ctx).ui, 'search-cancel', ctx).ui;
  assert.deepEqual([cancelled.mode, cancelled.detailScroll], ['detail', 4]);
  // In the pane n and N search; in the list n only answers questions (+ and - enable and disable).
  assert.equal(resolveCommand('detail', 'n'), 'search-next');
  assert.equal(resolveCommand('list', 'n'), 'nothing-asked');
  assert.equal(resolveCommand('list', '+'), 'enable');
});

test('the timers view gives up detail to fit: shorter times, then LAST, then NEXT (LEFT and PASSED stay)', async () => {
  const { timersTable } = await import('../../src/core/model/views.js');
  const { applyListing, emptyUnits } = await import('../../src/core/model/units.js');
  const state = emptyUnits();
  applyListing(state, [{ name: 'backup.timer', description: '', loadState: 'loaded', activeState: 'active', subState: 'waiting' }]);
  const nowUs = now.realtimeUs;
  const facts = { clock: now, sockets: [], timers: [{ unit: 'backup.timer', nextMonotonicUs: now.monotonicUs + 60n * S, lastTriggerUs: nowUs - 3600n * S, triggers: ['backup.service'] }] };
  const at = (width: number) => timersTable(state, { type: 'all', text: '', all: false }, facts, nowUs, width);
  assert.deepEqual(at(200).headers, ['UNIT', 'NEXT', 'LEFT', 'LAST', 'PASSED', 'ACTIVATES', 'LAST EXIT', 'STOP REASON']);
  assert.match(at(200).cells[0]![1]!.text, /^\w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \w+$/);
  assert.match(at(110).cells[0]![1]!.text, /^(\d\d:\d\d:\d\d|\d\d-\d\d \d\d:\d\d:\d\d)$/);
  assert.deepEqual(at(90).headers, ['UNIT', 'NEXT', 'LEFT', 'PASSED', 'ACTIVATES', 'LAST EXIT', 'STOP REASON']);
  assert.deepEqual(at(60).headers, ['UNIT', 'LEFT', 'PASSED', 'ACTIVATES', 'LAST EXIT', 'STOP REASON']);
});

test("a remote host's CLOCK_MONOTONIC: the kernel's plus its time namespace's offset; /proc/uptime without timer_list", async () => {
  const { parseRemoteClock } = await import('../../src/host/ssh/sshHost.js');
  const out = '1796669655431469123\nnow at 3376726119378 nsecs\n89776.71 3485.95\nmonotonic      259200         0\nboottime       259200         0\n';
  assert.deepEqual(parseRemoteClock(out, 0n), { realtimeUs: 1796669655431469n, monotonicUs: 3376726119n + 259200_000_000n });
  assert.deepEqual(parseRemoteClock('1796669655431469123\n89776.71 3485.95\n', 0n), { realtimeUs: 1796669655431469n, monotonicUs: 89776_710_000n });
  assert.deepEqual(parseRemoteClock('1796669655431469123\nnow at 1000000 nsecs\n1.00 1.00\n', 0n).monotonicUs, 1000n);
});

test("a masked socket or timer has nothing to read: '-', never a '…' that stays", async () => {
  const { socketsTable, timersTable } = await import('../../src/core/model/views.js');
  const { applyListing, emptyUnits } = await import('../../src/core/model/units.js');
  const state = emptyUnits();
  applyListing(state, [
    { name: 'old.socket', description: '', loadState: 'masked', activeState: 'inactive', subState: 'dead' },
    { name: 'new.socket', description: '', loadState: 'loaded', activeState: 'active', subState: 'listening' },
    { name: 'old.timer', description: '', loadState: 'masked', activeState: 'inactive', subState: 'dead' },
  ]);
  const f = { type: 'all' as const, text: '', all: true };
  const facts = { clock: now, sockets: [], timers: [] };
  const sockets = socketsTable(state, f, facts);
  const activates = (name: string) => sockets.cells[sockets.rows.findIndex((r) => r.name === name)]![2]!.text;
  assert.equal(activates('old.socket'), '-');
  // Loaded, but not read yet: still being read.
  assert.equal(activates('new.socket'), '…');
  const timers = timersTable(state, f, facts, now.realtimeUs);
  assert.equal(timers.cells[timers.rows.findIndex((r) => r.name === 'old.timer')]![1]!.text, '-');
});

test('the sockets view, narrow: the activated unit\'s columns go before LISTEN is cut', async () => {
  const { socketsTable } = await import('../../src/core/model/views.js');
  const { applyListing, emptyUnits } = await import('../../src/core/model/units.js');
  const state = emptyUnits();
  applyListing(state, [
    { name: 'dbus.socket', description: '', loadState: 'loaded', activeState: 'active', subState: 'running' },
    { name: 'dbus.service', description: '', loadState: 'loaded', activeState: 'active', subState: 'running' },
  ]);
  const f = { type: 'all' as const, text: '', all: true };
  const facts = { clock: now, timers: [], sockets: [{ unit: 'dbus.socket', listen: [['Stream', '/run/dbus/system_bus_socket']] as [string, string][], triggers: ['dbus.service'] }] };
  const at = (w: number) => socketsTable(state, f, facts, w);
  assert.deepEqual(at(200).headers, ['UNIT', 'STATE', 'ACTIVATES', 'ITS STATE', 'STOP REASON', 'LISTEN']);
  for (const w of [80, 70, 60]) {
    const t = at(w);
    assert.equal(t.headers.at(-1), 'LISTEN', `at ${w}`);
    assert.equal(t.cells[0]!.at(-1)!.text, '/run/dbus/system_bus_socket', `at ${w}`);
  }
  assert.deepEqual(at(60).headers, ['UNIT', 'STATE', 'LISTEN']);
});

// Presentational components at 80x24 and 40x12, from fixed data.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { Box } from 'ink';
import { layoutColumns } from '../../src/core/model/columns.js';
import { buildStatusView } from '../../src/core/model/statusView.js';
import { initialUi } from '../../src/core/model/ui.js';
import { makeUnitRow } from '../../src/core/model/unitRow.js';
import { DetailPane } from '../../src/tui/DetailPane.js';
import { Footer } from '../../src/tui/Footer.js';
import { BINDINGS } from '../../src/core/keymap.js';
import { HelpScreen, helpLines } from '../../src/tui/HelpScreen.js';
import { headerLine } from '../../src/tui/Header.js';
import { StatusBar, statusBarRows } from '../../src/tui/StatusBar.js';
import { UnitList } from '../../src/tui/UnitList.js';
import { lines, renderAt, type Harness } from './harness.js';

const NOW = BigInt(Date.UTC(2026, 10, 22, 12, 0, 0)) * 1000n;
const rows = [
  makeUnitRow({ name: 'demo-badexec.service', description: 'Cannot execute its binary', loadState: 'loaded', activeState: 'failed', subState: 'failed' }, { Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 203, StateChangeTimestamp: NOW - 5_000_000n, InvocationID: '0a'.repeat(16) }),
  makeUnitRow({ name: 'demo-coredump.service', description: 'Crashes with a core dump', loadState: 'loaded', activeState: 'failed', subState: 'failed' }, { Result: 'core-dump', ExecMainCode: 3, ExecMainStatus: 11, StateChangeTimestamp: NOW - 65_000_000n, InvocationID: '0b'.repeat(16) }),
  makeUnitRow({ name: 'demo-healthy.service', description: 'Healthy long runner', loadState: 'loaded', activeState: 'active', subState: 'running' }, { StateChangeTimestamp: NOW - 7_200_000_000n, InvocationID: '0c'.repeat(16), Result: 'success', ExecMainCode: 0 }),
];

let h: Harness | undefined;
afterEach(() => h?.unmount());

function list(columns: number, height: number, selected = 1) {
  return <UnitList rows={rows} columns={layoutColumns(columns - 1, rows)} selected={selected} height={height} focused nowUs={NOW} />;
}

test('the unit list at 80 columns: every column but the description (its room to the stop reason, then the state), the selection marked', () => {
  h = renderAt(list(80, 4), { columns: 80, rows: 24 });
  assert.deepEqual(lines(h.lastFrame()), [
    ' UNIT                  STATE             LAST EXIT      STOP REASON      SINCE',
    ' demo-badexec.service  failed            203/EXEC       exit-code        5s',
    '>demo-coredump.service failed            SIGSEGV (core) core-dump        1min',
    ' demo-healthy.service  active (running)  -              -                2h',
  ]);
  h.unmount();
  h = renderAt(list(120, 2, 0), { columns: 120, rows: 24 });
  // Roomy at 120: every state and reason fits whole, so the columns never move.
  assert.deepEqual(lines(h.lastFrame()), [
    ' UNIT                  STATE                     LAST EXIT      STOP REASON      SINCE DESCRIPTION',
    '>demo-badexec.service  failed                    203/EXEC       exit-code        5s    Cannot execute its binary',
  ]);
});

test('the unit list at 40 columns keeps the name, the state and the stop reason', () => {
  h = renderAt(list(40, 4, 0), { columns: 40, rows: 12 });
  assert.deepEqual(lines(h.lastFrame()), [
    ' UNIT             STATE      STOP REASON',
    '>demo-badexec.se… failed     exit-code',
    ' demo-coredump.s… failed     core-dump',
    ' demo-healthy.se… active     -',
  ]);
});

test('the list scrolls to keep the selection visible', () => {
  h = renderAt(list(80, 3, 2), { columns: 80, rows: 24 });
  const shown = lines(h.lastFrame());
  assert.equal(shown.length, 3);
  assert.match(shown[2]!, /^>demo-healthy\.service/);
});

test('the detail pane shows the status view, scrolled', () => {
  const status = buildStatusView({
    props: { Id: 'demo-badexec.service', Description: 'Cannot execute', LoadState: 'loaded', ActiveState: 'failed', SubState: 'failed', Result: 'exit-code', ExecMainPID: 5, ExecMainCode: 1, ExecMainStatus: 203 },
    nowUs: NOW,
    nowMonotonicUs: 0n,
    journal: ['Nov 22 12:00:00 vm systemd[1]: demo-badexec.service: Failed with result \'exit-code\'.'],
  });
  h = renderAt(<DetailPane lines={status} height={3} scroll={0} />, { columns: 80, rows: 24 });
  assert.deepEqual(lines(h.lastFrame()), ['× demo-badexec.service - Cannot execute', '     Loaded: loaded', '     Active: failed (Result: exit-code)']);
  h.unmount();
  h = renderAt(<DetailPane lines={status} height={3} scroll={3} />, { columns: 40, rows: 12 });
  assert.deepEqual(lines(h.lastFrame()), ['   Main PID: 5 (code=exited, status=203…', '', 'Nov 22 12:00:00 vm systemd[1]: demo-bad…']);
});

test('the confirmation question names the unit; the footer shows y/n', () => {
  const ui = { ...initialUi(), mode: 'confirm' as const, confirm: { action: 'stop' as const, unit: 'demo-healthy.service' } };
  h = renderAt(
    <Box flexDirection="column">
      <StatusBar rows={statusBarRows(ui, undefined, 80)} />
      <Footer mode="confirm" />
    </Box>,
    { columns: 80, rows: 24 },
  );
  assert.deepEqual(lines(h.lastFrame()), ['Stop demo-healthy.service? (y = yes, n/Esc = no)', 'y yes  n no']);
});

test('a long message wraps at spaces over up to three rows, never cut mid-word at 80 columns', () => {
  const text = "Stop x-run.service needs authentication, but polkit's text agent could not ask for a password: Cannot determine user of subject. Run svctui as root (sudo), or allow it with a polkit rule.";
  const ui = { ...initialUi(), status: { text, tone: 'error' as const } };
  const rows = statusBarRows(ui, undefined, 80);
  assert.equal(rows.length, 3);
  h = renderAt(<StatusBar rows={rows} />, { columns: 80, rows: 24 });
  const shown = lines(h.lastFrame());
  assert.equal(shown.length, 3);
  for (const l of shown) assert.ok(l.length <= 80, l);
  assert.equal(shown.join(' ').replace(/\s+/g, ' '), text);
  // Longer than three rows: the third ends with an ellipsis.
  const longer = statusBarRows({ ...ui, status: { text: `${text} ${text}`, tone: 'error' } }, undefined, 80);
  assert.equal(longer.length, 3);
  assert.equal(longer[2]!.at(-1)!.text, '…');
});

test('the help screen lists every binding, and scrolls', () => {
  const all = helpLines(undefined, 100).length;
  h = renderAt(<HelpScreen height={all} scroll={0} width={100} />, { columns: 100, rows: all + 2 });
  const frame = h.lastFrame();
  for (const expected of ['j / ↓', 'Stop the selected unit (asks first)', 'Switch between the system and the user manager', 'Enter', 'Confirm', 'Close the help screen']) {
    assert.ok(frame.includes(expected), `help shows "${expected}"`);
  }
  h.unmount();
  h = renderAt(<HelpScreen height={8} scroll={2} width={40} />, { columns: 40, rows: 12 });
  const small = lines(h.lastFrame());
  assert.equal(small.length, 8);
  assert.equal(small[0], 'Unit list');
});

test('help lines wrap at the screen\'s width, never cut: each description whole, below its key', () => {
  const width = 60;
  const shown = helpLines(undefined, width).map((l) => l.map((s) => s.text).join(''));
  assert.ok(shown.every((l) => l.length <= width), 'every line within the width');
  const text = shown.join(' ').replace(/\s+/g, ' ');
  for (const b of BINDINGS.filter((x) => x.description.length > 40)) assert.ok(text.includes(b.description.replace(/\s+/g, ' ')), `"${b.description}" whole`);
});

test('the header never hides the failed count: at 60 and 40 columns it says less, not less of it', () => {
  const p = { manager: 'demo (user manager)', host: 'a-long-host-name.example.com', version: '252', connection: 'connected' as const, counts: { failed: 3, running: 26, inactive: 7 }, filter: initialUi().filter, loading: false, authorization: 'password' as const };
  const text = (w: number) => headerLine(p, w).map((s) => s.text).join('');
  assert.equal(text(200), 'svctui · demo (user manager) on a-long-host-name.example.com · live · 3 failed 26 running 7 inactive · services · actions ask for a password · systemd 252');
  for (const w of [100, 80, 60]) assert.ok(text(w).length <= w, `fits in ${w}: ${text(w)}`);
  // The barest line is cut at the end by the terminal, after the failed count.
  for (const w of [100, 80, 60, 40, 30]) assert.match(text(w).slice(0, w), /3 failed/, `the failed count at ${w}`);
  assert.equal(text(40), 'demo (user) · live · 3 failed · services · password');
});

test('the list ages with the clock: a young row steps each second, an old one keeps its minute', async () => {
  // Real time: the row started 1.5 s ago (its age reads 1s, then 2s, 3s, …); another two hours ago.
  const now = BigInt(Date.now()) * 1000n;
  const live = [
    makeUnitRow({ name: 'young.service', description: 'Just started', loadState: 'loaded', activeState: 'active', subState: 'running' }, { StateChangeTimestamp: now - 1_500_000n, InvocationID: '0d'.repeat(16) }),
    makeUnitRow({ name: 'old.service', description: 'Long runner', loadState: 'loaded', activeState: 'active', subState: 'running' }, { StateChangeTimestamp: now - 7_500_000_000n, InvocationID: '0e'.repeat(16) }),
  ];
  h = renderAt(<UnitList rows={live} columns={layoutColumns(79, live)} selected={0} height={3} focused />, { columns: 80, rows: 6 });
  const age = (name: string) => lines(h!.lastFrame()).find((l) => l.includes(name))?.trim().split(/\s+/).find((w) => /^\d+(s|min|h|d)$/.test(w));
  assert.equal(age('young.service'), '1s');
  assert.equal(age('old.service'), '2h');
  // The next step comes by itself (no render from outside), within a second and a margin.
  const deadline = Date.now() + 2500;
  while (age('young.service') === '1s' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(age('young.service'), '2s');
  assert.equal(age('old.service'), '2h');
});

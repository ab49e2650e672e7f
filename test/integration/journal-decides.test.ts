// The journal decides when it knows (the truth issue, item 1): units that stay loaded after they
// end, whose D-Bus facts cannot tell the ending — a stop of a service that exits 0 on SIGTERM, a
// TERM from outside, a failure that reset-failed turned into "success" on D-Bus, a start timeout —
// are exact in list (the table and --json) and history. The truth is what the test did.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { stateHome, svctui, useSandbox, waitForState } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const svc = (d: string, cmd: string, extra = '') => `[Unit]\nDescription=${d}\n\n[Service]\nExecStart=${cmd}\n${extra}`;
const NAMES = ['jd-stop0', 'jd-term', 'jd-exit51', 'jd-exec', 'jd-cond', 'jd-stopped', 'jd-timeout', 'jd-never'].map((n) => `${n}.service`);
const UNITS: Record<string, string> = {
  // Wanted by an active target: they stay loaded after they end (no garbage collection).
  'jd-keep.target': `[Unit]\nDescription=Keeps the units loaded\nWants=${NAMES.filter((n) => n !== 'jd-never.service').join(' ')}\n`,
  'jd-stop0.service': svc('Exits 0 on SIGTERM', `/bin/sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'`),
  'jd-term.service': svc('Killed with TERM from outside', '/bin/sleep infinity'),
  'jd-exit51.service': svc('Exits 51', `/bin/sh -c 'sleep 0.2; exit 51'`),
  'jd-exec.service': svc('Cannot be executed', '/nonexistent/bin'),
  'jd-cond.service': svc('Skipped by ExecCondition', '/bin/sleep infinity', 'ExecCondition=/bin/false\n'),
  'jd-stopped.service': svc('Stopped with systemctl stop', '/bin/sleep infinity'),
  'jd-timeout.service': svc('Never ready', '/bin/sleep infinity', 'Type=notify\nTimeoutStartSec=0.5\n'),
  'jd-never.service': svc('Never started', '/bin/sleep infinity'),
  // For the TUI: fails with 203/EXEC while svctui watches, then f (reset-failed) in the TUI.
  'jd-tui-exec.service': svc('Cannot be executed, reset in the TUI', '/nonexistent/bin'),
  'jd-tui-term.service': svc('Killed with TERM while svctui watches', '/bin/sleep infinity'),
  'jd-tui.target': '[Unit]\nDescription=Keeps the TUI units loaded\nWants=jd-tui-term.service jd-tui-exec.service\n',
};

/** What happened to each unit, as the test made it happen: LAST EXIT, STOP REASON, ENDED BY. */
const TRUTH: Record<string, [string, string, string | null]> = {
  'jd-stop0.service': ['0/SUCCESS', 'stopped', 'stop'],
  'jd-term.service': ['SIGTERM', 'signal', 'signal'],
  'jd-exit51.service': ['51', 'exit-code', 'itself'],
  'jd-exec.service': ['203/EXEC', 'exit-code', 'itself'],
  'jd-cond.service': ['-', 'exec-condition', null],
  'jd-stopped.service': ['SIGTERM', 'stopped', 'stop'],
  'jd-timeout.service': ['SIGTERM', 'timeout', 'systemd'],
};

describe('the journal decides when D-Bus cannot', () => {
  const sandbox = useSandbox({ units: UNITS });

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', '--no-block', 'jd-keep.target'])).exitCode, 0);
    await waitForState(sb, 'jd-stop0.service', { SubState: 'running' });
    await waitForState(sb, 'jd-term.service', { SubState: 'running' });
    await waitForState(sb, 'jd-stopped.service', { SubState: 'running' });
    await waitForState(sb, 'jd-exit51.service', { ActiveState: 'failed' });
    await waitForState(sb, 'jd-exec.service', { ActiveState: 'failed' });
    await waitForState(sb, 'jd-timeout.service', { ActiveState: 'failed' });
    assert.equal((await sb.systemctl(['stop', 'jd-stop0.service', 'jd-stopped.service'])).exitCode, 0);
    const pid = Number((await sb.systemctl(['show', '-p', 'MainPID', '--value', 'jd-term.service'])).stdout.trim());
    process.kill(pid, 'SIGTERM');
    await waitForState(sb, 'jd-term.service', { ActiveState: 'inactive' });
    // reset-failed: D-Bus now says Result=success for runs that failed.
    assert.equal((await sb.systemctl(['reset-failed', 'jd-exit51.service', 'jd-exec.service', 'jd-timeout.service'])).exitCode, 0);
    for (const u of ['jd-exit51.service', 'jd-exec.service', 'jd-timeout.service']) await waitForState(sb, u, { ActiveState: 'inactive', Result: 'success' });
    // Loaded still: the oracle of "loaded" is systemctl's own.
    const loaded = await sb.systemctl(['show', '-p', 'LoadState', '--value', ...Object.keys(TRUTH)]);
    assert.deepEqual(loaded.stdout.trim().split('\n').filter(Boolean), Object.keys(TRUTH).map(() => 'loaded'));
    // The manager's records have reached the journal.
    await waitFor(async () => /^Stopped /m.test((await sb.inside(['journalctl', '-q', '--no-pager', '-o', 'cat', 'USER_UNIT=jd-stopped.service'])).stdout), "jd-stopped's stop in the journal", 10_000);
  });

  test('list (the table and --json) says exactly how each ended', async () => {
    const sb = sandbox();
    const table = await svctui(sb, ['list', '--all', '--files', 'jd-*']);
    assert.equal(table.exitCode, 0, table.stderr);
    for (const [unit, [exit, reason]] of Object.entries(TRUTH)) {
      assert.match(table.stdout, new RegExp(`^${unit.replace('.', '\\.')} +loaded +inactive +dead +${exit.replace(/[()/]/g, '\\$&')} +${reason} `, 'm'), `${unit}\n${table.stdout}`);
    }
    const json = await svctui(sb, ['list', '--all', '--files', '--json', 'jd-*']);
    const rows = JSON.parse(json.stdout) as { unit: string; lastExit: string; stopReason: string }[];
    for (const [unit, [exit, reason]] of Object.entries(TRUTH)) assert.deepEqual(((r) => r && [r.lastExit, r.stopReason])(rows.find((r) => r.unit === unit)), [exit, reason], unit);
  });

  test('history: the run says the same, with who ended it', async () => {
    const sb = sandbox();
    const r = await svctui(sb, ['history', '--json', ...Object.keys(TRUTH).filter((u) => u !== 'jd-cond.service')]);
    assert.equal(r.exitCode, 0, r.stderr);
    const all = JSON.parse(r.stdout) as { unit: string; runs: { lastExit: string; stopReason: string; endedBy: string | null }[] }[];
    for (const h of all) {
      const [exit, reason, endedBy] = TRUTH[h.unit]!;
      assert.deepEqual([h.runs[0]?.lastExit, h.runs[0]?.stopReason, h.runs[0]?.endedBy], [exit, reason, endedBy], h.unit);
    }
  });

  test('a unit that never ran: "-", not "?"', async () => {
    const sb = sandbox();
    const json = await svctui(sb, ['list', '--all', '--files', '--json', 'jd-never.service']);
    const rows = JSON.parse(json.stdout) as { unit: string; lastExit: string; stopReason: string }[];
    assert.deepEqual(rows.map((r) => [r.unit, r.lastExit, r.stopReason]), [['jd-never.service', '-', '-']]);
  });

  test('a unit that never ran: "-" in the TUI\'s rows too, and still after a daemon-reload', async () => {
    const sb = sandbox();
    // Before: the unit is not loaded (nothing refers to it). A reload moves UnitsLoadFinishTimestamp.
    assert.equal((await sb.systemctl(['daemon-reload'])).exitCode, 0);
    const json = await svctui(sb, ['list', '--all', '--files', '--json', 'jd-never.service']);
    assert.deepEqual((JSON.parse(json.stdout) as { lastExit: string; stopReason: string }[]).map((r) => [r.lastExit, r.stopReason]), [['-', '-']], 'the CLI after a reload');
    const term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'jd-never*']), { columns: 120, rows: 20 }, { XDG_STATE_HOME: stateHome(sb) });
    try {
      await term.waitForScreen((s) => / · live · /.test(s), 'the list');
      await term.send('a');
      await term.waitForScreen((s) => /^.jd-never\.service +\S.* +- +- +/m.test(s), 'jd-never with "-" for LAST EXIT and STOP REASON', 10_000);
      assert.doesNotMatch(await term.capture(), /jd-never\.service .*(\?|unknown)/);
      // Row and pane agree, and looking did not load the unit (a viewer changes nothing systemd holds).
      await term.waitForScreen((s) => /Loaded: not loaded \(\/.*jd-never\.service; static\)/.test(s), 'the pane: not loaded, with its file', 10_000);
      assert.equal((await sb.systemctl(['list-units', '--all', '--no-legend', 'jd-never.service'])).stdout.trim(), '', 'still not loaded');
      assert.match(await term.capture(), /^.jd-never\.service +not loaded +- +- /m);
    } finally {
      await term.close();
    }
  });

  test("the TUI's rows: f on a unit that failed with 203/EXEC keeps exit-code; a TERM from outside is a signal", async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'jd-tui.target'])).exitCode, 0);
    await waitForState(sb, 'jd-tui-term.service', { SubState: 'running' });
    await waitForState(sb, 'jd-tui-exec.service', { ActiveState: 'failed' });
    const term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'jd-tui-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb) });
    try {
      await term.waitForScreen((s) => / · live · /.test(s) && /jd-tui-term\.service +active \(running\)/.test(s), 'the list');
      process.kill(Number((await sb.systemctl(['show', '-p', 'MainPID', '--value', 'jd-tui-term.service'])).stdout.trim()), 'SIGTERM');
      await term.waitForScreen((s) => /jd-tui-exec\.service +failed +203\/EXEC +exit-code/.test(s) && /jd-tui-term\.service +inactive \(dead\) +SIGTERM +signal/.test(s), 'both endings, exact', 15_000);
      // Failed units come first: jd-tui-exec is the first row. f resets it (systemd may then collect it).
      await term.send('g', 'f');
      await waitFor(async () => (await sb.systemctl(['show', '-p', 'ActiveState', '--value', 'jd-tui-exec.service'])).stdout.trim() === 'inactive', 'reset-failed done');
      await term.waitForScreen((s) => /jd-tui-exec\.service +inactive \(dead\) +203\/EXEC +exit-code/.test(s), 'still 203/EXEC exit-code after f', 10_000);
      const screen = await term.capture();
      assert.doesNotMatch(screen, /jd-tui-exec\.service .*exited/);
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
    } finally {
      await term.close();
    }
  });
});

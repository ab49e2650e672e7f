// Why did it stop? Each reason produced for real in a sandbox with its journald, then read back
// through `svctui list --json` and `svctui history --json` (the real binary).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { showProps, svctui, useSandbox, waitForState } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const svc = (desc: string, body: string, unit = '') => `[Unit]\nDescription=${desc}\n${unit}\n[Service]\n${body}\n`;
const UNITS: Record<string, string> = {
  // Kept loaded by h-anchor (After=), so that D-Bus still knows them.
  'h-anchor.service': svc('anchor', 'ExecStart=/bin/sleep infinity', 'After=h-graceful-stop.service h-graceful-self.service h-term.service'),
  'h-graceful-stop.service': svc('exits 0 on TERM, stopped', `ExecStart=/bin/sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'`),
  'h-graceful-self.service': svc('exits 0 by itself', `ExecStart=/bin/sh -c 'trap "exit 0" TERM; sleep 0.5; exit 0'`),
  'h-term.service': svc('killed by an outside TERM', 'ExecStart=/bin/sleep infinity'),
  'h-exit3.service': svc('exit 3', "ExecStart=/bin/sh -c 'exit 3'"),
  'h-kill.service': svc('SIGKILL', "ExecStart=/bin/sh -c 'kill -KILL $$$$'"),
  'h-core.service': svc('core dump', "WorkingDirectory=/tmp\nLimitCORE=infinity\nExecStart=/bin/sh -c 'kill -SEGV $$$$'"),
  'h-timeout.service': svc('start timeout', 'Type=notify\nTimeoutStartSec=1\nExecStart=/bin/sleep 30'),
  'h-watchdog.service': svc('watchdog', "Type=notify\nNotifyAccess=all\nWatchdogSec=1\nExecStart=/bin/sh -c 'systemd-notify --ready; sleep 30'"),
  'h-condition.service': svc('exec condition', 'ExecCondition=/bin/sh -c "exit 1"\nExecStart=/bin/true', ''),
  'h-limit.service': svc('start limit', "Restart=on-failure\nRestartSec=100ms\nExecStart=/bin/sh -c 'exit 1'", 'StartLimitBurst=3\nStartLimitIntervalSec=60'),
  'h-onfail.service': svc('restart on failure', "Restart=on-failure\nRestartSec=30\nExecStart=/bin/sh -c 'exit 3'", 'StartLimitIntervalSec=600'),
  'h-always.service': svc('restart always', "Restart=always\nRestartSec=30\nExecStart=/bin/sh -c 'exit 0'", 'StartLimitIntervalSec=600'),
  'h-prevent.service': svc('restart prevented', "Restart=always\nRestartSec=30\nRestartPreventExitStatus=3\nExecStart=/bin/sh -c 'exit 3'"),
  // Collected as soon as it fails (CollectMode): only the journal and svctui's store remember it.
  'h-gc.service': svc('collected after failing', "ExecStart=/bin/sh -c 'exit 5'", 'CollectMode=inactive-or-failed'),
  'h-gcstop.service': svc('collected after a stop', 'ExecStart=/bin/sleep infinity'),
  'h-oneshot.service': svc('oneshot that remains', 'Type=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c "sleep 0.2"'),
  'h-tick.timer': '[Unit]\nDescription=a timer\n\n[Timer]\nOnActiveSec=1h\n',
  'h-tick.service': svc('the timer\'s service', 'Type=oneshot\nExecStart=/bin/true'),
};

interface Row {
  unit: string;
  lastExit: string;
  stopReason: string;
  exitSource: string;
  runs: { stopReason: string; lastExit: string; endedBy: string | null; sources: string[] }[];
}

describe('why did it stop', () => {
  const sandbox = useSandbox({ units: UNITS });
  const rows = async (patterns: string[] = ['h-*'], extra: string[] = []) => {
    const r = await svctui(sandbox(), ['list', '--all', '--files', '--json', ...extra, ...patterns]);
    assert.equal(r.exitCode, 0, r.stderr);
    return new Map((JSON.parse(r.stdout) as Row[]).map((x) => [x.unit, x]));
  };
  const row = async (unit: string) => {
    const got = (await rows([unit])).get(unit);
    assert.ok(got, `${unit} is listed`);
    return got;
  };

  before(async () => {
    const sb = sandbox();
    const start = Object.keys(UNITS).filter((u) => u !== 'h-gcstop.service');
    assert.equal((await sb.systemctl(['start', '--no-block', ...start])).exitCode, 0);
    await waitForState(sb, 'h-graceful-stop.service', { SubState: 'running' });
    await waitForState(sb, 'h-term.service', { SubState: 'running' });
  });

  test('stopped by systemctl stop, although it exits 0 on SIGTERM → stopped', async () => {
    assert.equal((await sandbox().systemctl(['stop', 'h-graceful-stop.service'])).exitCode, 0);
    const r = await row('h-graceful-stop.service');
    assert.deepEqual([r.lastExit, r.stopReason], ['0/SUCCESS', 'stopped']);
  });

  test('the same kind of service exiting 0 on its own → exited', async () => {
    await waitForState(sandbox(), 'h-graceful-self.service', { ActiveState: 'inactive', ExecMainCode: '1' });
    const r = await row('h-graceful-self.service');
    assert.deepEqual([r.lastExit, r.stopReason], ['0/SUCCESS', 'exited']);
  });

  test('an outside kill -TERM → signal SIGTERM, although systemd says success', async () => {
    const { MainPID } = await showProps(sandbox(), 'h-term.service', ['MainPID']);
    process.kill(Number(MainPID), 'SIGTERM');
    await waitForState(sandbox(), 'h-term.service', { ActiveState: 'inactive', Result: 'success', ExecMainStatus: '15' });
    const r = await row('h-term.service');
    assert.deepEqual([r.lastExit, r.stopReason], ['SIGTERM', 'signal']);
  });

  test('exit 3, SIGKILL, core dump, start timeout, watchdog, exec-condition', async () => {
    const sb = sandbox();
    await waitForState(sb, 'h-watchdog.service', { Result: 'watchdog' }, 15_000);
    await waitForState(sb, 'h-timeout.service', { Result: 'timeout' });
    const all = await rows();
    const got = (u: string) => [all.get(u)?.lastExit, all.get(u)?.stopReason];
    assert.deepEqual(got('h-exit3.service'), ['3', 'exit-code']);
    assert.deepEqual(got('h-kill.service'), ['SIGKILL', 'signal']);
    assert.deepEqual(got('h-core.service'), ['SIGSEGV (core)', 'core-dump']);
    assert.deepEqual(got('h-timeout.service'), ['SIGTERM', 'timeout']);
    assert.equal(got('h-watchdog.service')[1], 'watchdog');
    assert.match(got('h-watchdog.service')[0]!, /^SIGABRT/);
    // An exec-condition skip ends inactive, so systemd collects it at once: the journal tells.
    await waitFor(async () => (await row('h-condition.service')).stopReason === 'exec-condition', 'h-condition: exec-condition');
  });

  test('start-limit-hit after repeated failures, though systemd leaves Result at exit-code', async () => {
    await waitForState(sandbox(), 'h-limit.service', { ActiveState: 'failed', Result: 'exit-code' });
    const r = await row('h-limit.service');
    assert.deepEqual([r.lastExit, r.stopReason], ['1/FAILURE', 'start-limit-hit']);
    assert.equal(r.runs.length >= 3, true, 'the runs before it are known');
    assert.deepEqual(r.runs.slice(1).map((x) => x.stopReason), r.runs.slice(1).map(() => 'exit-code'));
  });

  test('what happens next: Restart=on-failure, Restart=always after a clean exit, RestartPreventExitStatus=', async () => {
    const sb = sandbox();
    await waitForState(sb, 'h-onfail.service', { SubState: 'auto-restart' });
    await waitForState(sb, 'h-always.service', { SubState: 'auto-restart' });
    await waitForState(sb, 'h-prevent.service', { ActiveState: 'failed' });
    const next = async (unit: string) => {
      const r = await svctui(sb, ['history', '--json', unit]);
      assert.equal(r.exitCode, 0, r.stderr);
      return (JSON.parse(r.stdout) as { next: { text: string; restarts: boolean } | null }).next;
    };
    assert.deepEqual(await next('h-onfail.service'), { restarts: true, text: 'exit-code 3 → restart in 30s (Restart=on-failure, 1 of 5 starts in 10min)' });
    assert.deepEqual(await next('h-always.service'), { restarts: true, text: 'exited 0 → restart in 30s (Restart=always, 1 of 5 starts in 10min)' });
    assert.deepEqual(await next('h-prevent.service'), { restarts: false, text: 'exit-code 3 → no restart (RestartPreventExitStatus= lists 3)' });
    assert.deepEqual(await next('h-graceful-stop.service'), { restarts: false, text: 'exit 0 → no restart (stopped by request)' });
    const text = await svctui(sb, ['history', 'h-onfail.service']);
    assert.match(text.stdout, /^h-onfail\.service — 1 run \(from dbus, journal, store\)\n/);
    assert.match(text.stdout, /\nNext: exit-code 3 → restart in 30s \(Restart=on-failure, 1 of 5 starts in 10min\)\n$/);
  });

  test('after garbage collection and a daemon-reload, list still shows the last exit and reason', async () => {
    const sb = sandbox();
    // h-gc failed and was collected at once (CollectMode=inactive-or-failed): D-Bus has forgotten it.
    await waitFor(async () => (await showProps(sb, 'h-gc.service', ['ExecMainCode'])).ExecMainCode === '0' && (await row('h-gc.service')).lastExit === '5', 'h-gc to be collected and remembered');
    // h-gcstop: started and stopped by request; nothing keeps it loaded.
    assert.equal((await sb.systemctl(['start', 'h-gcstop.service'])).exitCode, 0);
    assert.equal((await sb.systemctl(['stop', 'h-gcstop.service'])).exitCode, 0);
    await waitFor(async () => (await showProps(sb, 'h-gcstop.service', ['ExecMainCode'])).ExecMainCode === '0', 'h-gcstop to be collected');
    assert.equal((await sb.systemctl(['daemon-reload'])).exitCode, 0);
    const all = await rows();
    assert.deepEqual([all.get('h-gc.service')?.lastExit, all.get('h-gc.service')?.stopReason, all.get('h-gc.service')?.exitSource], ['5', 'exit-code', 'history']);
    assert.deepEqual([all.get('h-gcstop.service')?.stopReason, all.get('h-gcstop.service')?.exitSource], ['stopped', 'history']);
    // and a loaded unit keeps its D-Bus facts across the reload
    assert.deepEqual([all.get('h-exit3.service')?.lastExit, all.get('h-exit3.service')?.stopReason], ['3', 'exit-code']);
  });

  test('with no journal access, the store remembers what svctui saw', async () => {
    const sb = sandbox();
    // svctui sees h-exit3 failed (D-Bus) and stores it; then reset-failed lets systemd collect it.
    assert.equal((await row('h-exit3.service')).lastExit, '3');
    assert.equal((await sb.systemctl(['reset-failed', 'h-exit3.service'])).exitCode, 0);
    await waitFor(async () => (await showProps(sb, 'h-exit3.service', ['ExecMainCode'])).ExecMainCode === '0', 'h-exit3 to be collected');
    const r = await svctui(sb, ['list', '--all', '--files', '--json', '--journal-dir', '/nonexistent-journal', 'h-exit3.service']);
    assert.equal(r.exitCode, 0);
    assert.match(r.stderr, /note: cannot read the journal/);
    const [x] = JSON.parse(r.stdout) as Row[];
    assert.deepEqual([x?.lastExit, x?.stopReason, x?.exitSource, x?.runs[0]?.sources], ['3', 'exit-code', 'history', ['store']]);
  });

  test('a corrupt store is reported, set aside, and not fatal', async () => {
    const sb = sandbox();
    const { writeFileSync, readdirSync } = await import('node:fs');
    const dir = `${sb.root}/svctui-state/svctui`;
    writeFileSync(`${dir}/history.sqlite`, 'this is not a database');
    const r = await svctui(sb, ['list', '--all', '--files', '--json', 'h-kill.service']);
    assert.equal(r.exitCode, 0);
    assert.match(r.stderr, /run history store .*history\.sqlite is damaged \(file is not a database\); it was moved to history\.sqlite\.broken-/);
    assert.equal((JSON.parse(r.stdout) as Row[])[0]?.stopReason, 'signal');
    assert.ok(readdirSync(dir).some((f) => f.startsWith('history.sqlite.broken-')));
  });

  test('a oneshot that remains active: its finished run has a duration and an exit, and nothing next; a timer\'s run is running', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'h-oneshot.service', 'h-tick.timer'])).exitCode, 0);
    await waitForState(sb, 'h-oneshot.service', { ActiveState: 'active', SubState: 'exited' });
    const r = await svctui(sb, ['history', '--json', 'h-oneshot.service', 'h-tick.timer']);
    assert.equal(r.exitCode, 0, r.stderr);
    const [oneshot, timer] = JSON.parse(r.stdout) as { unit: string; runs: { durationMs: number | null; lastExit: string; stopReason: string; endedBy: string | null; running: boolean }[]; next: unknown }[];
    const run = oneshot!.runs[0]!;
    assert.deepEqual([run.lastExit, run.stopReason, run.endedBy, run.running], ['0/SUCCESS', 'exited', 'itself', false]);
    assert.ok(run.durationMs !== null && run.durationMs >= 150, `a duration: ${run.durationMs}`);
    assert.equal(oneshot!.next, null, 'still active: nothing next (not "- → no restart")');
    const tick = timer!.runs[0]!;
    assert.deepEqual([tick.running, tick.endedBy, tick.stopReason], [true, null, '-'], 'a timer that is active is running, not ended by itself');
    const text = await svctui(sb, ['history', 'h-oneshot.service']);
    assert.doesNotMatch(text.stdout, /Next:/);
  });
});

// Runs from journal records, merging sources, and what Restart= does next (pure).
import assert from 'node:assert/strict';
import { runCells } from '../../src/core/model/runsView.js';
import { test } from 'node:test';
import { predictRestart, restartConfig, startsInWindow } from '../../src/core/model/restartPolicy.js';
import { MESSAGE_IDS, mergeRuns, observeRun, runsFromRecords, unitRunsOf, verdict, type ManagerRecord, type Run } from '../../src/core/model/runs.js';

const rec = (t: number, f: Record<string, string>): ManagerRecord => ({ realtimeUs: BigInt(t) * 1000n, fields: { USER_UNIT: 'a.service', ...f } });

test('a stop job begun before the exit: stopped by request', () => {
  const runs = runsFromRecords(
    [
      rec(1, { MESSAGE_ID: MESSAGE_IDS.jobStartDone, USER_INVOCATION_ID: 'i1', JOB_TYPE: 'start' }),
      rec(2, { MESSAGE_ID: MESSAGE_IDS.jobStopBegun, USER_INVOCATION_ID: 'i1', JOB_TYPE: 'stop' }),
      rec(3, { MESSAGE_ID: MESSAGE_IDS.jobStopDone, USER_INVOCATION_ID: 'i1', JOB_TYPE: 'stop', JOB_RESULT: 'done' }),
    ],
    'user',
  ).get('a.service')!;
  assert.equal(runs.length, 1);
  assert.deepEqual([runs[0]!.stopJob, runs[0]!.jobType, verdict(runs[0]!)], [true, 'stop', { lastExit: '?', reason: 'stopped', endedBy: 'stop' }]);
});

test('an exit, a failure and an automatic restart: the unit\'s own doing, with its exit', () => {
  const runs = runsFromRecords(
    [
      rec(1, { MESSAGE_ID: MESSAGE_IDS.jobStartDone, USER_INVOCATION_ID: 'i1' }),
      rec(2, { MESSAGE_ID: MESSAGE_IDS.processExited, USER_INVOCATION_ID: 'i1', EXIT_CODE: 'exited', EXIT_STATUS: '3', MESSAGE: 'a.service: Main process exited, code=exited, status=3/NOTIMPLEMENTED' }),
      rec(3, { MESSAGE_ID: MESSAGE_IDS.unitFailed, USER_INVOCATION_ID: 'i1', UNIT_RESULT: 'exit-code' }),
      rec(4, { MESSAGE_ID: MESSAGE_IDS.autoRestart, USER_INVOCATION_ID: 'i1', N_RESTARTS: '1' }),
      // the restart job's "Stopped" comes after the exit: not a stop by request
      rec(5, { MESSAGE_ID: MESSAGE_IDS.jobStopDone, USER_INVOCATION_ID: 'i1', JOB_TYPE: 'restart' }),
      rec(6, { MESSAGE_ID: MESSAGE_IDS.jobStartDone, USER_INVOCATION_ID: 'i2' }),
      rec(7, { MESSAGE_ID: MESSAGE_IDS.processExited, USER_INVOCATION_ID: 'i2', EXIT_CODE: 'killed', EXIT_STATUS: 'KILL', MESSAGE: 'a.service: Main process exited, code=killed, status=9/KILL' }),
      rec(8, { CODE_FUNC: 'unit_test_start_limit', USER_INVOCATION_ID: 'i2', MESSAGE: 'a.service: Start request repeated too quickly.' }),
      rec(9, { MESSAGE_ID: MESSAGE_IDS.processExited, USER_INVOCATION_ID: 'i2', EXIT_CODE: 'exited', EXIT_STATUS: '1', MESSAGE: 'a.service: Control process exited, code=exited, status=1/FAILURE' }),
    ],
    'user',
  ).get('a.service')!;
  const [first, second] = runs;
  assert.deepEqual([first!.exitCode, first!.exitStatus, first!.result, first!.stopJob, first!.autoRestart, verdict(first!).reason], [1, 3, 'exit-code', false, 1, 'exit-code']);
  assert.deepEqual([second!.exitCode, second!.exitStatus, second!.startLimitHit, verdict(second!)], [2, 9, true, { lastExit: 'SIGKILL', reason: 'start-limit-hit', endedBy: 'signal' }]);
});

test('system manager records use UNIT= and INVOCATION_ID=; a clean end without its exit is "exited?"', () => {
  const at = (t: bigint, id: string) => ({ realtimeUs: t, fields: { UNIT: 's.service', INVOCATION_ID: 'x', MESSAGE_ID: id } });
  const runs = runsFromRecords([at(1n, MESSAGE_IDS.jobStartBegun), at(2n, MESSAGE_IDS.jobStartDone), at(3n, MESSAGE_IDS.unitSucceeded)], 'system');
  const r = runs.get('s.service')![0]!;
  // "Deactivated successfully": exit 0 or a clean signal, with no stop job; which one is not logged.
  assert.deepEqual([r.startUs, r.endUs, verdict(r)], [1n, 3n, { lastExit: '?', reason: 'exited?', endedBy: null }]);
  // "Started." is when the run was up (READY=1 for Type=notify), not when it began: without
  // "Starting…" the start is not known.
  const upOnly = runsFromRecords([at(2n, MESSAGE_IDS.jobStartDone), at(3n, MESSAGE_IDS.unitSucceeded)], 'system').get('s.service')![0]!;
  assert.deepEqual([upOnly.startUs, upOnly.endUs, runCells(upOnly).slice(0, 2)], [undefined, 3n, ['?', '?']]);
  // Seen only from its end, a run's start (and whether a stop job ran) is not known.
  const late = runsFromRecords([at(5n, MESSAGE_IDS.unitSucceeded)], 'system').get('s.service')![0]!;
  assert.deepEqual([late.startUs, late.stopJob, verdict(late).reason], [undefined, undefined, 'unknown']);
});

test('merging: earlier sources win, later ones fill the gaps; newest run first', () => {
  const live: Run = { unit: 'a.service', invocationId: 'i2', exitCode: 2, exitStatus: 15, stopJob: false, sources: ['live'], endUs: 20n };
  const journal: Run[] = [
    { unit: 'a.service', invocationId: 'i2', startUs: 10n, stopJob: true, sources: ['journal'] },
    { unit: 'a.service', invocationId: 'i1', startUs: 1n, endUs: 5n, exitCode: 1, exitStatus: 3, result: 'exit-code', sources: ['journal'] },
  ];
  const merged = mergeRuns([live], journal);
  assert.deepEqual(merged.map((r) => r.invocationId), ['i2', 'i1']);
  assert.deepEqual([merged[0]!.startUs, merged[0]!.stopJob, merged[0]!.sources], [10n, false, ['live', 'journal']]);
});

const cfg = (p: Record<string, unknown>) => restartConfig({ Restart: 'on-failure', RestartUSec: 5_000_000n, StartLimitBurst: 5, StartLimitIntervalUSec: 10_000_000n, ...p });
const run = (r: Partial<Run>): Run => ({ unit: 'a.service', invocationId: 'i', running: false, sources: ['dbus'], ...r });

test('Restart= table: clean exit, unclean exit, unclean signal, timeout, watchdog', () => {
  const clean = run({ exitCode: 1, exitStatus: 0, stopJob: false });
  const unclean = run({ exitCode: 1, exitStatus: 3, result: 'exit-code' });
  const signal = run({ exitCode: 2, exitStatus: 9, result: 'signal' });
  const timeout = run({ exitCode: 2, exitStatus: 15, result: 'timeout' });
  const watchdog = run({ exitCode: 2, exitStatus: 6, result: 'watchdog' });
  const table: Record<string, boolean[]> = {
    no: [false, false, false, false, false],
    always: [true, true, true, true, true],
    'on-success': [true, false, false, false, false],
    'on-failure': [false, true, true, true, true],
    'on-abnormal': [false, false, true, true, true],
    'on-abort': [false, false, true, false, false],
    'on-watchdog': [false, false, false, false, true],
  };
  for (const [restart, expected] of Object.entries(table)) {
    const got = [clean, unclean, signal, timeout, watchdog].map((r) => predictRestart(r, cfg({ Restart: restart }), 1).restarts);
    assert.deepEqual(got, expected, `Restart=${restart}`);
  }
});

test('prediction texts: restart with the start-limit count, stop by request, prevent and force', () => {
  assert.equal(predictRestart(run({ exitCode: 1, exitStatus: 3, result: 'exit-code' }), cfg({}), 2).text, 'exit-code 3 → restart in 5s (Restart=on-failure, 2 of 5 starts in 10s)');
  assert.equal(predictRestart(run({ exitCode: 2, exitStatus: 15, stopJob: true }), cfg({ Restart: 'always' }), 1).text, 'signal TERM → no restart (stopped by request)');
  assert.equal(predictRestart(run({ exitCode: 1, exitStatus: 3, result: 'exit-code' }), cfg({ Restart: 'always', RestartPreventExitStatus: [[3], []] }), 1).text, 'exit-code 3 → no restart (RestartPreventExitStatus= lists 3)');
  assert.equal(predictRestart(run({ exitCode: 1, exitStatus: 0, stopJob: false }), cfg({ Restart: 'no', RestartForceExitStatus: [[0], []] }), 1).text, 'exited 0 → restart in 5s (RestartForceExitStatus= lists 0, 1 of 5 starts in 10s)');
  assert.equal(predictRestart(run({ exitCode: 1, exitStatus: 3, result: 'exit-code' }), cfg({}), 5).text, 'exit-code 3 → no restart (Restart=on-failure, but the start limit is reached, 5 of 5 starts in 10s)');
  assert.match(predictRestart(run({ exitCode: 1, exitStatus: 1, result: 'exit-code', startLimitHit: true }), cfg({}), 5).text, /^start-limit-hit 1 → no restart \(start limit hit/);
});

test('starts in the window are counted from the runs', () => {
  const runs = [run({ startUs: 95n * 1_000_000n }), run({ startUs: 91n * 1_000_000n }), run({ startUs: 80n * 1_000_000n })];
  assert.equal(startsInWindow(runs, cfg({}), 100n * 1_000_000n), 2);
});

test('observeRun (one run merged in) says what mergeRuns([run], runs) says, on random runs', () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const maybe = <T,>(v: T): T | undefined => (rnd(3) === 0 ? undefined : v);
  const run = (): Run => ({
    unit: 'a.service',
    invocationId: `id${rnd(6)}`,
    startUs: maybe(BigInt(rnd(4) * 1000)),
    endUs: maybe(BigInt(rnd(4) * 1000 + 500)),
    exitCode: maybe(1 + rnd(2)),
    exitStatus: maybe(rnd(4)),
    result: maybe(['success', 'exit-code', 'signal'][rnd(3)]!),
    running: maybe(rnd(2) === 0),
    stopJob: maybe(rnd(2) === 0),
    sources: [(['dbus', 'journal', 'store'] as const)[rnd(3)]!],
  });
  for (let i = 0; i < 500; i++) {
    const runs = mergeRuns(Array.from({ length: rnd(6) }, run));
    const next = run();
    const keep = 1 + rnd(6);
    assert.deepEqual(observeRun(runs, next, keep), mergeRuns([next], runs).slice(0, keep), `case ${i}`);
  }
});

// Found by the oracle (seed 4243, under load): a Restart=always service restarted after exit 0 said
// STOP REASON "unknown" while running, because the old run's last record was received after the
// new main process started.
test('the run D-Bus calls current is the newest, even when an older run\'s record was received later', () => {
  const journal = runsFromRecords(
    [
      rec(1_000, { MESSAGE_ID: MESSAGE_IDS.jobStartDone, USER_INVOCATION_ID: 'old' }),
      rec(2_020, { MESSAGE_ID: MESSAGE_IDS.jobStopDone, USER_INVOCATION_ID: 'old', JOB_TYPE: 'restart' }),
    ],
    'user',
  ).get('a.service')!;
  const current: Run = { unit: 'a.service', invocationId: 'new', startUs: 2_010_000n, running: true, result: 'success', sources: ['dbus'] };
  const runs = unitRunsOf({ live: [], journal, stored: [] }, current);
  assert.deepEqual(runs.map((r) => [r.invocationId, r.running]), [['new', true], ['old', false]]);
  assert.equal(verdict(runs[0]!).reason, '-');
});

test('journal records are ordered by the time the manager sent them, not when journald received them', () => {
  const sent = (recv: number, source: number, f: Record<string, string>) => ({ ...rec(recv, f), fields: { ...rec(recv, f).fields, _SOURCE_REALTIME_TIMESTAMP: String(source * 1000) } });
  const runs = runsFromRecords(
    [
      // received in the other order: the stop job began (sent at 2) before the main process exited (sent at 3)
      sent(9, 3, { MESSAGE_ID: MESSAGE_IDS.processExited, USER_INVOCATION_ID: 'i1', EXIT_CODE: 'killed', EXIT_STATUS: 'TERM', MESSAGE: 'a.service: Main process exited, code=killed, status=15/TERM' }),
      sent(10, 2, { MESSAGE_ID: MESSAGE_IDS.jobStopBegun, USER_INVOCATION_ID: 'i1', JOB_TYPE: 'stop' }),
    ],
    'user',
  ).get('a.service')!;
  assert.equal(runs[0]!.stopJob, true);
  assert.equal(runs[0]!.endUs, 3_000n);
});

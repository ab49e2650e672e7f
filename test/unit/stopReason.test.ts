// The one rule for why a run ended (model/stopReason.ts): facts in, a verdict out, and an honest
// "?" or "unknown" where a fact that would decide it is missing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeRun } from '../../src/core/model/stopReason.js';

test('a non-success Result names the reason', () => {
  assert.deepEqual(judgeRun({ result: 'exit-code', exitCode: 1, exitStatus: 3 }), { lastExit: '3', reason: 'exit-code', endedBy: null });
  assert.deepEqual(judgeRun({ result: 'signal', exitCode: 2, exitStatus: 9, stopJob: false }), { lastExit: 'SIGKILL', reason: 'signal', endedBy: 'signal' });
  assert.deepEqual(judgeRun({ result: 'core-dump', exitCode: 3, exitStatus: 11, stopJob: false }), { lastExit: 'SIGSEGV (core)', reason: 'core-dump', endedBy: 'signal' });
  assert.deepEqual(judgeRun({ result: 'timeout', exitCode: 2, exitStatus: 15, stopJob: false }), { lastExit: 'SIGTERM', reason: 'timeout', endedBy: 'systemd' });
  assert.deepEqual(judgeRun({ result: 'timeout', exitCode: 2, exitStatus: 9, stopJob: true }), { lastExit: 'SIGKILL', reason: 'timeout', endedBy: 'stop' });
  assert.equal(judgeRun({ result: 'watchdog', exitCode: 2, exitStatus: 6, stopJob: false }).endedBy, 'systemd');
  assert.deepEqual(judgeRun({ result: 'exec-condition' }), { lastExit: '-', reason: 'exec-condition', endedBy: null });
  for (const r of ['oom-kill', 'resources', 'protocol', 'start-limit-hit'] as const) assert.equal(judgeRun({ result: r }).reason, r);
});

test('running, or never ran: no reason', () => {
  assert.deepEqual(judgeRun({ running: true, result: 'success' }), { lastExit: '-', reason: '-', endedBy: null });
});

test('a clean signal: only a stop job tells "stopped" from an outside kill; unknown says so', () => {
  const term = { result: 'success', exitCode: 2, exitStatus: 15 };
  assert.deepEqual(judgeRun({ ...term, stopJob: true }), { lastExit: 'SIGTERM', reason: 'stopped', endedBy: 'stop' });
  assert.deepEqual(judgeRun({ ...term, stopJob: true, jobType: 'restart' }), { lastExit: 'SIGTERM', reason: 'stopped', endedBy: 'restart' });
  assert.deepEqual(judgeRun({ ...term, stopJob: false }), { lastExit: 'SIGTERM', reason: 'signal', endedBy: 'signal' });
  assert.deepEqual(judgeRun(term), { lastExit: 'SIGTERM', reason: 'stopped?', endedBy: null });
  // An unclean signal is a signal whoever sent it.
  assert.equal(judgeRun({ result: 'signal', exitCode: 2, exitStatus: 9 }).reason, 'signal');
});

test('exit 0: on its own, during a stop job, or not known which', () => {
  const exit0 = { result: 'success', exitCode: 1, exitStatus: 0 };
  assert.deepEqual(judgeRun({ ...exit0, stopJob: false }), { lastExit: '0/SUCCESS', reason: 'exited', endedBy: 'itself' });
  assert.deepEqual(judgeRun({ ...exit0, stopJob: true }), { lastExit: '0/SUCCESS', reason: 'stopped', endedBy: 'stop' });
  assert.equal(judgeRun(exit0).reason, 'exited?');
  // A status in SuccessExitStatus= is success too.
  assert.equal(judgeRun({ result: 'success', exitCode: 1, exitStatus: 42, stopJob: false }).reason, 'exited');
});

test('over without a known exit: "?" and what is known (a stop job; a clean end)', () => {
  assert.deepEqual(judgeRun({ stopJob: true }), { lastExit: '?', reason: 'stopped', endedBy: 'stop' });
  assert.deepEqual(judgeRun({ result: 'success', stopJob: false }), { lastExit: '?', reason: 'exited?', endedBy: null });
  assert.deepEqual(judgeRun({}), { lastExit: '?', reason: 'unknown', endedBy: null });
});

test('the start limit: known from the journal or live; only likely from the state', () => {
  assert.equal(judgeRun({ result: 'exit-code', exitCode: 1, exitStatus: 3, startLimitHit: true }).reason, 'start-limit-hit');
  assert.equal(judgeRun({ result: 'exit-code', exitCode: 1, exitStatus: 3, startLimitLikely: true }).reason, 'start-limit-hit?');
});

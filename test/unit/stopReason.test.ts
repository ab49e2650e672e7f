import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyStop } from '../../src/model/stopReason.js';

const dead = { ActiveState: 'inactive', SubState: 'dead' };
const failed = { ActiveState: 'failed', SubState: 'failed' };

test('a non-success Result names the reason', () => {
  assert.deepEqual(classifyStop({ ...failed, Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 3 }), { lastExit: '3', reason: 'exit-code' });
  assert.deepEqual(classifyStop({ ...failed, Result: 'signal', ExecMainCode: 2, ExecMainStatus: 9 }), { lastExit: 'SIGKILL', reason: 'signal' });
  assert.deepEqual(classifyStop({ ...failed, Result: 'core-dump', ExecMainCode: 3, ExecMainStatus: 11 }), { lastExit: 'SIGSEGV (core)', reason: 'core-dump' });
  assert.deepEqual(classifyStop({ ...failed, Result: 'timeout', ExecMainCode: 2, ExecMainStatus: 15 }), { lastExit: 'SIGTERM', reason: 'timeout' });
  assert.equal(classifyStop({ ...failed, Result: 'watchdog', ExecMainCode: 2, ExecMainStatus: 6 }).reason, 'watchdog');
  assert.equal(classifyStop({ ...failed, Result: 'start-limit-hit' }).reason, 'start-limit-hit');
  assert.equal(classifyStop({ ...dead, Result: 'exec-condition' }).reason, 'exec-condition');
  assert.equal(classifyStop({ ...failed, Result: 'oom-kill', ExecMainCode: 2, ExecMainStatus: 9 }).reason, 'oom-kill');
  assert.equal(classifyStop({ ...failed, Result: 'resources' }).reason, 'resources');
  assert.equal(classifyStop({ ...failed, Result: 'protocol' }).reason, 'protocol');
});

test('never ran, and running, have no reason', () => {
  assert.deepEqual(classifyStop({ ...dead, Result: 'success', ExecMainCode: 0 }), { lastExit: '-', reason: '-' });
  assert.deepEqual(classifyStop({ ActiveState: 'active', SubState: 'running', Result: 'success', ExecMainCode: 0 }), { lastExit: '-', reason: '-' });
});

test('a oneshot that remains active exited 0', () => {
  assert.deepEqual(classifyStop({ ActiveState: 'active', SubState: 'exited', Result: 'success', ExecMainCode: 1, ExecMainStatus: 0 }), { lastExit: '0/SUCCESS', reason: 'exited' });
});

test('success with a clean signal: a stop job tells "stopped" from an outside kill', () => {
  const killedByTerm = { ...dead, Result: 'success', ExecMainCode: 2, ExecMainStatus: 15 };
  assert.equal(classifyStop({ ...killedByTerm, stopJob: true }).reason, 'stopped');
  assert.equal(classifyStop({ ...killedByTerm, stopJob: false }).reason, 'signal');
  // Nobody knows: systemd's own stop (it sends TERM) is the likely cause.
  assert.equal(classifyStop(killedByTerm).reason, 'stopped');
});

test('exit 0: on its own, or during a stop job', () => {
  const exited0 = { ...dead, Result: 'success', ExecMainCode: 1, ExecMainStatus: 0 };
  assert.equal(classifyStop(exited0).reason, 'exited');
  assert.equal(classifyStop({ ...exited0, stopJob: false }).reason, 'exited');
  assert.equal(classifyStop({ ...exited0, stopJob: true }).reason, 'stopped');
});

test('a restarting unit keeps the reason of its last run', () => {
  assert.deepEqual(classifyStop({ ActiveState: 'activating', SubState: 'auto-restart', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 3 }), { lastExit: '3', reason: 'exit-code' });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeExecCommands, describeExecFlags, execPrefix, exitStatusName, formatCodeStatus, formatLastExit, isCleanExit, signalName, signalNumber, STATUS_VIEW_CLASSES } from '../../src/core/decode.js';

test('exit status names: the journal knows all classes, status only libc+systemd', () => {
  assert.equal(exitStatusName(3), 'NOTIMPLEMENTED');
  assert.equal(exitStatusName(3, STATUS_VIEW_CLASSES), undefined);
  assert.equal(exitStatusName(64), 'USAGE');
  assert.equal(exitStatusName(1, STATUS_VIEW_CLASSES), 'FAILURE');
  assert.equal(exitStatusName(203, STATUS_VIEW_CLASSES), 'EXEC');
  assert.equal(exitStatusName(244), 'BPF');
  assert.equal(exitStatusName(245), undefined);
  assert.equal(exitStatusName(223), undefined);
  assert.equal(exitStatusName(255, STATUS_VIEW_CLASSES), 'EXCEPTION');
});

test('signal names without SIG, realtime signals, and back', () => {
  assert.equal(signalName(9), 'KILL');
  assert.equal(signalName(15), 'TERM');
  assert.equal(signalName(11), 'SEGV');
  assert.equal(signalName(34), 'RTMIN');
  assert.equal(signalName(36), 'RTMIN+2');
  assert.equal(signalName(64), 'RTMAX');
  assert.equal(signalNumber('SIGTERM'), 15);
  assert.equal(signalNumber('kill'), 9);
  assert.equal(signalNumber('NOPE'), undefined);
});

test('code/status as systemctl prints them', () => {
  assert.equal(formatCodeStatus(1, 0), 'code=exited, status=0/SUCCESS');
  assert.equal(formatCodeStatus(1, 3), 'code=exited, status=3');
  assert.equal(formatCodeStatus(1, 203), 'code=exited, status=203/EXEC');
  assert.equal(formatCodeStatus(2, 9), 'code=killed, signal=KILL');
  assert.equal(formatCodeStatus(3, 6), 'code=dumped, signal=ABRT');
});

test('LAST EXIT column', () => {
  assert.equal(formatLastExit(0, 0), '-');
  assert.equal(formatLastExit(1, 0), '0/SUCCESS');
  assert.equal(formatLastExit(1, 3), '3');
  assert.equal(formatLastExit(1, 203), '203/EXEC');
  assert.equal(formatLastExit(2, 9), 'SIGKILL');
  assert.equal(formatLastExit(3, 11), 'SIGSEGV (core)');
});

test('clean exits per is_clean_exit for daemons', () => {
  assert.ok(isCleanExit(1, 0));
  assert.ok(!isCleanExit(1, 1));
  for (const sig of [1, 2, 13, 15]) assert.ok(isCleanExit(2, sig));
  assert.ok(!isCleanExit(2, 9));
  assert.ok(!isCleanExit(3, 15));
});

test('Exec* and Exec*Ex records decode with their prefixes', () => {
  const plain = decodeExecCommands('ExecStopPost', [['/bin/false', ['/bin/false'], true, 1n, 2n, 3n, 4n, 42, 1, 1]]);
  assert.equal(plain.length, 1);
  assert.deepEqual({ ...plain[0], flags: undefined }, {
    property: 'ExecStopPost', path: '/bin/false', argv: ['/bin/false'], flags: undefined,
    startTimestampUs: 1n, startMonotonicUs: 2n, exitTimestampUs: 3n, exitMonotonicUs: 4n, pid: 42, code: 1, status: 1,
  });
  assert.equal(execPrefix(plain[0]!), '-');
  const ex = decodeExecCommands('ExecStopPostEx', [['/bin/sh', ['handler', '-c', 'x'], ['ignore-failure', 'privileged', 'no-env-expand'], 0n, 0n, 0n, 0n, 0, 0, 0]]);
  assert.equal(ex[0]!.property, 'ExecStopPost');
  assert.equal(execPrefix(ex[0]!), '-+@:');
  assert.deepEqual(describeExecFlags(ex[0]!), ['failure ignored (-)', 'full privileges (+)', 'argv[0] is "handler" (@)', 'no environment expansion (:)']);
  const bang = decodeExecCommands('ExecStartEx', [['/x', ['/x'], ['no-setuid'], 0n, 0n, 0n, 0n, 0, 0, 0], ['/y', ['/y'], ['ambient'], 0n, 0n, 0n, 0n, 0, 0, 0]]);
  assert.deepEqual(bang.map(execPrefix), ['!', '!!']);
  assert.deepEqual(decodeExecCommands('ExecStart', undefined), []);
});

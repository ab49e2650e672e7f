// `svctui show` against `systemctl show` on the same units: the same NAME=VALUE lines in the same
// order, for units of several kinds and states, with -p and --value, and the manager's own. The
// truth is systemctl's output; values that change by themselves between the two reads (memory,
// CPU time, counters) are compared by name only.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { svctui, useSandbox, waitForState } from '../helpers/sandbox.js';
import { normalized } from '../helpers/showLines.js';

const UNITS = {
  'sh-run.service':
    '[Unit]\nDescription=Shown running\nDocumentation=man:true(1) https://example.org/a\\x20b\n\n[Service]\nEnvironment="A=1 2" B=$x\nEnvironmentFile=-/nonexistent/env\nExecStartPre=-/bin/true one\nExecStartPre=+/bin/true two\nExecStart=/bin/sleep infinity\nTimeoutStopSec=1min 30s\nRestartPreventExitStatus=3 SIGUSR1\nUMask=0027\nLimitNOFILE=1024:4096\nCPUWeight=50\nMemoryMax=64M\n',
  'sh-exit.service': '[Service]\nType=oneshot\nExecStart=/bin/sh -c "exit 3"\nSuccessExitStatus=4 SIGHUP\n',
  'sh-kill.service': '[Service]\nExecStart=/bin/sh -c "kill -KILL $$$$"\n',
  'sh.timer': '[Timer]\nOnActiveSec=1h\nOnCalendar=*-*-* 03:00:00\nUnit=sh-exit.service\n',
  'sh.service': '[Service]\nExecStart=/bin/sleep infinity\n',
  'sh.socket': '[Socket]\nListenStream=%t/sh.sock\nListenDatagram=%t/sh-d.sock\n',
  'sh.path': '[Path]\nPathExists=/nonexistent/sh\nUnit=sh-exit.service\n',
};

/** Properties whose values move by themselves (a running unit's resources, the manager's counters). */
const MOVING = /^(Memory(Current|Available|Peak)|CPUUsageNSec|TasksCurrent|IO\w+(Bytes|Operations)|IP(Ingress|Egress)\w+|N(Jobs|InstalledJobs|FailedJobs|Names)|ControlGroupId)=/;
const comparable = (text: string) => text.replace(/\n$/, '').split('\n').map(normalized(MOVING));

describe('svctui show: what systemctl show prints', () => {
  const sandbox = useSandbox({ units: UNITS });
  before(async () => {
    const sb = sandbox();
    const started = await sb.systemctl(['start', 'sh-run.service', 'sh.timer', 'sh.socket', 'sh.path']);
    assert.equal(started.exitCode, 0, started.stderr);
    await sb.systemctl(['start', 'sh-exit.service', 'sh-kill.service']);
    await waitForState(sb, 'sh-exit.service', { ActiveState: 'failed' });
    await waitForState(sb, 'sh-kill.service', { ActiveState: 'failed' });
  });

  const cases: string[][] = [
    ['sh-run.service'],
    ['sh-exit.service'],
    ['sh-kill.service'],
    ['sh.timer'],
    ['sh.socket'],
    ['sh.path'],
    ['--', '-.slice'],
    ['no-such-unit.service'],
    ['sh-exit', 'sh.timer'],
    ['sh-*'],
    ['-p', 'MainPID,ExecStart,Environment,NoSuchProperty,Conditions,Job,InactiveEnterTimestamp,Names,StatusText', 'sh-run.service'],
    ['-p', 'ActiveState', '-p', 'Result', '--value', 'sh-exit.service'],
    ['--property=ExecMainStatus', 'sh-exit.service', 'sh-kill.service'],
    [],
    ['-p', 'Version,Virtualization,DefaultTimeoutStopUSec'],
  ];
  for (const args of cases) {
    test(`show ${args.join(' ')}`, async () => {
      const sb = sandbox();
      const theirs = await sb.systemctl(['show', ...args]);
      const ours = await svctui(sb, ['show', ...args]);
      assert.equal(ours.stderr, '', 'nothing on standard error');
      assert.deepEqual(comparable(ours.stdout), comparable(theirs.stdout));
      assert.equal(ours.exitCode, theirs.exitCode, 'exit status');
    });
  }
});

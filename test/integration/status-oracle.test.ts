// Oracle: `svctui status` must print what `systemctl --user status` prints, line by line, for units
// in many states in a real sandboxed manager, the CGroup tree and the journal tail included.
// systemctl runs inside the sandbox's mount namespace so that it reads the same journal. Only the
// relative times ("3s ago") are masked, after checking their format (the two runs differ in time).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ORACLE_STARTED, ORACLE_UNITS } from '../helpers/oracleUnits.js';
import { svctui, useSandbox, waitForState } from '../helpers/sandbox.js';

const RELATIVE = /; (now|(\d+ (years?|months?|weeks?|days?) )?(\d+ (months?|days?) )?(\d+(y|month|w|d|h|min|s|ms|us) ?)+(ago|left)|\d+ days? (\d+h )?(ago|left))$/;

function normalize(text: string): string[] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      const m = RELATIVE.exec(line);
      return m ? line.slice(0, m.index) + '; <relative>' : line;
    });
}

describe('svctui status equals systemctl status', () => {
  const sandbox = useSandbox({
    units: {
      ...ORACLE_UNITS,
      'o-enabled.service': '[Unit]\nDescription=Oracle enabled unit\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=default.target\n',
      // Three processes of different PID widths are unlikely; two children and a long command line.
      'o-tree.service': "[Unit]\nDescription=Oracle process tree\n\n[Service]\nExecStart=/bin/sh -c 'sleep infinity & sleep 9999 & echo \"tree with a quoted \\\"word\\\"\"; wait'\n",
    },
  });

  before(async () => {
    const sb = sandbox();
    // A second drop-in folder (runtime) makes a second Drop-In group.
    await sb.writeUnit('../../../runtime/systemd/user/o-dropin.service.d/30-runtime.conf', '[Service]\nEnvironment=B=2\n');
    await sb.systemctl(['enable', 'o-enabled.service']);
    await sb.daemonReload();
    const r = await sb.systemctl(['start', '--no-block', ...ORACLE_STARTED, 'o-enabled.service', 'o-tree.service']);
    assert.equal(r.exitCode, 0, r.stderr);
    await waitForState(sb, 'o-exit3.service', { ActiveState: 'failed', Result: 'exit-code' });
    await waitForState(sb, 'o-exec.service', { ActiveState: 'failed', ExecMainStatus: '203' });
    await waitForState(sb, 'o-sigkill.service', { ActiveState: 'failed', Result: 'signal' });
    await waitForState(sb, 'o-core.service', { ActiveState: 'failed', Result: 'core-dump' });
    await waitForState(sb, 'o-timeout.service', { ActiveState: 'failed', Result: 'timeout' });
    await waitForState(sb, 'o-stoppost.service', { ActiveState: 'failed' });
    await waitForState(sb, 'o-exit0.service', { ActiveState: 'inactive', ExecMainCode: '1' });
    await waitForState(sb, 'o-oneshot.service', { ActiveState: 'active', SubState: 'exited' });
    await waitForState(sb, 'o-graceful.service', { SubState: 'running' });
    await waitForState(sb, 'o-startpre.service', { SubState: 'start-pre' });
    await waitForState(sb, 'o-stopped.service', { SubState: 'running' });
    await waitForState(sb, 'o-tree.service', { SubState: 'running' });
    assert.equal((await sb.systemctl(['stop', 'o-stopped.service', 'o-graceful.service'])).exitCode, 0);
  });

  const cases = [...ORACLE_STARTED, 'o-tick.service', 'o-enabled.service', 'o-tree.service', 'no-such-unit.service'];
  for (const unit of cases) {
    test(unit, async () => {
      const sb = sandbox();
      const oracle = await sb.inside(['systemctl', '--user', '--no-pager', 'status', unit]);
      const ours = await svctui(sb, ['status', unit]);
      assert.equal(ours.exitCode, oracle.exitCode, `exit code (systemctl said ${oracle.exitCode})\n${ours.stderr}`);
      assert.deepEqual(normalize(ours.stdout), normalize(oracle.stdout));
      assert.equal(ours.stderr.trim(), oracle.stderr.trim());
    });
  }

  test('several units at once, with the first non-zero exit code', async () => {
    const sb = sandbox();
    const units = ['o-running.service', 'o-exit3.service', 'o-oneshot.service'];
    const oracle = await sb.inside(['systemctl', '--user', '--no-pager', 'status', ...units]);
    const ours = await svctui(sb, ['status', ...units]);
    assert.equal(ours.exitCode, oracle.exitCode);
    assert.deepEqual(normalize(ours.stdout), normalize(oracle.stdout));
  });

  test('the CGroup tree is there, with ASCII glyphs without UTF-8, as systemctl draws it', async () => {
    const sb = sandbox();
    const ours = await svctui(sb, ['status', 'o-tree.service']);
    assert.match(ours.stdout, /\n {5}CGroup: \/app\.slice\/o-tree\.service\n {13}├─ ?\d+ \/bin\/sh -c .*\n {13}├─ ?\d+ sleep infinity\n {13}└─ ?\d+ sleep 9999\n/);
    const oracle = await sb.inside(['env', 'LANG=C', 'LC_ALL=C', 'SYSTEMD_COLORS=0', 'systemctl', '--user', '--no-pager', 'status', 'o-tree.service']);
    const ascii = await svctui(sb, ['status', 'o-tree.service'], { LANG: 'C', LC_ALL: 'POSIX.ISO-8859-1' });
    // (The C locale counts as UTF-8 for systemd 252; a named non-UTF-8 locale gives ASCII.)
    assert.match(ascii.stdout, /\n {13}`-\s*\d+ sleep 9999\n/);
    assert.ok(oracle.stdout.includes('CGroup: /app.slice/o-tree.service'));
  });

  // The zone of the person at the terminal: timestamps and journal lines as systemctl writes them
  // in that zone (systemctl is the oracle, not svctui's formatting), a whole-hour and a half-hour offset.
  for (const zone of ['Europe/Berlin', 'Asia/Kolkata', 'America/New_York']) {
    test(`in the zone ${zone}: the same as systemctl status there`, async () => {
      const sb = sandbox();
      const units = ['o-exit3.service', 'o-running.service', 'o-stopped.service'];
      const oracle = await sb.inside(['env', `TZ=${zone}`, 'systemctl', '--user', '--no-pager', 'status', ...units]);
      const ours = await svctui(sb, ['status', ...units], { TZ: zone });
      assert.equal(ours.exitCode, oracle.exitCode);
      assert.deepEqual(normalize(ours.stdout), normalize(oracle.stdout));
      // Not UTC: the zone's own name, and times that differ from UTC's.
      const utc = await svctui(sb, ['status', 'o-exit3.service'], { TZ: 'UTC' });
      const since = (t: string) => /since (\w{3} \S+ \S+ \S+);/.exec(t)?.[1];
      assert.notEqual(since(ours.stdout), since(utc.stdout));
      assert.doesNotMatch(since(ours.stdout) ?? '', / UTC$/);
    });
  }

  test('masked relative times really are relative times', async () => {
    const ours = await svctui(sandbox(), ['status', 'o-running.service']);
    assert.match(ours.stdout, /Active: active \(running\) since \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+; \d+(ms|s|min) ago\n/);
  });
});

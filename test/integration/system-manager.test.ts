// The default mode for real: svctui on a *system* manager (its own PID 1 in a box), as root and as
// unprivileged users — list, status (equal to systemctl's, the services' own output included),
// history, edit under /etc/systemd/system, handlers on a unit with User=, and words for what a
// user may not do.
import assert from 'node:assert/strict';
import { describe, before, test } from 'node:test';
import { ORACLE_STARTED, ORACLE_UNITS } from '../helpers/oracleUnits.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boxEditor, pathsHiddenInBox, svctuiInBox, useSystemBox } from '../helpers/systemBox.js';
import { waitFor } from '../helpers/wait.js';

const RELATIVE = /; (now|(\d+ (years?|months?|weeks?|days?) )?(\d+ (months?|days?) )?(\d+(y|month|w|d|h|min|s|ms|us) ?)+(ago|left)|\d+ days? (\d+h )?(ago|left))$/;
// CPU time moves between two runs (cgroup2 in the box counts it): compared by format only.
const normalize = (text: string) =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => {
      const m = RELATIVE.exec(l);
      const line = m ? l.slice(0, m.index) + '; <relative>' : l;
      return line.replace(/^( {8}CPU: )\d[\dmsin. ]*$/, '$1<cpu>');
    });

const SYSTEM_UNITS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(ORACLE_UNITS).filter(([name]) => !name.startsWith('o-core'))),
  // (A core dump's path differs between the box and the host; the user-manager oracle covers it.)
  'o-core.service': "[Unit]\nDescription=Oracle dumps core\n\n[Service]\nWorkingDirectory=/tmp\nLimitCORE=infinity\nExecStart=/bin/sh -c 'kill -SEGV $$$$'\n",
  's-talk.service': "[Unit]\nDescription=Says something and keeps running\n\n[Service]\nExecStart=/bin/sh -c 'sleep 0.1; echo hello from s-talk; echo second line; exec sleep infinity'\n",
  's-user.service': "[Unit]\nDescription=Runs as an unprivileged user\n\n[Service]\nUser=alice\nExecStart=/bin/sh -c 'sleep 0.3; exit 3'\n",
};

describe('the system manager', () => {
  const box = useSystemBox({ units: SYSTEM_UNITS });

  before(async () => {
    const b = box();
    await b.addUser('alice', 'alicepw');
    const r = await b.systemctl(['start', '--no-block', ...ORACLE_STARTED, 's-talk.service']);
    assert.equal(r.exitCode, 0, r.stderr);
    await waitFor(async () => (await b.systemctl(['show', '-p', 'ActiveState', '--value', 'o-exit3.service', 'o-sigkill.service', 'o-timeout.service'])).stdout.split('\n').filter((l) => l === 'failed').length === 3, 'the failing units to fail', 20_000);
    await waitFor(async () => (await b.systemctl(['show', '-p', 'SubState', '--value', 'o-stopped.service', 'o-graceful.service', 's-talk.service'])).stdout.split('\n').filter((l) => l === 'running').length === 3, 'the runners', 20_000);
    assert.equal((await b.systemctl(['stop', 'o-stopped.service', 'o-graceful.service'])).exitCode, 0);
  });

  for (const unit of ['systemd-journald.service', 's-talk.service', 'o-running.service', 'o-exit3.service', 'o-exec.service', 'o-sigkill.service', 'o-timeout.service', 'o-stopped.service', 'o-graceful.service', 'o-dropin.service', 'o-stoppost.service', 'o-oneshot.service', 'o-tick.timer', 'dbus.service', 'no-such-unit.service']) {
    test(`status ${unit} equals systemctl status, journal and CGroup tree included`, async () => {
      const b = box();
      const oracle = await b.systemctl(['status', unit]);
      const ours = await svctuiInBox(b, ['status', unit]);
      assert.equal(ours.exitCode, oracle.exitCode, ours.stderr);
      assert.deepEqual(normalize(ours.stdout), normalize(oracle.stdout));
      assert.equal(ours.stderr.trim(), oracle.stderr.trim());
    });
  }

  test('the journal tail has the service\'s own output on a system manager', async () => {
    // journald takes the output on its own socket: once journalctl has it, svctui must show it.
    await waitFor(async () => (await box().exec(['journalctl', '-u', 's-talk.service', '--no-pager'])).stdout.includes('hello from s-talk'), 'the output in the journal');
    const ours = await svctuiInBox(box(), ['status', 's-talk.service']);
    assert.match(ours.stdout, /\n\w{3} \d\d \d\d:\d\d:\d\d svctui-box sh\[\d+\]: hello from s-talk\n/);
  });

  test('list and history as root: exits and reasons from D-Bus and the system journal (UNIT=)', async () => {
    const b = box();
    const list = await svctuiInBox(b, ['list', '--all', '--files', '--json', 'o-*']);
    assert.equal(list.exitCode, 0, list.stderr);
    const rows = new Map((JSON.parse(list.stdout) as { unit: string; lastExit: string; stopReason: string }[]).map((r) => [r.unit, `${r.lastExit} ${r.stopReason}`]));
    assert.equal(rows.get('o-exit3.service'), '3 exit-code');
    assert.equal(rows.get('o-sigkill.service'), 'SIGKILL signal');
    assert.equal(rows.get('o-stopped.service'), 'SIGTERM stopped');
    assert.equal(rows.get('o-graceful.service'), '0/SUCCESS stopped');
    const history = await svctuiInBox(b, ['history', '--json', 'o-stopped.service']);
    const run = (JSON.parse(history.stdout) as { runs: { endedBy: string; sources: string[] }[] }).runs[0]!;
    assert.equal(run.endedBy, 'stop');
    assert.ok(run.sources.includes('journal'), `journal among ${run.sources.join(', ')}`);
  });

  test('a host path the box cannot see is refused in words before svctui runs; copied in, it is seen', async () => {
    const b = box();
    // The host's /tmp is not the box's: a checkout or helper there is invisible inside.
    const dir = mkdtempSync(join(tmpdir(), 'svctui-hidden-'));
    try {
      const helper = join(dir, 'helper.mjs');
      writeFileSync(helper, 'process.exit(0)\n');
      assert.deepEqual(pathsHiddenInBox(b, ['--exec', helper]), [helper]);
      await assert.rejects(svctuiInBox(b, ['list'], { env: { EDITOR: `/opt/svctui/node ${helper}` } }), (err: Error) => {
        assert.equal(err.message, `${helper} exists on the host but not inside the system box (it mounts its own /tmp, /run and unit folder): copy it in with box.copyIn() and pass the box's path`);
        return true;
      });
      const inside = b.copyIn(helper, '/opt/svctui-test/helper.mjs', 0o644);
      assert.deepEqual(pathsHiddenInBox(b, [inside]), []);
      assert.equal((await b.exec(['/opt/svctui/node', inside])).exitCode, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('edit under /etc/systemd/system as root; as a user it says what right is missing', async () => {
    const b = box();
    const r = await svctuiInBox(b, ['edit', 'o-running.service'], { env: { EDITOR: boxEditor(b), FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=SYS=1' } });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Wrote \/etc\/systemd\/system\/o-running\.service\.d\/override\.conf and reloaded the manager\./);
    assert.equal((await b.systemctl(['show', '-p', 'Environment', '--value', 'o-running.service'])).stdout.trim(), 'SYS=1');
    const alice = await svctuiInBox(b, ['edit', 'o-running.service'], { user: 'alice', env: { EDITOR: boxEditor(b), FAKE_EDITOR_MODE: 'keep' } });
    assert.equal(alice.exitCode, 1);
    assert.match(alice.stderr, /cannot write \/etc\/systemd\/system\/o-running\.service\.d\/override\.conf: permission denied on \/etc\/systemd\/system\/o-running\.service\.d\. Run svctui as root \(sudo\)/);
  });

  test('a handler on a unit with User= runs as that user; its simulation too', async () => {
    const b = box();
    const attach = await svctuiInBox(b, ['handler', 'attach', 's-user.service', '--template', 'log', '--when', 'failure', '--yes']);
    assert.equal(attach.exitCode, 0, attach.stdout + attach.stderr);
    assert.match(attach.stdout, /exit status 1 +exit-code\/exited\/1 +acts/);
    assert.equal((await b.systemctl(['start', 's-user.service'])).exitCode, 0);
    const uid = (await b.exec(['id', '-u', 'alice'])).stdout.trim();
    await waitFor(async () => {
      const j = await b.exec(['journalctl', '-q', '--no-pager', '-o', 'json', 'SYSLOG_IDENTIFIER=s-user.service--log.sh']);
      return j.stdout.split('\n').some((l) => l.includes('acting (SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=3)') && l.includes(`"_UID":"${uid}"`));
    }, 'the handler acting, as alice');
  });

  test('as an unprivileged user: browse what is readable; refusals and the missing journal in words', async () => {
    const b = box();
    const list = await svctuiInBox(b, ['list', '--all', '--files', 'o-exit3.service'], { user: 'alice' });
    assert.equal(list.exitCode, 0, list.stderr);
    assert.match(list.stdout, /o-exit3\.service +loaded failed +failed +3 +exit-code/);
    // (D-Bus has all a row needs here: list does not read the journal. history does, and says what is missing.)
    const history = await svctuiInBox(b, ['history', 'o-exit3.service'], { user: 'alice' });
    assert.equal(history.exitCode, 0, history.stderr);
    assert.match(history.stderr, /note: the journal is not readable for this user \(only your own messages\).*join the systemd-journal group/);
    const attach = await svctuiInBox(b, ['handler', 'attach', 'o-running.service', '--yes'], { user: 'alice' });
    assert.equal(attach.exitCode, 1);
    assert.match(attach.stderr, /cannot write \/etc\/systemd\/system\/o-running\.service\.d\/50-svctui-handler-log\.conf: permission denied on \/etc\/systemd\/system(\/o-running\.service\.d)?\. Run svctui as root \(sudo\): (sudo )?svctui handler attach o-running\.service/);
    assert.doesNotMatch(attach.stderr, /internal error|EPIPE|at .*\.m?js/);
    // An action without anyone to ask for a password: refused, in words (revert asks polkit). A
    // drop-in made by root gives revert something to do.
    assert.equal((await b.exec(['sh', '-c', 'mkdir -p /etc/systemd/system/o-running.service.d && printf "[Unit]\\nDescription=x\\n" > /etc/systemd/system/o-running.service.d/zz-alice.conf && systemctl daemon-reload'])).exitCode, 0);
    const revert = await svctuiInBox(b, ['revert', 'o-running.service', '--no-ask-password'], { user: 'alice', input: 'y\n' });
    assert.equal(revert.exitCode, 1);
    assert.match(revert.stderr, /needs authentication \(polkit\)\. Run svctui on a terminal without --no-ask-password to be asked for a password, run it as root \(sudo\), or allow it with a polkit rule/);
    assert.equal((await b.exec(['sh', '-c', 'rm -rf /etc/systemd/system/o-running.service.d/zz-alice.conf && systemctl daemon-reload'])).exitCode, 0);
  });
});

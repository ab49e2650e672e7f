// ExecStopPost handlers against a real manager: attach, stop the unit in every way for real,
// check what the handler saw and did, compare with the simulation, detach, and the refusals.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { showProps, svctui, useSandbox, waitForState } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

// A service whose way of ending is chosen by a file: exit0, exit3, kill, core, or run until stopped.
const modeUnit = (dir: string) => `[Unit]
Description=Ends as its mode file says

[Service]
WorkingDirectory=${dir}
LimitCORE=infinity
ExecStart=/bin/sh -c 'mode=$$(cat ${dir}/mode); case $$mode in exit0) sleep 0.2; exit 0;; exit3) sleep 0.2; exit 3;; kill) sleep 0.2; kill -KILL $$$$;; core) sleep 0.2; kill -SEGV $$$$;; *) exec sleep infinity;; esac'
`;

interface Record {
  unit: string;
  service_result: string;
  exit_code: string;
  exit_status: string;
}

describe('svctui handler', () => {
  const sandbox = useSandbox();
  let dir: string;
  const records = () =>
    existsSync(join(dir, 'stops.jsonl'))
      ? readFileSync(join(dir, 'stops.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record)
      : [];

  before(async () => {
    const sb = sandbox();
    dir = join(sb.root, 'work');
    mkdirSync(dir, { recursive: true });
    await sb.writeUnit('hd-mode.service', modeUnit(dir));
    await sb.writeUnit('hd-log.service', "[Service]\nExecStart=/bin/sh -c 'sleep 0.2; exit 3'\n");
    await sb.writeUnit('hd-status.service', `[Service]\nExecStart=/bin/sh -c 'sleep 0.2; exit $$(cat ${dir}/status-code)'\n`);
    await sb.daemonReload();
  });

  test('the seed\'s case: nothing on systemctl stop, the action with the code on exit 3 — and the simulation agrees', async () => {
    const sb = sandbox();
    const args = ['--template', 'json', '--when', 'not-stopped', '--file', join(dir, 'stops.jsonl'), '--name', 'seed'];
    const preview = await svctui(sb, ['handler', 'preview', 'hd-mode.service', ...args]);
    assert.equal(preview.exitCode, 0, preview.stdout + preview.stderr);
    assert.match(preview.stdout, /Drop-in .*hd-mode\.service\.d\/50-svctui-handler-seed\.conf:\n {2}# svctui handler "seed"/);
    assert.match(preview.stdout, /\n {2}ExecStopPost=-".*\/svctui\/handlers\/hd-mode\.service--seed\.sh" %n\n/);
    const table = Object.fromEntries(
      preview.stdout
        .split('\n')
        .filter((l) => /^ {2}[a-z]/.test(l) && /(acts|no) {2}/.test(l))
        .map((l) => {
          const [scenario, vars, acts] = l.trim().split(/ {2,}/);
          return [scenario!, { vars: vars!, acts: acts! }];
        }),
    );
    // Only what can happen to a Type=simple unit; the script's own decision.
    assert.deepEqual(table, {
      'stopped by request': { vars: 'success/killed/TERM', acts: 'no' },
      'killed by SIGTERM from outside': { vars: 'success/killed/TERM', acts: 'acts' },
      'stopped by request, exited 0': { vars: 'success/exited/0', acts: 'no' },
      'clean exit': { vars: 'success/exited/0', acts: 'acts' },
      'exit status 1': { vars: 'exit-code/exited/1', acts: 'acts' },
      killed: { vars: 'signal/killed/KILL', acts: 'acts' },
      'core dump': { vars: 'core-dump/dumped/SEGV', acts: 'acts' },
      'stop timeout': { vars: 'timeout/killed/KILL', acts: 'no' },
      // Not running, a unit reports no watchdog setting (WatchdogUSec=infinity): it may have one.
      watchdog: { vars: 'watchdog/killed/ABRT', acts: 'acts' },
    });
    assert.equal(records().length, 0, 'the simulation did nothing');

    const attach = await svctui(sb, ['handler', 'attach', 'hd-mode.service', ...args, '--yes']);
    assert.equal(attach.exitCode, 0, attach.stdout + attach.stderr);
    assert.match(attach.stdout, /Attached: .*50-svctui-handler-seed\.conf; the manager was reloaded/);

    const run = async (mode: string) => {
      const before = records().length;
      writeFileSync(join(dir, 'mode'), mode);
      await sb.systemctl(['reset-failed', 'hd-mode.service']);
      assert.equal((await sb.systemctl(['start', 'hd-mode.service'])).exitCode, 0);
      if (mode === 'run') {
        await waitForState(sb, 'hd-mode.service', { SubState: 'running' });
        assert.equal((await sb.systemctl(['stop', 'hd-mode.service'])).exitCode, 0);
      }
      await waitFor(async () => ['inactive', 'failed'].includes((await showProps(sb, 'hd-mode.service', ['ActiveState'])).ActiveState ?? ''), `hd-mode (${mode}) to end`);
      // ExecStopPost has run once the unit is inactive or failed.
      return records().slice(before);
    };
    assert.deepEqual(await run('run'), [], 'stopped by request: nothing happens');
    const [exit0] = await run('exit0');
    assert.deepEqual([exit0?.service_result, exit0?.exit_code, exit0?.exit_status], ['success', 'exited', '0']);
    const [exit3] = await run('exit3');
    assert.deepEqual([exit3?.unit, exit3?.service_result, exit3?.exit_code, exit3?.exit_status], ['hd-mode.service', 'exit-code', 'exited', '3']);
    const [kill] = await run('kill');
    assert.deepEqual([kill?.service_result, kill?.exit_code, kill?.exit_status], ['signal', 'killed', 'KILL']);
    const [core] = await run('core');
    assert.deepEqual([core?.service_result, core?.exit_code, core?.exit_status], ['core-dump', 'dumped', 'SEGV']);

    const listed = await svctui(sb, ['handler', 'list', 'hd-mode.service']);
    assert.match(listed.stdout, /ExecStopPost=-.*hd-mode\.service--seed\.sh hd-mode\.service \[failure ignored \(-\)\]\n {4}from .*50-svctui-handler-seed\.conf \(svctui handler "seed"\)\n {4}last run: pid \d+ at .*: code=exited, status=0\/SUCCESS/);

    // Detach asks first: "no" (or no answer) changes nothing.
    const kept = await svctui(sb, ['handler', 'detach', 'hd-mode.service', 'seed'], {}, 'n\n');
    assert.equal(kept.exitCode, 1);
    assert.equal(kept.stdout, 'Detach the handler "seed" from hd-mode.service (its drop-in and generated script are removed)? [y/N] Nothing was changed.\n');
    assert.equal(existsSync(join(sb.unitDir, 'hd-mode.service.d', '50-svctui-handler-seed.conf')), true);
    const detach = await svctui(sb, ['handler', 'detach', 'hd-mode.service', 'seed', '--yes']);
    assert.equal(detach.exitCode, 0, detach.stdout + detach.stderr);
    assert.equal(existsSync(join(sb.unitDir, 'hd-mode.service.d', '50-svctui-handler-seed.conf')), false);
    assert.equal(existsSync(join(sb.configHome, 'svctui', 'handlers', 'hd-mode.service--seed.sh')), false);
    assert.equal((await svctui(sb, ['handler', 'list', 'hd-mode.service'])).stdout, 'hd-mode.service has no ExecStopPost= handlers.\n');
  });

  test('the log template writes the stop to the journal', async () => {
    const sb = sandbox();
    assert.equal((await svctui(sb, ['handler', 'attach', 'hd-log.service', '--yes'])).exitCode, 0);
    assert.equal((await sb.systemctl(['start', 'hd-log.service'])).exitCode, 0);
    await waitForState(sb, 'hd-log.service', { ActiveState: 'failed' });
    await waitFor(async () => {
      // (In the sandbox, unit output lacks _SYSTEMD_USER_UNIT: its cgroups are not under user@.service.)
      const j = await sb.inside(['journalctl', '-q', '--no-pager', '-o', 'cat', 'SYSLOG_IDENTIFIER=hd-log.service--log.sh']);
      return j.stdout.includes('svctui-handler log: acting (SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=3)') && j.stdout.includes('hd-log.service stopped: SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=3');
    }, 'the handler lines in the journal');
  });

  test('on-status runs its command only for the listed statuses, on-failure only on failures; a custom snippet sees the variables', async () => {
    const sb = sandbox();
    const marker = join(dir, 'status-hit');
    const r = await svctui(sb, ['handler', 'attach', 'hd-status.service', '--template', 'on-status', '--statuses', '3,4', '--command', `echo "$EXIT_STATUS" >> ${marker}`, '--yes']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const f = await svctui(sb, ['handler', 'attach', 'hd-status.service', '--template', 'on-failure', '--command', `echo "failed $SERVICE_RESULT $EXIT_STATUS" >> ${join(dir, 'failures')}`, '--yes']);
    assert.equal(f.exitCode, 0, f.stdout + f.stderr);
    const c = await svctui(sb, ['handler', 'attach', 'hd-status.service', '--template', 'custom', '--name', 'snippet', '--command', `echo "custom saw $SERVICE_RESULT $EXIT_CODE $EXIT_STATUS" >> ${join(dir, 'custom')}`, '--yes']);
    assert.equal(c.exitCode, 0, c.stdout + c.stderr);
    for (const code of ['0', '3', '7', '4']) {
      writeFileSync(join(dir, 'status-code'), code);
      await sb.systemctl(['reset-failed', 'hd-status.service']);
      await sb.systemctl(['start', 'hd-status.service']);
      await waitFor(async () => readFileSync(join(dir, 'custom'), 'utf8').includes(` ${code}\n`), `the custom snippet for exit ${code}`);
    }
    assert.equal(readFileSync(marker, 'utf8'), '3\n4\n');
    assert.equal(readFileSync(join(dir, 'failures'), 'utf8'), 'failed exit-code 3\nfailed exit-code 7\nfailed exit-code 4\n', 'on-failure: not for the clean exit');
    assert.equal(readFileSync(join(dir, 'custom'), 'utf8'), 'custom saw success exited 0\ncustom saw exit-code exited 3\ncustom saw exit-code exited 7\ncustom saw exit-code exited 4\n');
  });

  test('security: executables others can change, or that belong to someone else, are refused', async () => {
    const sb = sandbox();
    const script = (name: string, mode: number) => {
      const p = join(dir, name);
      writeFileSync(p, '#!/bin/sh\n# honours SVCTUI_DRY_RUN\nexit 0\n', { mode });
      chmodSync(p, mode);
      return p;
    };
    const attachExec = (path: string) => svctui(sb, ['handler', 'attach', 'hd-log.service', '--exec', path, '--name', 'x', '--yes']);
    const worldWritable = await attachExec(script('ww.sh', 0o777));
    assert.equal(worldWritable.exitCode, 1);
    assert.match(worldWritable.stderr, /refusing to run .*ww\.sh as hd-log\.service's handler: .*can be changed by anyone \(mode 777\)/);
    const other = script('other.sh', 0o755);
    chownSync(other, 65534, 65534);
    const owned = await attachExec(other);
    assert.match(owned.stderr, /other\.sh belongs to uid 65534, who could change it; it must belong to root\./);
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    writeFileSync(join(open, 'h.sh'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const under = await attachExec(join(open, 'h.sh'));
    assert.match(under.stderr, /lies under .*\/open, which anyone can write to \(mode 777\)/);
    assert.equal(existsSync(join(sb.unitDir, 'hd-log.service.d', '50-svctui-handler-x.conf')), false, 'nothing attached');
    const fine = await attachExec(script('fine.sh', 0o755));
    assert.equal(fine.exitCode, 0, fine.stdout + fine.stderr);
  });

  test('bad input is said in words', async () => {
    const sb = sandbox();
    const r = await svctui(sb, ['handler', 'preview', 'hd-log.service', '--template', 'on-status']);
    assert.equal(r.exitCode, 2);
    assert.equal(r.stderr, 'svctui: cannot make this handler: list the exit statuses, e.g. --statuses 3,4 (numbers, or signal names such as KILL); the on-status template needs --command.\n');
    const t = await svctui(sb, ['handler', 'attach', 'hd-log.timer']);
    assert.match(t.stderr, /hd-log\.timer is not a service; ExecStopPost= handlers belong to services\./);
    const d = await svctui(sb, ['handler', 'detach', 'hd-log.service', 'nope']);
    assert.match(d.stderr, /hd-log\.service has no svctui handler named "nope"/);
  });

  test('handler test: a running unit is stopped and the json handler\'s record is the truth of its run; a stopped one is started and stopped', async () => {
    const sb = sandbox();
    await sb.writeUnit('hd-live.service', '[Service]\nExecStart=/bin/sleep infinity\nTimeoutStopSec=5\n');
    await sb.daemonReload();
    assert.equal((await sb.systemctl(['start', 'hd-live.service'])).exitCode, 0);
    const file = join(dir, 'live.jsonl');
    const attached = await svctui(sb, ['handler', 'attach', 'hd-live.service', '--template', 'json', '--when', 'always', '--file', file, '--yes']);
    assert.equal(attached.exitCode, 0, attached.stderr);
    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record) : []);
    const first = await svctui(sb, ['handler', 'test', 'hd-live.service'], {}, 's\n');
    assert.equal(first.exitCode, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /Test it live: hd-live\.service is active; \[s\]top or \[r\]estart it now/);
    assert.match(first.stdout, /Stop hd-live\.service: done\nThe handler ran: pid \d+ .*status=0\/SUCCESS/);
    assert.deepEqual(lines().map((r) => r.service_result), ['success'], 'the handler wrote one record: a stop by request');
    const second = await svctui(sb, ['handler', 'test', 'hd-live.service'], {}, 's\n');
    assert.equal(second.exitCode, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /hd-live\.service is inactive, so stopping it would run nothing; \[s\]tart it and stop it again/);
    assert.match(second.stdout, /Start hd-live\.service: done\nStop hd-live\.service: done\nThe handler ran: pid \d+/);
    assert.equal(lines().length, 2, 'a second record');
    // Declined: nothing happens.
    const no = await svctui(sb, ['handler', 'test', 'hd-live.service'], {}, '\n');
    assert.equal(no.exitCode, 0);
    assert.equal(lines().length, 2);
    assert.equal((await sb.systemctl(['is-active', 'hd-live.service'])).stdout.trim(), 'inactive');
  });
});

// svctui -H: a real sshd on 127.0.0.1 in front of the project's sandbox as "the remote machine".
// What svctui says over SSH must be what it says here; edits and handlers land on that host; and
// every way the connection can fail is said in words.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO_ROOT, svctui, useSandbox } from '../helpers/sandbox.js';
import { pathWithoutBridge, startSshd, useSshd, type Sshd } from '../helpers/sshd.js';

const UNITS = {
  'rm-run.service': '[Unit]\nDescription=Runs until stopped\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'rm-exit3.service': '[Unit]\nDescription=Exits 3\n\n[Service]\nType=oneshot\nExecStart=/bin/sh -c "sleep 0.1; echo going with 3; exit 3"\n',
  'rm-edit.service': '[Unit]\nDescription=Edited over SSH\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'rm-tick.timer': '[Unit]\nWants=rm-run.service\n\n[Timer]\nOnActiveSec=1h\nUnit=rm-exit3.service\n',
};

const EDITOR = `${process.execPath} ${REPO_ROOT}test/helpers/fake-editor.mjs`;

describe('svctui -H over SSH', () => {
  const sandbox = useSandbox({ units: UNITS });
  const sshd = useSshd();
  /** svctui -H root@127.0.0.1:PORT …, the sandbox's bus and journal named on the remote side. */
  const remote = (args: string[], env: Record<string, string> = {}, input?: string, s: Sshd = sshd()) => svctui(sandbox(), ['-H', s.destination, ...args], { PATH: s.path, ...env }, input);

  test('list, status and history say over SSH what they say here', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'rm-run.service'])).exitCode, 0);
    await sb.systemctl(['start', 'rm-exit3.service']);
    const local = await svctui(sb, ['list', '--all', '--files', '--json', 'rm-*']);
    const there = await remote(['list', '--all', '--files', '--json', 'rm-*']);
    assert.equal(there.exitCode, 0, there.stderr);
    assert.equal(there.stdout, local.stdout);
    assert.match(there.stdout, /"unit": "rm-exit3.service",[^}]*"lastExit": "3"/);

    // status: the same lines (the relative times are normalised: a second may pass between the two).
    const ago = (t: string) => t.replace(/; [^;\n]* ago/g, '; … ago');
    const localStatus = await svctui(sb, ['status', 'rm-run.service', 'rm-exit3.service']);
    const remoteStatus = await remote(['status', 'rm-run.service', 'rm-exit3.service']);
    assert.equal(remoteStatus.exitCode, localStatus.exitCode);
    assert.equal(ago(remoteStatus.stdout), ago(localStatus.stdout));
    assert.match(remoteStatus.stdout, /going with 3/, 'the journal tail, read on that host');
    assert.match(remoteStatus.stdout, /└─\d+ \/bin\/sleep infinity/, 'the process tree, with names from that host');

    const localHistory = await svctui(sb, ['history', '--json', 'rm-exit3.service']);
    const remoteHistory = await remote(['history', '--json', 'rm-exit3.service']);
    assert.equal(remoteHistory.exitCode, 0, remoteHistory.stderr);
    assert.deepEqual(JSON.parse(remoteHistory.stdout).runs, JSON.parse(localHistory.stdout).runs);

    // timers (NEXT from that host's clocks) and the dependency tree, as here.
    assert.equal((await sb.systemctl(['start', 'rm-tick.timer'])).exitCode, 0);
    const localTimers = JSON.parse((await svctui(sb, ['timers', '--json', 'rm-*'])).stdout) as { unit: string; next: number }[];
    const remoteTimers = await remote(['timers', '--json', 'rm-*']);
    assert.equal(remoteTimers.exitCode, 0, remoteTimers.stderr);
    const there1 = JSON.parse(remoteTimers.stdout) as typeof localTimers;
    assert.deepEqual(there1.map((t) => t.unit), ['rm-tick.timer']);
    // (/proc/uptime, read over SSH, has 10 ms steps; the monotonic clock here, µs.)
    assert.ok(Math.abs(there1[0]!.next - localTimers[0]!.next) < 50_000, `NEXT over SSH ${there1[0]!.next} vs here ${localTimers[0]!.next}`);
    const deps = await remote(['dependencies', 'rm-tick.timer'], { LANG: 'C.UTF-8' });
    assert.equal(deps.stdout, (await svctui(sb, ['dependencies', 'rm-tick.timer'], { LANG: 'C.UTF-8' })).stdout);
    assert.match(deps.stdout, /rm-run\.service/);

    const missing = await remote(['status', 'rm-nope.service']);
    assert.equal(missing.exitCode, 4);
    // It all went over SSH: the bus through the bridge, the journal and process names read there.
    const log = readFileSync(sshd().log, 'utf8');
    assert.match(log, /systemd-stdio-bridge --bus-path=unix:path=\S+\/runtime\/bus/);
    assert.match(log, /exec env SYSTEMD_COLORS=0 LANG=C.UTF-8 journalctl -o json/);
    assert.match(log, /\/proc\/\$p\/comm/);
  });

  test('an edit is made here and written there, validated by that host', async () => {
    const sb = sandbox();
    const r = await remote(['edit', 'rm-edit.service'], { SYSTEMD_EDITOR: EDITOR, FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\nEnvironment=OVER=ssh\n' });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const dropIn = join(sb.unitDir, 'rm-edit.service.d', 'override.conf');
    assert.equal(readFileSync(dropIn, 'utf8'), '[Service]\nEnvironment=OVER=ssh\n');
    assert.equal(statSync(dropIn).mode & 0o7777, 0o644);
    assert.equal(statSync(join(sb.unitDir, 'rm-edit.service.d')).mode & 0o7777, 0o755);
    assert.match((await sb.systemctl(['show', '-p', 'Environment', 'rm-edit.service'])).stdout, /OVER=ssh/);
    // A bad key is found by systemd-analyze on that host, and nothing is written.
    const bad = await remote(['edit', 'rm-edit.service', '--drop-in', 'bad'], { SYSTEMD_EDITOR: EDITOR, FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\nNoSuchKey=1\n' }, 'd\n');
    assert.equal(bad.exitCode, 1);
    assert.match(bad.stdout, /rm-edit\.service\.d\/bad\.conf:2: Unknown key 'NoSuchKey' in section \[Service\]/);
    assert.equal(existsSync(join(sb.unitDir, 'rm-edit.service.d', 'bad.conf')), false);
    // Validated and written there.
    const log = readFileSync(sshd().log, 'utf8');
    assert.match(log, /&& exec env XDG_RUNTIME_DIR=\S+ SYSTEMD_LOG_COLOR=0 SYSTEMD_COLORS=0 systemd-analyze --user verify/);
    assert.match(log, /svctui write \S+\/rm-edit\.service\.d\/override\.conf override\.conf 644/);
    const revert = await remote(['revert', 'rm-edit.service'], {}, 'y\n');
    assert.equal(revert.exitCode, 0, revert.stdout + revert.stderr);
    assert.equal(existsSync(dropIn), false);
  });

  test('a handler previewed, attached and detached on that host', async () => {
    const sb = sandbox();
    const preview = await remote(['handler', 'preview', 'rm-run.service', '--template', 'on-status', '--statuses', '3', '--command', 'echo got $EXIT_STATUS']);
    assert.equal(preview.exitCode, 0, preview.stderr);
    assert.match(preview.stdout, /exit status 3 +exit-code\/exited\/3 +acts/);
    const attach = await remote(['handler', 'attach', 'rm-run.service', '--yes']);
    assert.equal(attach.exitCode, 0, attach.stdout + attach.stderr);
    const script = join(sb.configHome, 'svctui', 'handlers', 'rm-run.service--log.sh');
    assert.equal(statSync(script).mode & 0o7777, 0o755);
    assert.match((await remote(['handler', 'list', 'rm-run.service'])).stdout, /svctui handler "log"/);
    const detach = await remote(['handler', 'detach', 'rm-run.service', 'log', '--yes']);
    assert.equal(detach.exitCode, 0, detach.stdout + detach.stderr);
    assert.equal(existsSync(script), false);
  });

  test('failures are said in words: unknown host key, wrong key, nothing listening, bad destination', async () => {
    const s = sshd();
    const unknown = await remote(['list'], { PATH: `${s.variants.unknownHostKey}:${process.env.PATH}` });
    assert.equal(unknown.exitCode, 1);
    assert.equal(unknown.stderr, `svctui: cannot connect to ${s.destination}: the host key of ${s.destination} is not known; svctui never accepts one for you: connect once with "ssh ${s.destination}", check the key and accept it, then try again\n`);
    const wrongKey = await remote(['list'], { PATH: `${s.variants.wrongKey}:${process.env.PATH}` });
    assert.equal(wrongKey.exitCode, 1);
    assert.match(wrongKey.stderr, new RegExp(`^svctui: cannot connect to ${s.destination.replace(/\./g, '\\.')}: authentication to .* failed \\(.*Permission denied.*\\); check the user name, your key or agent`));
    const closed = await svctui(sandbox(), ['-H', 'root@127.0.0.1:1', 'list'], { PATH: s.path });
    assert.equal(closed.exitCode, 1);
    assert.match(closed.stderr, /^svctui: cannot connect to root@127\.0\.0\.1:1: root@127\.0\.0\.1:1 is unreachable: the connection was refused \(is sshd running there, on that port\?\)\n$/);
    const option = await svctui(undefined, ['--host=-oProxyCommand=touch /tmp/pwned', 'list']);
    assert.equal(option.exitCode, 2);
    assert.match(option.stderr, /^svctui: -H "-oProxyCommand=touch \/tmp\/pwned": it contains spaces, quotes or shell characters/);
    const dash = await svctui(undefined, ['--host=-oX', 'list']);
    assert.match(dash.stderr, /the host name is not valid/);
  });
});

describe('svctui -H to a host without systemd-stdio-bridge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svctui-nobridge-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let stop: (() => Promise<void>) | undefined;
  after(async () => stop?.());

  test('says what is missing there', async () => {
    const started = await startSshd({ setEnvPath: pathWithoutBridge(dir) });
    stop = started.stop;
    const r = await svctui(undefined, ['-H', started.sshd.destination, 'list'], { PATH: started.sshd.path });
    assert.equal(r.exitCode, 1);
    assert.equal(r.stderr, `svctui: ${started.sshd.destination} has no systemd-stdio-bridge (svctui reaches systemd there through it, as systemctl -H does): is systemd installed on that host?\n`);
  });
});

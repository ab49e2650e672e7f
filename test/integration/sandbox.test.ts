// The sandbox must confine its manager, and leave nothing behind: not on stop, not when its owner
// is terminated, not when its owner is killed outright.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { startSandbox, sweepStaleSandboxes } from '../../src/host/sandbox/sandbox.js';
import { startSystemBox, sweepStaleBoxes } from '../../src/host/sandbox/systemBox.js';
import { REPO_ROOT } from '../helpers/sandbox.js';
import { asUser, otherUid, publicSvctui } from '../helpers/otherUser.js';
import { waitFor } from '../helpers/wait.js';

const pid1Cgroups = () => readFileSync('/proc/1/cgroup', 'utf8');

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

interface ChildInfo {
  id: string;
  root: string;
  managerPid: number;
  journaldPid: number;
  cgroupDirs: string[];
  error?: string;
}

function startOwner(kind: 'user' | 'system' = 'user') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/sandbox-child.ts', kind], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = new Promise<ChildInfo>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)) as ChildInfo);
    });
    child.on('exit', (code) => (buf ? undefined : reject(new Error(`owner exited with ${code} before reporting`))));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, info, exited };
}

function assertNothingLeft(info: Pick<ChildInfo, 'root' | 'managerPid' | 'journaldPid' | 'cgroupDirs'>) {
  assert.equal(alive(info.managerPid), false, 'manager is gone');
  assert.equal(alive(info.journaldPid), false, 'journald is gone');
  for (const d of info.cgroupDirs) assert.equal(existsSync(d), false, `${d} is removed`);
  assert.equal(existsSync(info.root), false, `${info.root} is removed`);
}

describe('sandbox', () => {
  test('boots a real manager, confined, and stop leaves nothing behind', async () => {
    const before = pid1Cgroups();
    const sb = await startSandbox();
    const info = { root: sb.root, managerPid: sb.managerPid, journaldPid: sb.journaldPid!, cgroupDirs: [...sb.cgroupDirs] };
    try {
      assert.ok(info.journaldPid > 0);
      assert.equal(pid1Cgroups(), before, "PID 1's cgroups are untouched while the manager runs");
      // The manager lives inside its subtree, in every hierarchy it can see.
      const own = readFileSync(`/proc/${sb.managerPid}/cgroup`, 'utf8');
      assert.match(own, new RegExp(`name=systemd:/${sb.id}/`));
      assert.equal((await sb.systemctl(['show', '--property=SystemState', '--value'])).stdout.trim(), 'running');
    } finally {
      await sb.stop();
    }
    assertNothingLeft(info);
    assert.equal(pid1Cgroups(), before);
    assert.match(pid1Cgroups(), /^(\d+:[^:\n]*:\/\n)+$/);
  });

  test('two sandboxes run side by side without sharing anything', async () => {
    const [a, b] = await Promise.all([startSandbox(), startSandbox()]);
    try {
      assert.notEqual(a.id, b.id);
      assert.notEqual(a.busAddress, b.busAddress);
      await a.writeUnit('only-in-a.service', '[Service]\nExecStart=/bin/sleep infinity\n');
      await a.daemonReload();
      assert.equal((await a.systemctl(['start', 'only-in-a.service'])).exitCode, 0);
      assert.equal((await a.systemctl(['is-active', 'only-in-a.service'])).stdout.trim(), 'active');
      assert.notEqual((await b.systemctl(['is-active', 'only-in-a.service'])).stdout.trim(), 'active');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('SIGTERM to the owning process tears the sandbox down', async () => {
    const owner = startOwner();
    const info = await owner.info;
    assert.equal(info.error, undefined);
    assert.ok(alive(info.managerPid));
    owner.child.kill('SIGTERM');
    await owner.exited;
    assert.equal(owner.child.exitCode, 143);
    assertNothingLeft(info);
  });

  test('SIGKILL of the owner: the manager dies with it and the next start sweeps the rest', async () => {
    const owner = startOwner();
    const info = await owner.info;
    owner.child.kill('SIGKILL');
    await owner.exited;
    await waitFor(() => !alive(info.managerPid) && !alive(info.journaldPid), 'the orphaned manager and journald to exit');
    sweepStaleSandboxes();
    assertNothingLeft(info);
  });

  test('refuses to start without root, in words (the real binary, as another user, from any checkout)', async () => {
    const { node, bin } = publicSvctui();
    for (const args of [['--demo', 'list'], ['--demo', '--user', 'list']]) {
      const r = await asUser(otherUid(), [node, bin, ...args]);
      assert.equal(r.exitCode, 1, r.stderr);
      assert.match(r.stderr, /^svctui: cannot start the demo sandbox: the (system-manager|systemd) sandbox needs root/);
    }
  });
});

describe('system-manager sandbox', () => {
  test('boots systemd as PID 1 of its own namespaces, confined; stop leaves nothing', async () => {
    const before = pid1Cgroups();
    const box = await startSystemBox({ units: { 'b-hello.service': '[Service]\nExecStart=/bin/sh -c "echo hello from the box; sleep infinity"\n' } });
    const info = { root: box.dir, managerPid: box.initPid, journaldPid: 0, cgroupDirs: [`/sys/fs/cgroup/unified/${box.id}`] };
    try {
      assert.equal(pid1Cgroups(), before, "PID 1's cgroups are untouched while the box runs");
      // Inside, it is PID 1; outside, it lives in the box's cgroup2 subtree only.
      assert.equal((await box.exec(['cat', '/proc/1/comm'])).stdout.trim(), 'systemd');
      assert.match(readFileSync(`/proc/${box.initPid}/cgroup`, 'utf8'), new RegExp(`^0::/${box.id}/payload/init\\.scope$`, 'm'));
      // Its root is an overlay, /proc/sys is read-only, it runs in container mode.
      assert.equal((await box.exec(['stat', '-f', '-c', '%T', '/'])).stdout.trim(), 'overlayfs');
      assert.notEqual((await box.exec(['sh', '-c', 'echo 1 > /proc/sys/kernel/core_pattern'])).exitCode, 0);
      assert.equal((await box.systemctl(['show', '-p', 'Virtualization', '--value'])).stdout.trim(), 'container-other');
      // A unit's own output reaches its journal, with _SYSTEMD_UNIT (the user sandbox lacks it).
      assert.equal((await box.systemctl(['start', 'b-hello.service'])).exitCode, 0);
      await waitFor(async () => (await box.exec(['journalctl', '-q', '--no-pager', '-u', 'b-hello.service', '-o', 'cat'])).stdout.includes('hello from the box'), 'the output in the journal');
      // A user made inside exists only inside.
      await box.addUser('b-user', 'pw');
      assert.equal((await box.exec(['id', '-u', 'b-user'])).exitCode, 0);
      assert.doesNotMatch(readFileSync('/etc/passwd', 'utf8'), /^b-user:/m);
    } finally {
      await box.stop();
    }
    assertNothingLeft(info);
    assert.equal(pid1Cgroups(), before);
  });

  test('SIGKILL of the owner: the box dies with it and the next start sweeps its cgroups', async () => {
    const owner = startOwner('system');
    const info = await owner.info;
    assert.equal(info.error, undefined);
    assert.ok(alive(info.managerPid));
    owner.child.kill('SIGKILL');
    await owner.exited;
    await waitFor(() => !alive(info.managerPid), 'the box to die with its owner', 10_000);
    sweepStaleBoxes();
    for (const d of info.cgroupDirs) assert.equal(existsSync(d), false, `${d} is swept`);
    assert.match(pid1Cgroups(), /^(\d+:[^:\n]*:\/\n)+$/);
  });
});

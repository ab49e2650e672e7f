// The sandbox must confine its manager, and leave nothing behind: not on stop, not when its owner
// is terminated, not when its owner is killed outright.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { startSandbox, sweepStaleSandboxes } from '../../src/sandbox/sandbox.js';
import { REPO_ROOT } from '../helpers/sandbox.js';
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

function startOwner(uid?: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/sandbox-child.ts'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(uid === undefined ? {} : { uid, gid: uid, env: { ...process.env, HOME: '/tmp' } }),
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

  test('refuses to start without root, in words', async () => {
    const owner = startOwner(65534);
    const info = await owner.info;
    await owner.exited;
    assert.match(info.error ?? '', /needs root/);
  });
});

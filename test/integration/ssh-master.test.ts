// The SSH side of -H under faults: a killed ControlMaster is started again (a new one within 10 s,
// and the next command still works); the control folder is gone after SIGTERM during a command,
// and a dead process's folder is collected at the next start. A real sshd on 127.0.0.1.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SshHost, collectStaleControlDirs } from '../../src/host/ssh/sshHost.js';
import { SVCTUI_BIN } from '../helpers/sandbox.js';
import { useSshd } from '../helpers/sshd.js';
import { waitFor } from '../helpers/wait.js';

/** The ssh -M processes whose control socket is in this folder. */
async function masters(dir: string): Promise<number[]> {
  const r = await execa('pgrep', ['-f', '--', `-M -S ${dir}/control`], { reject: false });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

describe('ssh ControlMaster and control folders', () => {
  const sshd = useSshd();

  test('a killed master: a new one within 10 s, and commands keep working', async () => {
    const s = sshd();
    const savedPath = process.env.PATH;
    process.env.PATH = s.path;
    const host = await SshHost.open(s.destination, { timeoutMs: 10_000 });
    try {
      const dir = (host as unknown as { dir: string }).dir;
      const [first] = await masters(dir);
      assert.ok(first, 'a master runs');
      process.kill(first!, 'SIGKILL');
      await waitFor(async () => {
        const now = await masters(dir);
        return now.length === 1 && now[0] !== first && existsSync(join(dir, 'control')) ? true : undefined;
      }, 'a new master', 10_000);
      const r = await host.run('echo', ['still here'], { timeoutMs: 10_000 });
      assert.equal(r.stdout.trim(), 'still here');
    } finally {
      await host.close();
      process.env.PATH = savedPath;
    }
  });

  test('SIGTERM while a command runs over SSH leaves no control folder', async () => {
    const s = sshd();
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('svctui-ssh-')));
    // Killed as soon as its control folder exists (connecting, or talking to that host).
    const child = execa(process.execPath, [SVCTUI_BIN, '-H', s.destination, '--bus-address', 'unix:path=/nonexistent/bus', 'list'], { env: { PATH: s.path }, reject: false });
    await waitFor(() => (readdirSync(tmpdir()).some((n) => n.startsWith('svctui-ssh-') && !before.has(n)) ? true : undefined), 'its control folder', 10_000);
    child.kill('SIGTERM');
    const r = await child;
    assert.ok(r.exitCode === 143 || r.exitCode === 1, `ended (${r.exitCode}): ${r.stderr}`);
    const left = readdirSync(tmpdir()).filter((n) => n.startsWith('svctui-ssh-') && !before.has(n));
    assert.deepEqual(left, [], 'no control folder left');
  });

  test("a dead process's control folder is collected; a live one's and another's are not", () => {
    const base = join(tmpdir(), `svctui-stale-test-${process.pid}`);
    mkdirSync(base, { recursive: true, mode: 0o700 });
    const dead = join(base, 'svctui-ssh-dead');
    const live = join(base, 'svctui-ssh-live');
    const noOwner = join(base, 'svctui-ssh-noowner');
    for (const d of [dead, live, noOwner]) mkdirSync(d, { mode: 0o700 });
    writeFileSync(join(dead, 'owner'), '999999\n');
    writeFileSync(join(live, 'owner'), `${process.ppid}\n`);
    assert.deepEqual(collectStaleControlDirs(base), [dead]);
    assert.equal(existsSync(dead), false);
    assert.equal(existsSync(live), true);
    assert.equal(existsSync(noOwner), true);
  });
});

// A second, unprivileged local user, as an attacker or as a user without rights: a uid of its own
// (no password entry needed), commands run as it with setpriv. Also a copy of the built svctui
// that such a user can run, wherever the checkout is (a clone under /root is closed to others).
import { execa } from 'execa';
import { cpSync, linkSync, mkdtempSync, rmSync, chmodSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { REPO_ROOT } from './sandbox.js';

/** A uid no one on this machine uses: different per test process. */
export function otherUid(): number {
  return 47000 + (process.pid % 9000);
}

/** Runs argv as `uid` (its own group, no supplementary groups, a clean environment). */
export async function asUser(uid: number, argv: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}) {
  const r = await execa('setpriv', ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', '--', 'env', '-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', ...Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`), ...argv], {
    reject: false,
    cwd: options.cwd ?? '/',
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    timeout: 60_000,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

/** Runs a shell line as `uid` (for planting files as the attacker). */
export async function shAsUser(uid: number, script: string) {
  const r = await asUser(uid, ['/bin/sh', '-ec', script]);
  if (r.exitCode !== 0) throw new Error(`as uid ${uid}: ${script}\n${r.stderr}`);
  return r;
}

let copy: { dir: string; node: string; bin: string } | undefined;

/** The built svctui (bin + dist) and its Node, in a folder everyone may read, for other users. */
export function publicSvctui(): { node: string; bin: string } {
  if (copy) return copy;
  const dir = mkdtempSync(join(tmpdir(), 'svctui-public-'));
  chmodSync(dir, 0o755);
  cpSync(join(REPO_ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  const node = join(dir, 'node');
  try {
    linkSync(process.execPath, node);
  } catch {
    copyFileSync(process.execPath, node);
  }
  chmodSync(node, 0o755);
  copy = { dir, node, bin: join(dir, 'bin', 'svctui') };
  return copy;
}

after(() => {
  if (copy) rmSync(copy.dir, { recursive: true, force: true });
});

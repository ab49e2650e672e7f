// A private, confined `systemd --user` manager with its own journald, for tests and `--demo`.
//
// Why all the ceremony: a systemd manager moves every process of the cgroup it starts in into its
// own init.scope. Started in the root cgroup it would capture PID 1 and the whole machine. So the
// launcher first joins a fresh cgroup subtree of its own, then enters new mount and cgroup
// namespaces (the subtree becomes "/"), mounts only the named systemd hierarchy and cgroup2 inside
// a private tmpfs, and only then execs the manager. See shared/reference/systemd-sandbox.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeFileAtomic } from '../local/safeFs.js';

export const SYSTEMD_BINARY = '/lib/systemd/systemd';
export const JOURNALD_BINARY = '/lib/systemd/systemd-journald';
const CGROUP_ROOT = '/sys/fs/cgroup';
const ID_PREFIX = 'svctui-sandbox-';

export class SandboxError extends Error {
  override name = 'SandboxError';
}

export interface Sandbox {
  readonly id: string;
  /** Root folder holding everything the sandbox writes (removed on stop). */
  readonly root: string;
  readonly busAddress: string;
  readonly runtimeDir: string;
  readonly configHome: string;
  /** Where unit files go: $XDG_CONFIG_HOME/systemd/user. */
  readonly unitDir: string;
  /** Folder with the journal files, for `journalctl -D`. */
  readonly journalDir: string;
  readonly managerPid: number;
  readonly journaldPid: number | undefined;
  /** The cgroup folders the sandbox is confined in (removed on stop). */
  readonly cgroupDirs: readonly string[];
  /** Environment that points systemctl/busctl/journalctl --user at this sandbox. */
  readonly env: Record<string, string>;
  writeUnit(name: string, text: string): Promise<void>;
  daemonReload(): Promise<void>;
  systemctl(args: string[]): Promise<CommandResult>;
  /** Runs a command inside the sandbox's mount namespace (sees its journal under /run/log). */
  inside(args: string[]): Promise<CommandResult>;
  stop(): Promise<void>;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface SandboxOptions {
  /** Unit files to install before the manager boots: name → text. */
  units?: Record<string, string>;
  /** Milliseconds to wait for the manager to reach running. */
  bootTimeoutMs?: number;
}

type CgroupLayout = { kind: 'hybrid'; dirs: string[] } | { kind: 'unified'; dirs: string[] };

function detectCgroupLayout(id: string): CgroupLayout {
  if (existsSync(join(CGROUP_ROOT, 'systemd')) && existsSync(join(CGROUP_ROOT, 'unified', 'cgroup.procs'))) {
    return { kind: 'hybrid', dirs: [join(CGROUP_ROOT, 'systemd', id), join(CGROUP_ROOT, 'unified', id)] };
  }
  if (existsSync(join(CGROUP_ROOT, 'cgroup.controllers'))) {
    return { kind: 'unified', dirs: [join(CGROUP_ROOT, id)] };
  }
  throw new SandboxError(
    'cannot find a cgroup hierarchy to confine the sandbox in (expected /sys/fs/cgroup/systemd + unified, or a cgroup2 mount at /sys/fs/cgroup)',
  );
}

/** Checks what the sandbox needs and says in words what is missing. */
export function checkSandboxPrerequisites(): void {
  if (process.getuid?.() !== 0) {
    throw new SandboxError('the systemd sandbox needs root (it creates cgroups and namespaces); run as root');
  }
  for (const bin of [SYSTEMD_BINARY, JOURNALD_BINARY, '/usr/bin/unshare', '/usr/bin/setpriv', '/usr/bin/dbus-daemon']) {
    if (!existsSync(bin)) {
      throw new SandboxError(`the systemd sandbox needs ${bin}, which is missing; install the Debian packages systemd, dbus-user-session and util-linux`);
    }
  }
  if (!existsSync('/usr/lib/systemd/user/dbus.socket')) {
    throw new SandboxError('the systemd sandbox needs the user bus units (/usr/lib/systemd/user/dbus.socket); install the Debian package dbus-user-session');
  }
}

// The launcher: join the subtree, then new namespaces, then mounts, journald, and finally the manager.
// The manager gets PDEATHSIG=TERM so that if the owning node process dies hard, the manager still
// goes down (and the next sandbox start sweeps the leftover cgroup folders).
const LAUNCHER = String.raw`
set -eu
for d in $CGDIRS; do echo $$ > "$d/cgroup.procs"; done
exec unshare --mount --cgroup --propagation private -- /bin/sh -c "$INNER" sandbox-inner
`;

const INNER = String.raw`
set -eu
if [ "$LAYOUT" = hybrid ]; then
  mount -t tmpfs -o mode=755,size=1m svctui-cgroup /sys/fs/cgroup
  mkdir /sys/fs/cgroup/systemd /sys/fs/cgroup/unified
  mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
  mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified
else
  mount -t cgroup2 cgroup2 /sys/fs/cgroup
fi
mount -t tmpfs -o mode=755,size=64m svctui-run /run/systemd  # daemon-reload wants 16M free here
mkdir -p /run/systemd/system /run/systemd/journald.conf.d
printf '[Journal]\nStorage=volatile\nReadKMsg=no\nForwardToSyslog=no\nForwardToKMsg=no\nForwardToConsole=no\nForwardToWall=no\nRateLimitBurst=0\n' > /run/systemd/journald.conf.d/svctui-sandbox.conf
mount --bind "$SANDBOX_ROOT/log" /run/log
setpriv --pdeathsig TERM -- "$JOURNALD" </dev/null >/dev/null 2>"$SANDBOX_ROOT/journald.stderr" &
echo $! > "$SANDBOX_ROOT/journald.pid"
i=0
while [ ! -S /run/systemd/journal/stdout ]; do
  i=$((i+1)); if [ $i -gt 500 ]; then echo "journald did not create its socket" >&2; exit 1; fi
  sleep 0.01
done
export HOME="$SANDBOX_ROOT/home" XDG_RUNTIME_DIR="$SANDBOX_ROOT/runtime" XDG_CONFIG_HOME="$SANDBOX_ROOT/config"
export XDG_DATA_HOME="$SANDBOX_ROOT/home/.local/share" XDG_STATE_HOME="$SANDBOX_ROOT/home/.local/state" XDG_CACHE_HOME="$SANDBOX_ROOT/home/.cache"
# The launcher's own variables must not become the units' default environment.
exec env -u CGDIRS -u INNER -u LAYOUT -u JOURNALD -u SYSTEMD -u SANDBOX_ROOT setpriv --pdeathsig TERM -- "$SYSTEMD" --user --log-target=journal </dev/null
`;

const live = new Set<SandboxImpl>();
let exitHooksInstalled = false;
let counter = 0;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const sb of live) sb.stopSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      for (const sb of live) sb.stopSync();
      // Re-raise the default behaviour: exit with 128 + signal number.
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[sig]);
    });
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** All cgroup folders below (and including) dir, deepest first. */
function cgroupTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...cgroupTree(join(dir, entry.name)));
  }
  out.push(dir);
  return out;
}

function processesIn(dirs: string[]): number[] {
  const pids = new Set<number>();
  for (const top of dirs) {
    for (const d of cgroupTree(top)) {
      try {
        for (const line of readFileSync(join(d, 'cgroup.procs'), 'utf8').split('\n')) {
          const pid = Number(line);
          if (pid > 0) pids.add(pid);
        }
      } catch {
        // the folder vanished meanwhile
      }
    }
  }
  return [...pids];
}

/** Kills whatever is left in the subtree and removes its folders. Synchronous so it can run on exit. */
function destroySubtree(dirs: string[]): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    const pids = processesIn(dirs);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    sleepSync(20);
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    let left = false;
    for (const top of dirs) {
      for (const d of cgroupTree(top)) {
        try {
          rmdirSync(d);
        } catch {
          left = true;
        }
      }
    }
    if (!left) return;
    sleepSync(20);
  }
}

const ownerOf = (name: string) => Number(name.slice(ID_PREFIX.length).split('-')[0]);

/**
 * Removes what sandboxes left behind when their owning process died without cleaning up (e.g. a
 * test run killed with -9): processes and cgroup folders of the subtree, and the temp folder.
 */
export function sweepStaleSandboxes(): void {
  const parents = [join(CGROUP_ROOT, 'systemd'), join(CGROUP_ROOT, 'unified'), CGROUP_ROOT];
  for (const parent of parents) {
    let names: string[];
    try {
      names = readdirSync(parent).filter((n) => n.startsWith(ID_PREFIX));
    } catch {
      continue;
    }
    for (const name of names) {
      const owner = ownerOf(name);
      if (owner > 0 && !pidAlive(owner)) destroySubtree([join(parent, name)]);
    }
  }
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(ID_PREFIX))) {
    const owner = ownerOf(name);
    if (owner > 0 && !pidAlive(owner)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

class SandboxImpl implements Sandbox {
  readonly unitDir: string;
  readonly env: Record<string, string>;
  readonly busAddress: string;
  readonly runtimeDir: string;
  readonly configHome: string;
  readonly journalDir: string;
  private stopped = false;

  constructor(
    readonly id: string,
    readonly root: string,
    readonly cgroupDirs: string[],
    private readonly child: ChildProcess,
  ) {
    this.runtimeDir = join(root, 'runtime');
    this.configHome = join(root, 'config');
    this.unitDir = join(this.configHome, 'systemd', 'user');
    this.journalDir = join(root, 'log', 'journal');
    this.busAddress = `unix:path=${join(this.runtimeDir, 'bus')}`;
    this.env = {
      XDG_RUNTIME_DIR: this.runtimeDir,
      XDG_CONFIG_HOME: this.configHome,
      DBUS_SESSION_BUS_ADDRESS: this.busAddress,
      SYSTEMD_PAGER: '',
      SYSTEMD_COLORS: '0',
    };
  }

  get managerPid(): number {
    return this.child.pid ?? 0;
  }

  get journaldPid(): number | undefined {
    return readPid(join(this.root, 'journald.pid'));
  }

  async writeUnit(name: string, text: string): Promise<void> {
    await writeUnitFile(this.unitDir, name, text);
  }

  async daemonReload(): Promise<void> {
    const r = await this.systemctl(['daemon-reload']);
    if (r.exitCode !== 0) throw new SandboxError(`daemon-reload failed: ${r.stderr.trim()}`);
  }

  async systemctl(args: string[]): Promise<CommandResult> {
    return run('systemctl', ['--user', '--no-pager', ...args], this.env);
  }

  async inside(args: string[]): Promise<CommandResult> {
    const [cmd, ...rest] = args;
    if (!cmd) throw new SandboxError('inside() needs a command');
    return run('nsenter', ['--target', String(this.managerPid), '--mount', '--', cmd, ...rest], this.env);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    // The user manager answers SIGTERM by starting exit.target: units are stopped properly.
    this.signalManager('SIGTERM');
    const deadline = Date.now() + 5000;
    while (this.child.exitCode === null && this.child.signalCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    this.stopSync();
  }

  private signalManager(sig: NodeJS.Signals): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      this.child.kill(sig);
    } catch {
      // gone
    }
  }

  /** Forceful, synchronous teardown: used after a graceful stop, and from exit/signal handlers. */
  stopSync(): void {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    this.signalManager('SIGTERM');
    const journaldPid = this.journaldPid;
    // Give the manager a moment to shut its units down when we got here straight from a signal.
    for (let i = 0; i < 100 && pidAlive(this.managerPid) && !isZombie(this.managerPid); i++) sleepSync(20);
    if (journaldPid && pidAlive(journaldPid)) {
      try {
        process.kill(journaldPid, 'SIGTERM');
      } catch {
        // gone
      }
      for (let i = 0; i < 50 && pidAlive(journaldPid) && !isZombie(journaldPid); i++) sleepSync(10);
    }
    destroySubtree(this.cgroupDirs);
    rmSync(this.root, { recursive: true, force: true });
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function run(cmd: string, args: string[], env: Record<string, string>): Promise<CommandResult> {
  const r = await execa(cmd, args, { env, reject: false, stdin: 'ignore', timeout: 60_000 });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? 1 };
}

/** Writes a unit file (or NAME.d/drop-in.conf) atomically, mode 0644. */
export async function writeUnitFile(dir: string, name: string, text: string): Promise<void> {
  await writeFileAtomic(join(dir, name), text, { mode: 0o644 });
}

/** Boots a confined sandbox and resolves once `systemctl --user is-system-running` says running/degraded. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  checkSandboxPrerequisites();
  sweepStaleSandboxes();
  installExitHooks();

  const id = `${ID_PREFIX}${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const layout = detectCgroupLayout(id);
  const root = mkdtempSync(join(tmpdir(), `${id}-`));
  for (const sub of ['runtime', 'config/systemd/user', 'log', 'home']) mkdirSync(join(root, sub), { recursive: true, mode: 0o700 });
  for (const [name, text] of Object.entries(options.units ?? {})) await writeUnitFile(join(root, 'config/systemd/user'), name, text);
  for (const d of layout.dirs) mkdirSync(d);

  const child = spawn('/bin/sh', ['-c', LAUNCHER, 'sandbox-launcher'], {
    env: {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      CGDIRS: layout.dirs.join(' '),
      LAYOUT: layout.kind,
      INNER,
      SANDBOX_ROOT: root,
      JOURNALD: JOURNALD_BINARY,
      SYSTEMD: SYSTEMD_BINARY,
      LANG: 'C.UTF-8',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();

  const sandbox = new SandboxImpl(id, root, layout.dirs, child);
  live.add(sandbox);
  try {
    await waitForBoot(sandbox, child, () => stderr, options.bootTimeoutMs ?? 15_000);
  } catch (err) {
    sandbox.stopSync();
    throw err;
  }
  return sandbox;
}

async function waitForBoot(sb: SandboxImpl, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new SandboxError(`the sandbox manager exited during boot (${child.exitCode ?? child.signalCode}): ${stderr().trim() || 'no output'}`);
    }
    if (existsSync(join(sb.runtimeDir, 'systemd', 'private'))) {
      // Not is-system-running: outside the namespace there is no /run/systemd/system, so it says "offline".
      const r = await sb.systemctl(['show', '--property=SystemState', '--value']);
      last = r.stdout.trim() || r.stderr.trim();
      if (last === 'running' || last === 'degraded') {
        if (existsSync(join(sb.runtimeDir, 'bus')) && statSync(join(sb.runtimeDir, 'bus')).isSocket()) return;
      }
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new SandboxError(`the sandbox manager did not reach "running" within ${timeoutMs} ms (last state: ${last || 'unknown'})`);
}

// A private *system* manager for tests and `svctui --demo`: systemd as PID 1 of its own PID, mount,
// UTS, IPC, network and cgroup namespaces, with its own system bus, journald, polkit and users, on
// a machine whose PID 1 is not systemd. See shared/reference/systemd-system-sandbox.md.
//
// Confinement, and why:
// - a cgroup subtree in the cgroup2 hierarchy only (never a v1 one), and a cgroup namespace rooted
//   below it: the manager sees a pure cgroup2 /sys/fs/cgroup of its own and can move nothing else;
// - an overlay of the host's / as its root, with the writes in RAM: users, unit files, hostname and
//   machine-id vanish with the box; /proc/sys and the other kernel knobs are read-only, /dev is a
//   small tmpfs, the host's own enabled units are hidden;
// - container mode ($container), so it sets no clock and unmounts nothing at shutdown, and a
//   reduced capability bounding set;
// - teardown on stop, on exit and signals; when the owner is killed outright, the launcher dies
//   with it (parent-death signal), which takes the box's PID 1 and so the whole box along, and the
//   next start removes the leftover cgroup folders.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { SandboxError, type CommandResult } from './sandbox.js';
import { shellQuote } from '../../core/quoting.js';

const CG2 = '/sys/fs/cgroup/unified';
const ID_PREFIX = 'svctui-box-';
const CONTAINER = 'svctui-box';
const TARGET = 'svctui-box.target';
const SYSTEMD = '/lib/systemd/systemd';
/** SIGRTMIN+4: systemd's poweroff request (Node has no name for real-time signals). */
const SIGRTMIN_4 = 38;
const CAPDROP = '-sys_module,-sys_time,-sys_rawio,-mknod,-mac_admin,-mac_override,-audit_control,-audit_read,-syslog,-wake_alarm,-block_suspend,-sys_pacct';

/** Units that would touch the kernel or the host's hardware: masked in the box. */
const MASKED = [
  'systemd-sysctl.service', 'systemd-binfmt.service', 'proc-sys-fs-binfmt_misc.automount', 'proc-sys-fs-binfmt_misc.mount',
  'systemd-modules-load.service', 'kmod-static-nodes.service', 'systemd-random-seed.service', 'systemd-firstboot.service',
  'systemd-repart.service', 'systemd-pcrphase.service', 'systemd-pcrphase-sysinit.service', 'systemd-machine-id-commit.service',
  'systemd-sysusers.service', 'systemd-hwdb-update.service', 'ldconfig.service', 'systemd-journald-audit.socket',
  'sys-kernel-config.mount', 'sys-kernel-debug.mount', 'sys-kernel-tracing.mount', 'sys-fs-fuse-connections.mount', 'dev-hugepages.mount',
  'systemd-udevd.service', 'systemd-udevd-control.socket', 'systemd-udevd-kernel.socket', 'systemd-udev-trigger.service',
  'systemd-udev-settle.service', 'systemd-timesyncd.service', 'systemd-remount-fs.service', 'systemd-fsck-root.service',
  'systemd-tmpfiles-clean.timer', 'systemd-ask-password-console.path', 'systemd-ask-password-wall.path',
  'systemd-update-utmp.service', 'systemd-update-utmp-runlevel.service', 'systemd-pstore.service', 'console-getty.service',
  'keyboard-setup.service', 'console-setup.service', 'e2scrub_reap.service', 'apt-daily.timer', 'apt-daily-upgrade.timer',
  'man-db.timer', 'dpkg-db-backup.timer', 'logrotate.timer', 'fstrim.timer', 'ssh.service', 'ssh.socket', 'cron.service',
];

// Host side, in its own session: join the box's cgroup, then start the namespaces under a pty
// (systemd wants a terminal for /dev/console). If the owner dies, setpriv's parent-death signal
// kills script; its pty hangs up, unshare dies, and --kill-child ends the box's PID 1.
const LAUNCH = String.raw`
set -eu
echo $$ > "$BOX_CG/cgroup.procs"
exec setpriv --pdeathsig KILL -- script -qfec 'exec unshare --pid --fork --kill-child=SIGKILL --mount --uts --ipc --net $BOX_TIME --propagation private -- /bin/sh -c "$BOX_INIT"' "$BOX_DIR/console.log"
`;

// PID 1 of the new PID namespace: into the payload cgroup, then a cgroup namespace rooted there.
const INIT = String.raw`
set -eu
echo 0 > "$BOX_CG/payload/cgroup.procs"
exec unshare --cgroup -- /bin/sh -c "$BOX_BUILD"
`;

// Still PID 1: build the root (an overlay of / with its writes in RAM) and exec systemd in it.
const BUILD = String.raw`
set -eu
S="$BOX_DIR/ns"
R="$S/root"
mount -t tmpfs -o mode=0700,size=512m svctui-box-state "$S"
mkdir "$S/upper" "$S/work" "$R"
mount -t overlay -o "lowerdir=/,upperdir=$S/upper,workdir=$S/work" svctui-box-root "$R"
[ "$(stat -f -c %T "$R")" = overlayfs ] || { echo "the box root is not an overlay" >&2; exit 1; }
mount -t proc -o nosuid,nodev,noexec proc "$R/proc"
for p in sys sysrq-trigger irq bus fs acpi scsi asound apm mtrr; do
  [ -e "$R/proc/$p" ] || continue
  mount --bind "$R/proc/$p" "$R/proc/$p"
  mount -o remount,bind,ro "$R/proc/$p"
done
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$R/sys"
mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$R/sys/fs/cgroup"
mount -t tmpfs -o mode=755,nosuid,strictatime,size=4m,nr_inodes=16k svctui-box-dev "$R/dev"
for d in "null 1 3" "zero 1 5" "full 1 7" "random 1 8" "urandom 1 9" "tty 5 0"; do
  set -- $d
  mknod -m 666 "$R/dev/$1" c "$2" "$3"
done
mkdir -m 755 "$R/dev/pts"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5,nosuid,noexec devpts "$R/dev/pts"
ln -s pts/ptmx "$R/dev/ptmx"
mkdir -m 1777 "$R/dev/shm"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$R/dev/shm"
ln -s /proc/self/fd "$R/dev/fd"
ln -s /proc/self/fd/0 "$R/dev/stdin"
ln -s /proc/self/fd/1 "$R/dev/stdout"
ln -s /proc/self/fd/2 "$R/dev/stderr"
: > "$R/dev/console"
tty=$(readlink /proc/self/fd/0)
case $tty in /dev/pts/*) mount --bind "$tty" "$R/dev/console" ;; *) chmod 600 "$R/dev/console" ;; esac
mount -t tmpfs -o mode=755,nosuid,nodev,size=256m svctui-box-run "$R/run"
mount -t tmpfs -o mode=1777,nosuid,nodev svctui-box-tmp "$R/tmp"
mount -t tmpfs -o mode=755 svctui-box-units "$R/etc/systemd/system"
echo "$CONTAINER_NAME" > "$R/etc/hostname"
# Its name resolves, as on a Debian host (sudo looks its host up, and waits on DNS otherwise).
printf '127.0.1.1\t%s\n' "$CONTAINER_NAME" >> "$R/etc/hosts"
rm -f "$R/var/lib/dbus/machine-id"
ln -s /etc/machine-id "$R/var/lib/dbus/machine-id"
mkdir -p "$R/run/host" "$R/run/systemd/system" "$R/run/systemd/journald.conf.d"
echo "$CONTAINER_NAME" > "$R/run/host/container-manager"
printf '[Journal]\nStorage=volatile\nReadKMsg=no\nForwardToSyslog=no\nForwardToWall=no\nForwardToConsole=no\nRuntimeMaxUse=64M\nRateLimitBurst=0\n' > "$R/run/systemd/journald.conf.d/svctui-box.conf"
printf '[Unit]\nDescription=svctui sandbox: basic system, system bus, polkit\nRequires=basic.target\nWants=dbus.service polkit.service\nAfter=basic.target dbus.service polkit.service\nAllowIsolate=yes\n' > "$R/run/systemd/system/$BOX_TARGET"
for u in $BOX_MASKED; do ln -s /dev/null "$R/run/systemd/system/$u"; done
cd "$R"
mkdir .svctui-oldroot
pivot_root . .svctui-oldroot
cd /
umount -l /.svctui-oldroot
rmdir /.svctui-oldroot
exec env -i container="$CONTAINER_NAME" TERM=dumb setpriv --bounding-set "$BOX_CAPDROP" "$BOX_SYSTEMD" --unit="$BOX_TARGET" --machine-id="$BOX_MID"
`;

export interface ExecOptions {
  /** Run as this user of the box (setpriv; no login session). */
  user?: string;
  /** Run through `su --pty - USER -c …`: a login session (logind), as polkit's text agent needs. */
  login?: string;
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

export interface SystemBox {
  readonly id: string;
  /** The host folder of the box's own files (its console log); removed on stop. */
  readonly dir: string;
  /** The host PID of the box's systemd (PID 1 inside). */
  readonly initPid: number;
  /** The box's / as seen from the host (/proc/PID/root). */
  readonly root: string;
  readonly busAddress: string;
  readonly journalDir: string;
  /** /etc/systemd/system of the box, from the host. */
  readonly unitDir: string;
  readonly machineId: string;
  /** The argv that runs a command inside (all the box's namespaces), for a terminal (tmux). */
  execArgv(argv: string[], o?: ExecOptions): string[];
  exec(argv: string[], o?: ExecOptions): Promise<CommandResult>;
  systemctl(args: string[], o?: ExecOptions): Promise<CommandResult>;
  writeUnit(name: string, text: string): void;
  daemonReload(): Promise<void>;
  /** Creates a user in the box (its home too), with a password when given; returns its uid. */
  addUser(name: string, password?: string): Promise<number>;
  /** Copies the built svctui and its Node into the box (/opt/svctui): readable by every user there. */
  installSvctui(repoRoot: string): { node: string; bin: string };
  /**
   * Copies a host file into the box at `boxPath` (readable by every user there) and returns that
   * path. The box mounts its own /tmp, /run and unit folder, so a host path is not always visible
   * inside: whatever a command in the box runs must be copied in this way.
   */
  copyIn(hostPath: string, boxPath: string, mode?: number): string;
  /** Whether `path` (as a command in the box sees it) exists inside the box. */
  existsInside(path: string): boolean;
  stop(): Promise<void>;
}

const boxes = new Set<BoxImpl>();
let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const b of boxes) b.stopSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      for (const b of boxes) b.stopSync();
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[sig]);
    });
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function procsIn(cg: string): number[] {
  const out: number[] = [];
  const walk = (d: string) => {
    try {
      for (const l of readFileSync(join(d, 'cgroup.procs'), 'utf8').split('\n')) if (Number(l) > 0) out.push(Number(l));
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    } catch {
      // gone meanwhile
    }
  };
  walk(cg);
  return out;
}

/** Kills everything in the subtree (cgroup.kill) and removes its folders, deepest first. */
function destroyCgroup(cg: string): void {
  if (!existsSync(cg)) return;
  try {
    writeFileSync(join(cg, 'cgroup.kill'), '1');
  } catch {
    for (const pid of procsIn(cg)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  for (let i = 0; i < 100 && procsIn(cg).length; i++) sleepSync(20);
  const dirs: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    dirs.push(d);
  };
  for (let i = 0; i < 50; i++) {
    dirs.length = 0;
    try {
      walk(cg);
    } catch {
      return;
    }
    let left = false;
    for (const d of dirs) {
      try {
        rmdirSync(d);
      } catch {
        left = true;
      }
    }
    if (!left) return;
    sleepSync(20);
  }
}

/** Removes the cgroups of boxes whose owner is gone (killed outright). */
export function sweepStaleBoxes(): void {
  let names: string[] = [];
  try {
    names = readdirSync(CG2).filter((n) => n.startsWith(ID_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const owner = Number(name.slice(ID_PREFIX.length).split('-')[0]);
    if (owner > 0 && !alive(owner)) destroyCgroup(join(CG2, name));
  }
}

/** Why the box cannot start here, in words (undefined when it can). */
export function systemBoxProblem(): string | undefined {
  if (process.getuid?.() !== 0) return 'the system-manager sandbox needs root (it creates cgroups and namespaces); run as root';
  if (readFileSync('/proc/1/cgroup', 'utf8').split('\n').some((l) => l && !l.endsWith(':/'))) return 'PID 1 is not in the root cgroups (is a systemd manager running on this machine?): refusing to start a sandbox';
  if (!existsSync(join(CG2, 'cgroup.procs'))) return `no cgroup2 hierarchy at ${CG2}: the system-manager sandbox needs a host with the hybrid cgroup layout`;
  for (const bin of [SYSTEMD, '/usr/bin/unshare', '/usr/bin/setpriv', '/usr/bin/script', '/usr/bin/nsenter', '/usr/bin/dbus-daemon', '/usr/lib/polkit-1/polkitd']) {
    if (!existsSync(bin)) return `the system-manager sandbox needs ${bin}, which is missing (Debian packages: systemd, util-linux, bsdutils, dbus, polkitd)`;
  }
  return undefined;
}

const q = shellQuote;

class BoxImpl implements SystemBox {
  readonly root: string;
  readonly busAddress: string;
  readonly journalDir: string;
  readonly unitDir: string;
  private stopped = false;

  constructor(
    readonly id: string,
    readonly dir: string,
    readonly initPid: number,
    readonly machineId: string,
    private readonly cg: string,
    private readonly launcher: ChildProcess,
  ) {
    this.root = `/proc/${initPid}/root`;
    this.busAddress = `unix:path=${this.root}/run/dbus/system_bus_socket`;
    this.journalDir = `${this.root}/run/log/journal/${machineId}`;
    this.unitDir = `${this.root}/etc/systemd/system`;
  }

  execArgv(argv: string[], o: ExecOptions = {}): string[] {
    const env = Object.entries({ PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', TERM: process.env.TERM ?? 'dumb', ...o.env }).map(([k, v]) => `${k}=${v}`);
    let inner: string[];
    if (o.login) inner = ['su', '--pty', '-', o.login, '-c', [...env.map((e) => `export ${q(e)};`), ...argv.map(q)].join(' ')];
    else if (o.user) inner = ['setpriv', '--reuid', o.user, '--regid', o.user, '--init-groups', '--reset-env', '--', 'env', ...env, ...argv];
    else inner = ['env', '-i', 'HOME=/root', 'USER=root', 'LOGNAME=root', ...env, ...argv];
    // The command joins the box's "exec" cgroup first, so that stopping the box also ends it.
    const line = `echo $$ > ${q(join(this.cg, 'exec', 'cgroup.procs'))} && exec nsenter -t ${this.initPid} -a -- "$@"`;
    return ['/bin/sh', '-c', line, 'svctui-box-exec', ...inner];
  }

  async exec(argv: string[], o: ExecOptions = {}): Promise<CommandResult> {
    const [cmd, ...args] = this.execArgv(argv, o);
    const r = await execa(cmd!, args, { reject: false, timeout: o.timeoutMs ?? 60_000, ...(o.input === undefined ? { stdin: 'ignore' as const } : { input: o.input }) });
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? 1 };
  }

  systemctl(args: string[], o: ExecOptions = {}): Promise<CommandResult> {
    return this.exec(['systemctl', '--no-pager', ...args], o);
  }

  writeUnit(name: string, text: string): void {
    const path = join(this.unitDir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text, { mode: 0o644 });
  }

  async daemonReload(): Promise<void> {
    const r = await this.systemctl(['daemon-reload']);
    if (r.exitCode !== 0) throw new SandboxError(`daemon-reload in the box failed: ${r.stderr.trim()}`);
  }

  async addUser(name: string, password?: string): Promise<number> {
    const add = await this.exec(['useradd', '--create-home', '--shell', '/bin/bash', name]);
    if (add.exitCode !== 0) throw new SandboxError(`useradd ${name} in the box failed: ${add.stderr.trim()}`);
    if (password !== undefined) {
      const pw = await this.exec(['chpasswd'], { input: `${name}:${password}\n` });
      if (pw.exitCode !== 0) throw new SandboxError(`chpasswd in the box failed: ${pw.stderr.trim()}`);
    }
    return Number((await this.exec(['id', '-u', name])).stdout.trim());
  }

  installSvctui(repoRoot: string): { node: string; bin: string } {
    const target = join(this.root, 'opt', 'svctui');
    if (!existsSync(join(target, 'node'))) {
      mkdirSync(target, { recursive: true, mode: 0o755 });
      copyFileSync(process.execPath, join(target, 'node'));
      chmodSync(join(target, 'node'), 0o755);
      cpSync(join(repoRoot, 'bin'), join(target, 'bin'), { recursive: true });
      cpSync(join(repoRoot, 'dist'), join(target, 'dist'), { recursive: true });
    }
    return { node: '/opt/svctui/node', bin: '/opt/svctui/bin/svctui' };
  }

  copyIn(hostPath: string, boxPath: string, mode = 0o755): string {
    if (!boxPath.startsWith('/') || boxPath.split('/').includes('..')) throw new SandboxError(`not an absolute path inside the box: ${boxPath}`);
    const target = join(this.root, boxPath);
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    copyFileSync(hostPath, target);
    chmodSync(target, mode);
    return boxPath;
  }

  existsInside(path: string): boolean {
    return existsSync(join(this.root, path));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.killExecs();
    // poweroff.target: the box's units stop properly, then its PID 1 exits.
    try {
      process.kill(this.initPid, SIGRTMIN_4);
    } catch {
      // already gone
    }
    const deadline = Date.now() + 10_000;
    while (alive(this.initPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    this.stopSync();
  }

  /** Commands run inside first: a zombie whose parent is outside the box delays its shutdown. */
  private killExecs(): void {
    destroyCgroupProcs(join(this.cg, 'exec'));
  }

  stopSync(): void {
    if (this.stopped) return;
    this.stopped = true;
    boxes.delete(this);
    this.killExecs();
    if (alive(this.initPid)) {
      try {
        process.kill(this.initPid, SIGRTMIN_4);
      } catch {
        // gone
      }
      for (let i = 0; i < 250 && alive(this.initPid); i++) sleepSync(20);
    }
    destroyCgroup(this.cg);
    try {
      this.launcher.kill('SIGKILL');
    } catch {
      // gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function destroyCgroupProcs(cg: string): void {
  if (!existsSync(cg)) return;
  try {
    writeFileSync(join(cg, 'cgroup.kill'), '1');
  } catch {
    // not supported: the box's own teardown ends them
  }
  for (let i = 0; i < 50 && procsIn(cg).length; i++) sleepSync(20);
}

/** Boots a box to its small target (system bus and polkit up); ~0.5 s. */
export interface SystemBoxOptions {
  units?: Record<string, string>;
  bootTimeoutMs?: number;
  /**
   * A time namespace whose CLOCK_MONOTONIC and CLOCK_BOOTTIME run this many seconds ahead of the
   * host's (a container's clocks): what svctui reads of "that host's clocks" must be the box's.
   */
  clockOffsetSec?: number;
}

export async function startSystemBox(options: SystemBoxOptions = {}): Promise<SystemBox> {
  const problem = systemBoxProblem();
  if (problem) throw new SandboxError(problem);
  sweepStaleBoxes();
  installHooks();
  const id = `${ID_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
  const machineId = randomBytes(16).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), `${id}-`));
  mkdirSync(join(dir, 'ns'));
  const cg = join(CG2, id);
  mkdirSync(cg);
  mkdirSync(join(cg, 'payload'));
  mkdirSync(join(cg, 'exec'));
  if (!existsSync(join(cg, 'cgroup.kill'))) {
    destroyCgroup(cg);
    rmSync(dir, { recursive: true, force: true });
    throw new SandboxError('this kernel has no cgroup.kill (5.14 or newer is needed) for a safe teardown');
  }
  const launcher = spawn('/bin/sh', ['-c', LAUNCH, 'svctui-box-launch'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      BOX_CG: cg,
      BOX_DIR: dir,
      BOX_MID: machineId,
      BOX_INIT: INIT,
      BOX_BUILD: BUILD,
      BOX_TARGET: TARGET,
      BOX_MASKED: MASKED.join(' '),
      BOX_CAPDROP: CAPDROP,
      BOX_SYSTEMD: SYSTEMD,
      BOX_TIME: options.clockOffsetSec ? `--time --monotonic ${Math.trunc(options.clockOffsetSec)} --boottime ${Math.trunc(options.clockOffsetSec)}` : '',
      CONTAINER_NAME: CONTAINER,
      SHELL: '/bin/sh',
    },
  });
  let stderr = '';
  launcher.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  launcher.unref();
  (launcher.stderr as { unref?: () => void } | null)?.unref?.();
  const fail = (why: string): never => {
    destroyCgroup(cg);
    const consoleLog = existsSync(join(dir, 'console.log')) ? readFileSync(join(dir, 'console.log'), 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new SandboxError(`${why}${stderr.trim() ? `: ${stderr.trim()}` : ''}${consoleLog.trim() ? `\n--- console ---\n${consoleLog}` : ''}`);
  };
  const deadline = Date.now() + (options.bootTimeoutMs ?? 20_000);
  // The manager is the one process of payload/init.scope once it has set itself up.
  let initPid = 0;
  while (!initPid) {
    if (Date.now() > deadline) fail('the sandbox manager did not start');
    try {
      const pid = Number(readFileSync(join(cg, 'payload', 'init.scope', 'cgroup.procs'), 'utf8').split('\n')[0]);
      if (pid > 0 && readlinkSync(`/proc/${pid}/exe`).endsWith('/systemd')) initPid = pid;
    } catch {
      // not yet
    }
    if (!initPid && launcher.exitCode !== null) fail('the sandbox launcher exited during boot');
    if (!initPid) await new Promise((r) => setTimeout(r, 20));
  }
  const box = new BoxImpl(id, dir, initPid, machineId, cg, launcher);
  boxes.add(box);
  try {
    let state = '';
    for (;;) {
      if (Date.now() > deadline) throw new SandboxError(`the sandbox manager did not reach "running" (last state: ${state || 'unknown'})`);
      if (existsSync(join(box.root, 'run', 'dbus', 'system_bus_socket'))) {
        const r = await execa('busctl', [`--address=${box.busAddress}`, 'get-property', 'org.freedesktop.systemd1', '/org/freedesktop/systemd1', 'org.freedesktop.systemd1.Manager', 'SystemState'], { reject: false, timeout: 2000 });
        state = /^s "(.*)"$/.exec(String(r.stdout).trim())?.[1] ?? state;
        if (state === 'running' || state === 'degraded') break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    if (readFileSync('/proc/1/cgroup', 'utf8').split('\n').some((l) => l && !l.endsWith(':/'))) throw new SandboxError('PID 1 cgroups changed while the box booted');
    for (const [name, text] of Object.entries(options.units ?? {})) box.writeUnit(name, text);
    if (options.units && Object.keys(options.units).length) await box.daemonReload();
  } catch (err) {
    box.stopSync();
    throw err;
  }
  return box;
}

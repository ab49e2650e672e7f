// Another machine over SSH (svctui -H), with nothing installed there but systemd: the bus through
// `ssh HOST systemd-stdio-bridge` (as systemctl -H does), tools and files through the same SSH
// connection (one ControlMaster per host, in a folder only this user can enter, closed on exit).
// svctui runs the `ssh` found first in PATH, so ~/.ssh/config, the agent and known_hosts apply as
// usual; a host key that is not known is never accepted on the user's behalf.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { makePrivateTempDirSync } from '../local/safeFs.js';
import { join } from 'node:path';
import type { Bus, BusTarget } from '../bus.js';
import type { BecomeOptions, Host, HostFiles, HostIdentity, ToolOptions, ToolResult } from '../host.js';
import { followInThread, runInThread, type FollowRunner, type ToolRunner } from '../tools.js';
import { connectInThread, connectInWorker } from '../dbus/hostBus.js';
import { parseDestination, shellWord, type Destination } from './destination.js';
import { sshFiles } from './sshFiles.js';

/** Failing to reach or use the host, in words. */
export class SshError extends Error {
  override name = 'SshError';
}

/** ssh's own words (its last stderr lines) turned into what happened and what to do. */
export function describeSshFailure(dest: string, stderr: string, exitCode: number | undefined): string {
  const said = stderr.trim().split('\n').filter((l) => l && !/^Warning: Permanently added/.test(l));
  const last = said.pop() ?? '';
  const all = stderr;
  if (/Host key verification failed|No .*host key is known|REMOTE HOST IDENTIFICATION HAS CHANGED/.test(all)) {
    const changed = /IDENTIFICATION HAS CHANGED/.test(all);
    return changed
      ? `the host key of ${dest} has changed since it was last accepted; svctui does not connect (check with the host's administrator, then fix ~/.ssh/known_hosts)`
      : `the host key of ${dest} is not known; svctui never accepts one for you: connect once with "ssh ${dest}", check the key and accept it, then try again`;
  }
  if (/Could not resolve hostname/.test(all)) return `${dest} is unreachable: its name does not resolve (${last})`;
  if (/kex_exchange_identification: (Connection closed|read: Connection reset)|Connection closed by remote host|ssh_exchange_identification/.test(all)) {
    return `${dest} is unreachable: the connection closed before SSH began (the network, a ProxyCommand, or an sshd that refuses: too many connections at once?)`;
  }
  if (/Connection refused/.test(all)) return `${dest} is unreachable: the connection was refused (is sshd running there, on that port?)`;
  if (/timed out|No route to host|Network is unreachable/.test(all)) return `${dest} is unreachable: ${last}`;
  if (/Permission denied|Too many authentication failures/.test(all)) return `authentication to ${dest} failed (${last}); check the user name, your key or agent (ssh-add), or run svctui on a terminal to type a password`;
  if (/ssh: not found|No such file or directory.*ssh|ENOENT/.test(all) && exitCode === undefined) return 'ssh is not installed here: install the OpenSSH client (apt-get install openssh-client)';
  return `ssh to ${dest} failed${exitCode !== undefined ? ` (exit status ${exitCode})` : ''}${last ? `: ${last}` : ''}`;
}

const PROBE = [
  'printf "%s\\n" "$(id -u)" "$(id -un)" "$HOME" "${XDG_RUNTIME_DIR:-}" "$(hostname 2>/dev/null || uname -n)" "$(id -Gn)" "$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)"',
  'command -v systemd-stdio-bridge || echo',
].join('; ');

const CONTROL_PREFIX = 'svctui-ssh-';

/**
 * Control folders are removed on every way out: a normal end, process.exit (the UI's signal
 * handler), and SIGINT/SIGTERM/SIGHUP when nothing else handles them (a command line's Ctrl-C).
 */
const openDirs = new Set<string>();
let hooksInstalled = false;
function removeOpenDirs(): void {
  for (const dir of openDirs) rmSync(dir, { recursive: true, force: true });
  openDirs.clear();
}
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', removeOpenDirs);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // Another handler (the UI's, polkit's question) decides what the signal does; it exits through
      // process.exit, and the exit hook cleans up then.
      if (process.listenerCount(sig) > 1) return;
      removeOpenDirs();
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[sig]);
    };
    process.on(sig, onSignal);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Control folders of svctui processes that died without cleaning up (SIGKILL, a crash): this
 * user's own private folders whose owner process is gone. Nothing else is touched.
 */
export function collectStaleControlDirs(base = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base).filter((n) => n.startsWith(CONTROL_PREFIX));
  } catch {
    return removed;
  }
  const uid = process.getuid?.() ?? -1;
  for (const name of names) {
    const dir = join(base, name);
    try {
      const st = lstatSync(dir);
      if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o777) !== 0o700) continue;
      const owner = Number(readFileSync(join(dir, 'owner'), 'utf8').trim());
      if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || processAlive(owner)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // not ours, or already gone
    }
  }
  return removed;
}

/** Rebuilding a master that died: first after this long, doubling up to the cap. */
const REBUILD_FIRST_MS = 500;
const REBUILD_MAX_MS = 30_000;

export interface SshOptions {
  timeoutMs?: number;
  /** A person is at the terminal: ssh may ask for a password or passphrase (otherwise BatchMode). */
  interactive?: boolean;
  /**
   * Privilege on the far side (Ansible's become): the bus, tools and file writes through sudo as
   * this user (root by default). sudo must not ask (NOPASSWD): `sudo -n`, refused in words if it would.
   */
  become?: BecomeOptions;
}



export class SshHost implements Host {
  readonly kind = 'ssh';
  readonly files: HostFiles;
  private runner: ToolRunner = runInThread;
  private follower: FollowRunner = followInThread;
  private master: ChildProcess | undefined;
  private closed = false;

  private constructor(
    readonly destination: Destination,
    /** The folder (0700) with the control socket. */
    private readonly dir: string,
    private readonly options: SshOptions,
    public identity: HostIdentity = { hostname: destination.host, uid: -1, user: '', home: '/', runtimeDir: '', groups: [], bootId: '' },
    private bridgePath = '',
  ) {
    this.files = sshFiles((file, args, o) => this.run(file, args, o), this.label);
  }

  get name(): string {
    return this.destination.text;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The host in messages. */
  get label(): string {
    return `${this.destination.text} (over SSH)`;
  }

  private get controlPath(): string {
    return join(this.dir, 'control');
  }

  /** ssh's arguments up to and including the destination (then the remote command). */
  private sshArgs(extra: string[] = []): string[] {
    const d = this.destination;
    return [
      '-S',
      this.controlPath,
      '-o',
      'ControlMaster=no',
      '-o',
      'BatchMode=yes',
      // Should the master be gone, ssh connects by itself: never to a host it does not know.
      '-o',
      'StrictHostKeyChecking=yes',
      '-T',
      ...extra,
      ...(d.port ? ['-p', String(d.port)] : []),
      '--',
      d.user ? `${d.user}@${d.host}` : d.host,
    ];
  }

  /** Connects (the master connection, then one probe for who we are there). */
  static async open(text: string, options: SshOptions = {}): Promise<SshHost> {
    const destination = parseDestination(text);
    collectStaleControlDirs();
    installExitHooks();
    const dir = makePrivateTempDirSync(CONTROL_PREFIX);
    openDirs.add(dir);
    writeFileSync(join(dir, 'owner'), `${process.pid}\n`, { mode: 0o600 });
    const host = new SshHost(destination, dir, options);
    try {
      await host.startMaster();
      await host.probe();
      host.watchMaster(host.master!);
      return host;
    } catch (err) {
      await host.close();
      throw err;
    }
  }

  /**
   * The master died while svctui still uses the host (killed, the network dropped): it is started
   * again, without asking anything (BatchMode), with a growing pause between tries. Meanwhile ssh
   * connects by itself for each call (ControlMaster=no).
   */
  private watchMaster(master: ChildProcess): void {
    master.once('exit', () => {
      if (!this.closed && this.master === master) this.scheduleRebuild(REBUILD_FIRST_MS);
    });
  }

  private scheduleRebuild(delayMs: number): void {
    const timer = setTimeout(() => {
      if (this.closed) return;
      this.startMaster({ batch: true }).then(
        () => this.watchMaster(this.master!),
        () => this.scheduleRebuild(Math.min(REBUILD_MAX_MS, delayMs * 2)),
      );
    }, delayMs);
    timer.unref();
  }

  private async startMaster(o: { batch?: boolean } = {}): Promise<void> {
    const d = this.destination;
    // A killed master leaves its socket behind: it would pass for a live one below.
    rmSync(this.controlPath, { force: true });
    const dest = d.user ? `${d.user}@${d.host}` : d.host;
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
    const args = [
      '-M',
      '-S',
      this.controlPath,
      '-N',
      '-o',
      'ControlPersist=no',
      // Never accept an unknown host key for the user, whatever their configuration says.
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `BatchMode=${this.options.interactive && !o.batch ? 'no' : 'yes'}`,
      '-o',
      `ConnectTimeout=${Math.max(1, Math.min(30, Math.round((this.options.timeoutMs ?? 25_000) / 1000)))}`,
      '-o',
      'ServerAliveInterval=15',
      ...(d.port ? ['-p', String(d.port)] : []),
      '--',
      dest,
    ];
    // The master ends with svctui, even when svctui is killed (a parent-death signal).
    const argv = setpriv ? [setpriv, '--pdeathsig', 'TERM', '--', 'ssh', ...args] : ['ssh', ...args];
    // stdin: nothing (a password prompt, when allowed, goes to the terminal itself).
    const master = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    this.master = master;
    let stderr = '';
    master.stderr!.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-4000);
    });
    const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
      master.on('error', (error) => resolve({ code: null, error }));
      master.on('exit', (code) => resolve({ code }));
    });
    // Up once its control socket exists (after authentication); or it ended, saying why.
    const deadline = Date.now() + (this.options.interactive ? 300_000 : (this.options.timeoutMs ?? 25_000) + 5000);
    for (;;) {
      if (existsSync(this.controlPath)) return;
      const ended = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 25))]);
      if (ended) {
        if (ended.error && (ended.error as NodeJS.ErrnoException).code === 'ENOENT') throw new SshError('ssh is not installed here: install the OpenSSH client (apt-get install openssh-client)');
        throw new SshError(`cannot connect to ${this.destination.text}: ${describeSshFailure(this.destination.text, stderr, ended.code ?? undefined)}`);
      }
      if (Date.now() > deadline) {
        master.kill();
        throw new SshError(`cannot connect to ${this.destination.text}: no answer within ${Math.round((deadline - Date.now()) / 1000) || 'the'} time allowed`);
      }
    }
  }

  /** The sudo password (when sudo there wants one), for this host only, in memory only. */
  private sudoPassword: string | undefined;

  /**
   * What a remote command line starts with under --become: sudo, never asking (-n); or, once a
   * password was given, sudo reading it from standard input (-S) and always asking for it (-k: a
   * cached credential would leave the password line to the command).
   */
  private get sudo(): string {
    const b = this.options.become;
    if (!b) return '';
    const as = b.user && b.user !== 'root' ? `-u ${shellWord(b.user)} ` : '';
    return this.sudoPassword === undefined ? `sudo -n ${as}-- ` : `sudo -k -S -p '' ${as}-- `;
  }

  /** Standard input for a command under sudo -S: the password line first. */
  private sudoInput(input?: string): string | undefined {
    return this.sudoPassword === undefined ? input : `${this.sudoPassword}\n${input ?? ''}`;
  }

  /**
   * sudo's own warnings about its host (a hostname missing from /etc/hosts) are not the tool's
   * words: a tool's stderr is read as its findings (systemd-analyze verify).
   */
  private withoutSudoNoise(r: ToolResult): ToolResult {
    if (!this.sudo || !r.stderr.includes('sudo: unable to resolve host')) return r;
    return { ...r, stderr: r.stderr.replace(/^sudo: unable to resolve host [^\n]*\n?/gm, '') };
  }

  /** --become: sudo works there without a password, or why not in words. */
  private async checkSudo(): Promise<void> {
    const r = await this.exec(`${this.sudo}true`, { timeoutMs: this.options.timeoutMs ?? 25_000 });
    if (r.exitCode === 0) return;
    const said = r.stderr.trim().split('\n').at(-1) ?? '';
    const ask = this.options.become?.askPassword;
    if (/password is required|a terminal is required/i.test(said) && ask) return this.sudoWithPassword(ask);
    if (/password is required|a terminal is required/i.test(said)) throw new SshError(`${this.destination.text}: sudo asks for a password there, and svctui uses sudo only without one (-n): allow ${this.destination.user ?? 'this user'} NOPASSWD for svctui's commands, or log in as root`);
    if (/command not found|not found/.test(said)) throw new SshError(`${this.destination.text}: --become needs sudo there, and it is not installed`);
    throw new SshError(`${this.destination.text}: sudo refused (${said || `exit ${r.exitCode}`}): ${this.destination.user ?? 'this user'} may not become ${this.options.become?.user ?? 'root'} there`);
  }

  /** sudo wants a password: asked (up to three times, as sudo does), checked with sudo -v. */
  private async sudoWithPassword(ask: (prompt: string) => Promise<string | undefined>): Promise<void> {
    const login = this.destination.user ?? 'the login user';
    for (let attempt = 1; attempt <= 3; attempt++) {
      const password = await ask(`[sudo] password for ${login} on ${this.destination.host}${attempt > 1 ? ' (again)' : ''}: `);
      if (password === undefined || password === '') throw new SshError(`${this.destination.text}: sudo asks for a password there, and none was given`);
      if (/[\n\r\0]/.test(password)) throw new SshError(`${this.destination.text}: a sudo password cannot hold a line break`);
      const as = this.options.become?.user && this.options.become.user !== 'root' ? `-u ${shellWord(this.options.become.user)} ` : '';
      const r = await this.exec(`sudo -k -S -p '' ${as}-- true`, { timeoutMs: this.options.timeoutMs ?? 25_000, input: `${password}\n` });
      if (r.exitCode === 0) {
        this.sudoPassword = password;
        return;
      }
      if (!/incorrect password|try again|Sorry/i.test(r.stderr)) throw new SshError(`${this.destination.text}: sudo refused (${r.stderr.trim().split('\n').at(-1) || `exit ${r.exitCode}`})`);
    }
    throw new SshError(`${this.destination.text}: sudo did not accept the password (3 tries)`);
  }

  private async probe(): Promise<void> {
    if (this.options.become) await this.checkSudo();
    // Under --become, who svctui is there is the user it becomes (its home, its runtime folder).
    const r = this.withoutSudoNoise(await this.exec(this.options.become ? `${this.sudo}sh -c ${shellWord(PROBE)}` : PROBE, { timeoutMs: this.options.timeoutMs ?? 25_000, input: this.sudoInput() }));
    if (r.exitCode !== 0) throw new SshError(`cannot use ${this.destination.text}: ${describeSshFailure(this.destination.text, r.stderr, r.exitCode)}`);
    const [uid = '', user = '', home = '', runtime = '', hostname = '', groups = '', bootId = '', bridge = ''] = r.stdout.split('\n');
    if (!/^\d+$/.test(uid)) throw new SshError(`cannot use ${this.destination.text}: its shell did not answer as a POSIX shell would (${r.stdout.slice(0, 80).trim()})`);
    this.identity = {
      hostname: hostname || this.destination.host,
      uid: Number(uid),
      user,
      home: home || '/',
      runtimeDir: runtime || `/run/user/${uid}`,
      groups: groups.split(/\s+/).filter(Boolean),
      bootId: bootId.trim().replace(/-/g, ''),
    };
    this.bridgePath = bridge.trim();
    if (!this.bridgePath) {
      throw new SshError(`${this.destination.text} has no systemd-stdio-bridge (svctui reaches systemd there through it, as systemctl -H does): is systemd installed on that host?`);
    }
  }

  /** Runs a command line in the remote user's shell, through the master connection. */
  private exec(command: string, o: ToolOptions): Promise<ToolResult> {
    if (this.closed) return Promise.resolve({ stdout: '', stderr: 'the SSH connection is closed', exitCode: 255, timedOut: false, notFound: false, failure: 'the SSH connection is closed' });
    return this.runner('ssh', [...this.sshArgs(), command], { ...o, cwd: undefined, env: undefined });
  }

  async run(file: string, args: string[], o: ToolOptions): Promise<ToolResult> {
    const env = Object.entries(o.env ?? {}).map(([k, v]) => shellWord(`${k}=${v}`));
    const words = [...(env.length ? ['env', ...env] : []), shellWord(file), ...args.map(shellWord)];
    // Under --become the folder may be one only the user it becomes can enter (made through sudo):
    // sudo changes into it, not the login user.
    const command = !o.cwd
      ? `exec ${this.sudo}${words.join(' ')}`
      : this.sudo
        ? `exec ${this.sudo}sh -c ${shellWord('cd "$1" && shift && exec "$@"')} sh ${shellWord(o.cwd)} ${words.join(' ')}`
        : `cd ${shellWord(o.cwd)} && exec ${words.join(' ')}`;
    const r = this.withoutSudoNoise(await this.exec(command, { ...o, input: this.sudoInput(o.input) }));
    if (r.exitCode === 255 && !r.timedOut) {
      // ssh's own failure (the connection), not the tool's.
      return { ...r, failure: describeSshFailure(this.destination.text, r.stderr, r.exitCode) };
    }
    const notFound = r.exitCode === 127 && /not found|No such file/.test(r.stderr);
    return { ...r, notFound: r.notFound || notFound };
  }

  follow(file: string, args: string[], o: { env?: Record<string, string> }, onText: (text: string) => void) {
    const env = Object.entries(o.env ?? {}).map(([k, v]) => shellWord(`${k}=${v}`));
    const command = `exec ${this.sudo}${[...(env.length ? ['env', ...env] : []), shellWord(file), ...args.map(shellWord)].join(' ')}`;
    return this.follower('ssh', [...this.sshArgs(), command], { input: this.sudoInput() }, onText);
  }

  async hasCommand(name: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_./+-]+$/.test(name)) return false;
    const r = await this.exec(`command -v ${shellWord(name)} >/dev/null 2>&1`, { timeoutMs: 15_000 });
    return r.exitCode === 0;
  }

  async processNames(pids: readonly number[]): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    const list = pids.filter((p) => Number.isInteger(p) && p > 0);
    if (!list.length) return names;
    const r = await this.exec(`for p in ${list.join(' ')}; do c=$(cat /proc/$p/comm 2>/dev/null) && printf '%s %s\\n' "$p" "$c"; done; true`, { timeoutMs: 15_000 });
    for (const line of r.stdout.split('\n')) {
      const m = /^(\d+) (.+)$/.exec(line);
      if (m) names.set(Number(m[1]), m[2]!);
    }
    return names;
  }

  async clock(): Promise<{ realtimeUs: bigint; monotonicUs: bigint }> {
    // CLOCK_MONOTONIC as that host's processes (and its systemd) see it: the kernel's from
    // /proc/timer_list (root) plus the offset of their time namespace (a container's clocks may
    // run apart: /proc/self/timens_offsets); else /proc/uptime, which is namespaced but also
    // counts time asleep (the same on a server that never suspends).
    const r = await this.exec("date +%s%N; grep -m1 '^now at' /proc/timer_list 2>/dev/null; cat /proc/uptime; cat /proc/self/timens_offsets 2>/dev/null", { timeoutMs: 30_000 });
    const clock = parseRemoteClock(r.stdout, BigInt(Date.now()) * 1000n);
    // Without that host's monotonic clock a timer's NEXT would be a guess: say so instead.
    if (clock.monotonicUs === 0n) {
      const why = r.timedOut ? 'it did not answer within 30 s' : r.exitCode === 255 ? describeSshFailure(this.destination.text, r.stderr, r.exitCode) : r.stderr.trim() || 'no /proc/uptime there';
      throw new SshError(`cannot read the clocks of ${this.destination.text} (${why}); timers' NEXT depends on them`);
    }
    return clock;
  }

  busTarget(target: BusTarget): BusTarget {
    // The bus path said explicitly (a user bus, an old systemd without --user, or the one asked for).
    const remote = target.address ?? (target.scope === 'user' ? `unix:path=${this.identity.runtimeDir}/bus` : 'unix:path=/run/dbus/system_bus_socket');
    return {
      ...target,
      address: remote,
      hostLabel: this.label,
      command: ['ssh', ...this.sshArgs(), `exec ${this.sudo}${shellWord(this.bridgePath)} ${shellWord(`--bus-path=${remote}`)}`],
      ...(this.sudoPassword !== undefined ? { commandInput: this.sudoInput() } : {}),
    };
  }

  async connectBus(target: BusTarget, options: { timeoutMs?: number }): Promise<Bus> {
    return connectInThread(this.busTarget(target), options);
  }

  busInWorker(target: BusTarget, options: { timeoutMs?: number; shared?: boolean }): Bus & { ready: Promise<void> } {
    const { bus, runner, follower } = connectInWorker(this.busTarget(target), options);
    this.runner = runner;
    this.follower = follower;
    return bus;
  }

  async asRootHint(retry?: string): Promise<string> {
    return `Connect as root to change that: svctui -H root@${this.destination.port ? `[${this.destination.host}]:${this.destination.port}` : this.destination.host}${retry ? ` ${retry}` : ''}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const master = this.master;
    if (master && master.exitCode === null) {
      const gone = new Promise<void>((r) => master.once('exit', () => r()));
      master.kill('SIGTERM');
      const killer = setTimeout(() => master.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(killer);
    }
    rmSync(this.dir, { recursive: true, force: true });
    openDirs.delete(this.dir);
  }
}

/** The clocks from the output of SshHost.clock()'s command (exported for its unit test). */
export function parseRemoteClock(stdout: string, fallbackRealtimeUs: bigint): { realtimeUs: bigint; monotonicUs: bigint } {
  const lines = stdout.split('\n');
  const realtimeUs = /^\d+$/.test(lines[0] ?? '') ? BigInt(lines[0]!) / 1000n : fallbackRealtimeUs;
  const timerList = /^now at (\d+) nsecs/.exec(lines.find((l) => l.startsWith('now at')) ?? '');
  const uptime = /^(\d+)\.(\d+)/.exec(lines.find((l) => /^\d+\.\d+ /.test(l)) ?? '');
  const offset = /^monotonic\s+(-?\d+)\s+(\d+)/m.exec(stdout);
  const offsetUs = offset ? BigInt(offset[1]!) * 1_000_000n + BigInt(offset[2]!) / 1000n : 0n;
  const monotonicUs = timerList ? BigInt(timerList[1]!) / 1000n + offsetUs : uptime ? BigInt(uptime[1]!) * 1_000_000n + BigInt(uptime[2]!.padEnd(6, '0').slice(0, 6)) : 0n;
  return { realtimeUs, monotonicUs };
}

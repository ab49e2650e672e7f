// A Host in memory, for fast tests of the app layer and the UI without root or systemd: files with
// owners and modes (symlinks resolved as the kernel would), scripted tools, and a small systemd
// manager on a fake bus that runs start/stop/restart jobs with the signals systemd sends. The
// real-systemd tests remain the proof of behaviour; this checks what the code does with answers.
import { basename, dirname, join, posix } from 'node:path';
import { BusBase, SystemdError, type Bus, type BusTarget, type CallOptions, type SignalMessage } from '../../src/host/bus.js';
import { FileError } from '../../src/host/files.js';
import type { FileStat, Host, HostFiles, HostIdentity, ToolOptions, ToolResult, WriteOptions } from '../../src/host/host.js';
import { unitNameFromPath, unitObjectPath } from '../../src/core/names.js';

interface Node {
  type: 'file' | 'dir' | 'symlink';
  uid: number;
  mode: number;
  text?: string;
  target?: string;
}

const missing = (path: string) => new FileError(`cannot use ${path}: it does not exist`, 'ENOENT');

export class FakeFiles implements HostFiles {
  readonly nodes = new Map<string, Node>([['/', { type: 'dir', uid: 0, mode: 0o755 }]]);
  private temp = 0;
  constructor(private readonly uid: () => number) {}

  /** Puts a file (and its folders, root's 0755) in place. */
  put(path: string, text: string, o: { uid?: number; mode?: number } = {}): void {
    this.mkdirs(dirname(path));
    this.nodes.set(path, { type: 'file', uid: o.uid ?? 0, mode: o.mode ?? 0o644, text });
  }
  dir(path: string, o: { uid?: number; mode?: number } = {}): void {
    this.mkdirs(dirname(path));
    this.nodes.set(path, { type: 'dir', uid: o.uid ?? 0, mode: o.mode ?? 0o755 });
  }
  link(path: string, target: string): void {
    this.mkdirs(dirname(path));
    this.nodes.set(path, { type: 'symlink', uid: 0, mode: 0o777, target });
  }
  private mkdirs(path: string): void {
    for (let p = path; !this.nodes.has(p); p = dirname(p)) this.nodes.set(p, { type: 'dir', uid: 0, mode: 0o755 });
  }
  /** The path with every symlink resolved; undefined when a part does not exist. */
  private resolve(path: string, depth = 0): string | undefined {
    if (depth > 40) return undefined;
    const parts = posix.normalize(path).split('/').filter(Boolean);
    let at = '/';
    for (let i = 0; i < parts.length; i++) {
      const next = join(at, parts[i]!);
      const node = this.nodes.get(next);
      if (!node) return i === parts.length - 1 ? undefined : undefined;
      if (node.type === 'symlink') {
        const target = node.target!.startsWith('/') ? node.target! : join(at, node.target!);
        const resolved = this.resolve(join(target, ...parts.slice(i + 1)), depth + 1);
        return resolved;
      }
      at = next;
    }
    return at;
  }
  private statOf(n: Node): FileStat {
    return { type: n.type, uid: n.uid, mode: n.mode };
  }
  async read(path: string) {
    const r = this.resolve(path);
    const n = r ? this.nodes.get(r) : undefined;
    if (!n) return undefined;
    if (n.type !== 'file') throw new FileError(`cannot read ${path}: it is a folder`, 'EISDIR');
    return n.text ?? '';
  }
  async lstat(path: string) {
    const n = this.nodes.get(posix.normalize(path));
    return n && this.statOf(n);
  }
  async stat(path: string) {
    const r = this.resolve(path);
    const n = r ? this.nodes.get(r) : undefined;
    return n && this.statOf(n);
  }
  async readlink(path: string) {
    return this.nodes.get(path)?.target;
  }
  async list(dir: string) {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.nodes.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length)).sort();
  }
  async realpath(path: string) {
    const r = this.resolve(path);
    if (!r) throw missing(path);
    return r;
  }
  async canWrite(dir: string) {
    const n = this.nodes.get(dir);
    return !!n && (this.uid() === 0 || (n.uid === this.uid() && (n.mode & 0o200) !== 0));
  }
  async ensureDir(path: string, mode: number) {
    const created: string[] = [];
    const missingDirs: string[] = [];
    for (let p = path; !this.nodes.has(p); p = dirname(p)) missingDirs.unshift(p);
    for (const p of missingDirs) {
      if (!(await this.canWrite(dirname(p)))) throw new FileError(`cannot create the folder ${p}: permission denied`, 'EACCES');
      this.nodes.set(p, { type: 'dir', uid: this.uid(), mode });
      created.push(p);
    }
    return created;
  }
  async writeAtomic(path: string, text: string, o: WriteOptions = {}) {
    await this.ensureDir(dirname(path), o.dirMode ?? 0o755);
    if (!(await this.canWrite(dirname(path)))) throw new FileError(`cannot write ${path}: permission denied`, 'EACCES');
    // A rename replaces whatever was at the name (a planted link too), never writing through it.
    this.nodes.set(path, { type: 'file', uid: this.uid(), mode: o.mode ?? 0o644, text });
  }
  async remove(path: string, o: { recursive?: boolean } = {}) {
    for (const p of [...this.nodes.keys()]) if (p === path || (o.recursive && p.startsWith(`${path}/`))) this.nodes.delete(p);
  }
  async removeEmptyDir(path: string) {
    if ((await this.list(path)).length === 0) this.nodes.delete(path);
  }
  async makeTempDir(prefix: string) {
    const path = `/tmp/${prefix}${++this.temp}`;
    this.dir('/tmp', { mode: 0o1777 });
    this.nodes.set(path, { type: 'dir', uid: this.uid(), mode: 0o700 });
    return path;
  }
  async chmod(path: string, mode: number) {
    const n = this.nodes.get(path);
    if (!n) throw missing(path);
    n.mode = mode;
  }
  text(path: string): string | undefined {
    return this.nodes.get(path)?.text;
  }
  mode(path: string): number | undefined {
    return this.nodes.get(path)?.mode;
  }
}

export type FakeTool = (args: string[], o: ToolOptions) => Partial<ToolResult>;

/** One unit of the fake manager: its properties by interface member name. */
export type FakeUnit = Record<string, unknown>;

const MANAGER_IFACE = 'org.freedesktop.systemd1.Manager';

/** An invocation id as systemd sends it: 16 bytes. */
export const invocationBytes = (n: number): Uint8Array => Uint8Array.from(Buffer.from(String(n).padStart(32, '0'), 'hex'));
const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';

/** A systemd manager in memory on a bus: units, jobs and the signals they make. */
export class FakeManager extends BusBase implements Bus {
  readonly target: BusTarget = { scope: 'system', address: 'fake' };
  readonly address = 'fake';
  readonly managerVersion = '252.38-1~deb12u1';
  readonly uniqueName = ':1.42';
  isClosed = false;
  readonly calls: string[] = [];
  private nextJob = 1;
  readonly units = new Map<string, FakeUnit>();

  unit(name: string, props: FakeUnit = {}): FakeUnit {
    const u: FakeUnit = { Id: name, Names: [name], Description: name, LoadState: 'loaded', ActiveState: 'inactive', SubState: 'dead', UnitFileState: 'static', Result: 'success', ExecMainCode: 0, ExecMainStatus: 0, ...props };
    this.units.set(name, u);
    return u;
  }

  /** When set, a GetAll of a unit waits for it (a reply still on its way while signals arrive). */
  getAllGate?: (unit: string) => Promise<void>;

  private emitSignal(s: SignalMessage): void {
    queueMicrotask(() => this.emit('signal', s));
  }

  /** A manager signal, as systemd would send it (UnitNew, UnitRemoved…). */
  managerSignal(member: string, body: unknown[]): void {
    this.emitSignal({ path: '/org/freedesktop/systemd1', interface: MANAGER_IFACE, member, body });
  }

  private change(name: string, changed: FakeUnit): void {
    const u = this.units.get(name)!;
    Object.assign(u, changed);
    // As on the bus: each value in a variant.
    const body = Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, { value: v }]));
    this.emitSignal({ path: unitObjectPath(name), interface: 'org.freedesktop.DBus.Properties', member: 'PropertiesChanged', body: [UNIT_IFACE, body, []] });
  }

  async call(path: string, iface: string, member: string, _signature: string, body: unknown[], _o?: CallOptions): Promise<unknown[]> {
    this.calls.push(`${member}${typeof body[0] === 'string' ? `(${body[0]})` : ''}`);
    if (iface === 'org.freedesktop.DBus.Properties') {
      const unitName = unitNameFromPath(path);
      const props: Record<string, unknown> = unitName ? (this.units.get(unitName) ?? { Id: unitName, LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead' }) : { Version: this.managerVersion, Environment: [], UnitPath: [] };
      const wrap = (v: unknown) => ({ value: v });
      if (member === 'GetAll' && unitName && this.getAllGate) {
        // The answer is what the unit was when systemd read it, however late it arrives.
        const asRead = { ...props };
        await this.getAllGate(unitName);
        return [Object.fromEntries(Object.entries(asRead).map(([k, v]) => [k, wrap(v)]))];
      }
      if (member === 'Get') {
        const name = body[1] as string;
        if (!(name in props)) throw new SystemdError('dbus', `Get(${name}): no such property`, 'org.freedesktop.DBus.Error.UnknownProperty');
        return [wrap(props[name])];
      }
      if (member === 'GetAll') return [Object.fromEntries(Object.entries(props).map(([k, v]) => [k, wrap(v)]))];
    }
    if (iface === 'org.freedesktop.DBus') return [];
    if (iface === MANAGER_IFACE) {
      switch (member) {
        case 'Subscribe':
          return [];
        case 'ListUnits':
          return [[...this.units.values()].map((u) => [u.Id, u.Description, u.LoadState, u.ActiveState, u.SubState, '', unitObjectPath(String(u.Id)), 0, ''])];
        case 'ListUnitFiles':
          return [[]];
        case 'GetUnitProcesses':
          return [[]];
        case 'GetUnit': {
          const name = body[0] as string;
          if (!this.units.has(name)) throw new SystemdError('no-such-unit', `Unit ${name} not loaded.`, 'org.freedesktop.systemd1.NoSuchUnit');
          return [unitObjectPath(name)];
        }
        case 'ListUnitFilesByPatterns':
          return [[]];
        case 'Reload':
          this.emitSignal({ path: '/org/freedesktop/systemd1', interface: MANAGER_IFACE, member: 'Reloading', body: [true] });
          this.emitSignal({ path: '/org/freedesktop/systemd1', interface: MANAGER_IFACE, member: 'Reloading', body: [false] });
          return [];
        case 'StartUnit':
        case 'StopUnit':
        case 'RestartUnit':
          return [this.job(member, body[0] as string)];
      }
    }
    throw new SystemdError('dbus', `${member}: not in the fake manager`, 'org.freedesktop.DBus.Error.UnknownMethod');
  }

  /** A job: JobNew, the unit's changes as systemd makes them, JobRemoved "done". */
  private job(member: string, name: string): string {
    const id = this.nextJob++;
    const path = `/org/freedesktop/systemd1/job/${id}`;
    const type = member === 'StartUnit' ? 'start' : member === 'StopUnit' ? 'stop' : 'restart';
    const u = this.units.get(name);
    if (!u) throw new SystemdError('no-such-unit', `Unit ${name} not found.`, 'org.freedesktop.systemd1.NoSuchUnit');
    this.emitSignal({ path: '/org/freedesktop/systemd1', interface: MANAGER_IFACE, member: 'JobNew', body: [id, path, name] });
    const now = BigInt(Date.now()) * 1000n;
    setTimeout(() => {
      if (type !== 'start' && u.ActiveState === 'active') {
        this.change(name, { ActiveState: 'deactivating', SubState: 'stop-sigterm', StateChangeTimestamp: now });
        this.change(name, { ActiveState: 'inactive', SubState: 'dead', Result: 'success', ExecMainCode: 2, ExecMainStatus: 15, ExecMainExitTimestamp: now + 1000n, StateChangeTimestamp: now + 1000n });
      }
      if (type !== 'stop') this.change(name, { ActiveState: 'active', SubState: 'running', InvocationID: invocationBytes(id), ExecMainCode: 0, ExecMainStatus: 0, ExecMainStartTimestamp: now + 2000n, StateChangeTimestamp: now + 2000n });
      this.emitSignal({ path: '/org/freedesktop/systemd1', interface: MANAGER_IFACE, member: 'JobRemoved', body: [id, path, name, 'done'] });
    }, 5);
    return path;
  }

  async addMatch(): Promise<void> {}
  keepSignalProperties(): void {}
  close(): void {
    this.isClosed = true;
  }
}

export class FakeHost implements Host {
  readonly kind = 'local';
  readonly name = 'a fake machine';
  identity: HostIdentity = { hostname: 'fakehost', uid: 0, user: 'root', home: '/root', runtimeDir: '/run/user/0', groups: ['root'], bootId: '0123456789abcdef0123456789abcdef' };
  readonly files = new FakeFiles(() => this.identity.uid);
  readonly tools = new Map<string, FakeTool>();
  readonly ran: string[][] = [];
  readonly manager = new FakeManager();

  async run(file: string, args: string[], o: ToolOptions): Promise<ToolResult> {
    this.ran.push([file, ...args]);
    const tool = this.tools.get(basename(file));
    if (!tool) return { stdout: '', stderr: `${file}: not found`, exitCode: 127, timedOut: false, notFound: true };
    return { stdout: '', stderr: '', exitCode: 0, timedOut: false, notFound: false, ...tool(args, o) };
  }
  /** Followed programs: write to them with `feed`. */
  readonly followers: { args: string[]; onText: (text: string) => void; stopped: boolean }[] = [];
  follow(file: string, args: string[], _o: { env?: Record<string, string> }, onText: (text: string) => void) {
    const f = { args: [file, ...args], onText, stopped: false };
    this.followers.push(f);
    let end!: (v: { exitCode: number | null; stderr: string }) => void;
    const ended = new Promise<{ exitCode: number | null; stderr: string }>((r) => (end = r));
    return {
      stop: () => {
        f.stopped = true;
        end({ exitCode: null, stderr: '' });
      },
      ended,
    };
  }
  async hasCommand(name: string) {
    return this.tools.has(name);
  }
  async processNames() {
    return new Map<number, string>();
  }
  async clock() {
    return { realtimeUs: BigInt(Date.now()) * 1000n, monotonicUs: 1_000_000_000n };
  }
  busTarget(target: BusTarget): BusTarget {
    return target;
  }
  async connectBus(): Promise<Bus> {
    return this.manager;
  }
  busInWorker(): Bus & { ready: Promise<void> } {
    return Object.assign(this.manager, { ready: Promise.resolve() });
  }
  async asRootHint(retry?: string) {
    return `Run svctui as root (sudo): sudo svctui${retry ? ` ${retry}` : ''}`;
  }
  async close() {}
}

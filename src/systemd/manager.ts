// A typed view of systemd's Manager and Unit objects over D-Bus. No React, no terminal.
import { EventEmitter } from 'node:events';
import { MANAGER_IFACE, MANAGER_PATH, PROPERTIES_IFACE, SystemdError, variant, type Bus, type BusTarget, type SignalMessage } from './busCore.js';
import { RemoteBus } from './remoteBus.js';
import { runInThread, setToolRunner } from './run.js';
import { unitNameFromPath, unitNameProblem, unitObjectPath } from './names.js';
import { invocationHex } from './decode.js';

export interface UnitSummary {
  name: string;
  description: string;
  /** LoadState, or "not-loaded" for an installed unit file that is not in memory. */
  loadState: string;
  activeState: string;
  subState: string;
  following: string;
  path: string;
  jobId: number;
  jobType: string;
  /** UnitFileState when known (from ListUnitFiles). */
  unitFileState?: string;
}

export interface UnitFile {
  path: string;
  name: string;
  state: string;
}

export type JobResult = 'done' | 'canceled' | 'timeout' | 'failed' | 'dependency' | 'skipped' | 'invalid' | 'assert' | 'unsupported' | 'collected' | 'once' | string;

export type JobAction = 'start' | 'stop' | 'restart' | 'reload' | 'try-restart' | 'reload-or-restart';

const JOB_METHOD: Record<JobAction, string> = {
  start: 'StartUnit',
  stop: 'StopUnit',
  restart: 'RestartUnit',
  reload: 'ReloadUnit',
  'try-restart': 'TryRestartUnit',
  'reload-or-restart': 'ReloadOrRestartUnit',
};

export interface TransientProperty {
  name: string;
  signature: string;
  value: unknown;
}

export interface UnitFileChange {
  type: string;
  file: string;
  destination: string;
}

export type SystemdEvent =
  | { type: 'unit-new'; unit: string; path: string }
  | { type: 'unit-removed'; unit: string; path: string }
  | { type: 'job-new'; id: number; job: string; unit: string }
  | { type: 'job-removed'; id: number; job: string; unit: string; result: JobResult }
  | { type: 'reloading'; active: boolean }
  | { type: 'unit-files-changed' }
  | { type: 'properties-changed'; unit: string; path: string; interface: string; changed: Record<string, unknown>; invalidated: string[] }
  | { type: 'disconnected' };

/** Throws a clear error for a name systemd would reject, before any D-Bus call. */
export function assertValidUnitName(name: string): void {
  const problem = unitNameProblem(name);
  if (problem) throw new SystemdError('invalid-argument', `Invalid unit name "${name}": ${problem}.`);
}

const RECENT_JOBS_KEPT = 512;

export class Systemd extends EventEmitter {
  private subscribed: Promise<void> | undefined;
  /** Results of recently finished jobs, by job path: a reply and its JobRemoved can arrive together. */
  private readonly recentJobs = new Map<string, JobResult>();
  private readonly jobWaiters = new Map<string, { resolve: (result: JobResult) => void; reject: (err: Error) => void }>();
  private reloading = false;

  private constructor(
    readonly connection: Bus,
    /** Settles when the connection is up (at once for connect; see inWorker). */
    readonly ready: Promise<void> = Promise.resolve(),
  ) {
    super();
    connection.on('signal', (s: SignalMessage) => this.onSignal(s));
    connection.on('disconnect', () => {
      // Jobs can no longer be followed: say so instead of waiting forever.
      for (const [job, w] of this.jobWaiters) w.reject(new SystemdError('disconnected', `lost the connection to ${connection.address} while waiting for ${job}`));
      this.jobWaiters.clear();
      this.emit('event', { type: 'disconnected' } satisfies SystemdEvent);
    });
  }

  static async connect(target: BusTarget, options: { timeoutMs?: number } = {}): Promise<Systemd> {
    const { BusConnection } = await import('./bus.js');
    return new Systemd(await BusConnection.connect(target, options));
  }

  /**
   * A connection made and served by a worker thread (the TUI's: decoding never blocks a key).
   * Usable at once: calls wait in the worker until it is connected; `ready` says when, or why not.
   */
  static inWorker(target: BusTarget, options: { timeoutMs?: number } = {}): Systemd {
    const bus = new RemoteBus(target, options);
    return new Systemd(bus, bus.ready);
  }

  /** Runs journalctl and friends in this connection's worker thread while it is open (see run.ts). */
  runToolsInWorker(): void {
    const bus = this.connection;
    if (!(bus instanceof RemoteBus)) return;
    setToolRunner((file, args, o) => (bus.isClosed ? runInThread(file, args, o) : bus.runTool(file, args, o)));
  }

  /** The manager's Version property ("252.38-1~deb12u1"), read when connecting. */
  get version(): string {
    return this.connection.managerVersion;
  }

  get scope() {
    return this.connection.target.scope;
  }

  /** The leading number of Version ("252.38-1~deb12u1" → 252); 0 when unparsable. */
  get versionNumber(): number {
    return Number(/^(\d+)/.exec(this.version)?.[1] ?? 0);
  }

  close(): void {
    this.connection.close();
  }

  private managerCall(member: string, signature: string, body: unknown[], interactive = false) {
    return this.connection.call(MANAGER_PATH, MANAGER_IFACE, member, signature, body, { interactive });
  }

  async managerProperty(name: string): Promise<unknown> {
    return this.connection.getProperty(MANAGER_PATH, MANAGER_IFACE, name);
  }

  /** Loaded units (ListUnits). */
  async listLoadedUnits(): Promise<UnitSummary[]> {
    const [rows] = await this.managerCall('ListUnits', '', []);
    return (rows as unknown[][]).map((r) => ({
      name: r[0] as string,
      description: r[1] as string,
      loadState: r[2] as string,
      activeState: r[3] as string,
      subState: r[4] as string,
      following: r[5] as string,
      path: r[6] as string,
      jobId: r[7] as number,
      jobType: r[8] as string,
    }));
  }

  async listUnitFiles(): Promise<UnitFile[]> {
    const [rows] = await this.managerCall('ListUnitFiles', '', []);
    return (rows as [string, string][]).map(([path, state]) => ({ path, name: path.slice(path.lastIndexOf('/') + 1), state }));
  }

  /** Every loaded unit plus every installed unit file that is not loaded, sorted by name. */
  async listAllUnits(): Promise<UnitSummary[]> {
    const [loaded, files] = await Promise.all([this.listLoadedUnits(), this.listUnitFiles()]);
    return withUnitFiles(loaded, files);
  }

  /**
   * All properties of a unit (every interface, like systemctl status). The path lookup loads the
   * unit on demand, so a missing unit comes back with LoadState "not-found".
   */
  async unitProperties(name: string): Promise<Record<string, unknown>> {
    assertValidUnitName(name);
    return this.connection.getAllProperties(unitObjectPath(name));
  }

  /** Properties of one interface of a unit, e.g. org.freedesktop.systemd1.Service. */
  async unitInterfaceProperties(name: string, iface: string): Promise<Record<string, unknown>> {
    assertValidUnitName(name);
    return this.connection.getAllProperties(unitObjectPath(name), iface);
  }

  async unitProperty(name: string, iface: string, property: string): Promise<unknown> {
    assertValidUnitName(name);
    return this.connection.getProperty(unitObjectPath(name), iface, property);
  }

  /** The unit's processes with their cgroups and command lines (systemctl status's CGroup tree). */
  async unitProcesses(name: string): Promise<{ cgroup: string; pid: number; cmdline: string }[]> {
    assertValidUnitName(name);
    const [rows] = await this.managerCall('GetUnitProcesses', 's', [name]);
    return ((rows ?? []) as [string, number, string][]).map(([cgroup, pid, cmdline]) => ({ cgroup, pid, cmdline }));
  }

  /** JobType of a job object ("start", "stop", "restart"…); undefined when the job is already gone. */
  async jobType(jobPath: string): Promise<string | undefined> {
    try {
      return String(await this.connection.getProperty(jobPath, 'org.freedesktop.systemd1.Job', 'JobType'));
    } catch {
      return undefined;
    }
  }

  /**
   * Subscribes once per connection and adds the match rules once. The three calls are sent at once:
   * the bus keeps their order, so a call sent after them (e.g. ListUnits) cannot miss a signal.
   */
  /** PropertiesChanged events carry only these properties (see Bus.keepSignalProperties). */
  keepProperties(names: readonly string[] | undefined): void {
    this.connection.keepSignalProperties(names);
  }

  subscribe(): Promise<void> {
    this.subscribed ??= (async () => {
      // The match rules go out before Subscribe, so no signal can arrive before they are in place.
      const matches = [
        this.connection.addMatch(`type='signal',sender='org.freedesktop.systemd1',interface='${MANAGER_IFACE}'`),
        this.connection.addMatch(`type='signal',sender='org.freedesktop.systemd1',interface='${PROPERTIES_IFACE}',member='PropertiesChanged'`),
      ];
      const subscribe = this.managerCall('Subscribe', '', []).catch((err: unknown) => {
        if ((err as SystemdError).dbusName !== 'org.freedesktop.systemd1.AlreadySubscribed') throw err;
      });
      await Promise.all([...matches, subscribe]);
    })();
    return this.subscribed;
  }

  /** Runs a job and resolves with its result once systemd removes it. */
  async runJob(action: JobAction, unit: string, mode = 'replace'): Promise<JobResult> {
    assertValidUnitName(unit);
    await this.subscribe();
    const [job] = (await this.managerCall(JOB_METHOD[action], 'ss', [unit, mode], true)) as [string];
    const early = this.recentJobs.get(job);
    if (early !== undefined) return early;
    if (this.connection.isClosed) throw new SystemdError('disconnected', `lost the connection to ${this.connection.address} while waiting for ${job}`);
    return new Promise<JobResult>((resolve, reject) => {
      this.jobWaiters.set(job, { resolve, reject });
    });
  }

  /**
   * Starts a transient unit (like systemd-run) and resolves with its start job's result. Properties
   * are given with their D-Bus signature, e.g. { name: 'Environment', signature: 'as', value: [...] }.
   */
  async startTransient(unit: string, properties: TransientProperty[]): Promise<JobResult> {
    assertValidUnitName(unit);
    await this.subscribe();
    const props = properties.map((p) => [p.name, variant(p.signature, p.value)]);
    const [job] = (await this.managerCall('StartTransientUnit', 'ssa(sv)a(sa(sv))', [unit, 'fail', props, []], true)) as [string];
    const early = this.recentJobs.get(job);
    if (early !== undefined) return early;
    return new Promise<JobResult>((resolve, reject) => this.jobWaiters.set(job, { resolve, reject }));
  }

  async resetFailed(unit: string): Promise<void> {
    assertValidUnitName(unit);
    await this.managerCall('ResetFailedUnit', 's', [unit], true);
  }

  /** daemon-reload: the reply comes after the reload completed. */
  async daemonReload(): Promise<void> {
    await this.connection.call(MANAGER_PATH, MANAGER_IFACE, 'Reload', '', [], { interactive: true, timeoutMs: 90_000 });
  }

  async enable(units: string[], options: { runtime?: boolean; force?: boolean } = {}): Promise<UnitFileChange[]> {
    units.forEach(assertValidUnitName);
    const [, changes] = await this.managerCall('EnableUnitFiles', 'asbb', [units, !!options.runtime, !!options.force], true);
    await this.daemonReload();
    return decodeChanges(changes);
  }

  async disable(units: string[], options: { runtime?: boolean } = {}): Promise<UnitFileChange[]> {
    units.forEach(assertValidUnitName);
    const [changes] = await this.managerCall('DisableUnitFiles', 'asb', [units, !!options.runtime], true);
    await this.daemonReload();
    return decodeChanges(changes);
  }

  async mask(units: string[], options: { runtime?: boolean; force?: boolean } = {}): Promise<UnitFileChange[]> {
    units.forEach(assertValidUnitName);
    const [changes] = await this.managerCall('MaskUnitFiles', 'asbb', [units, !!options.runtime, !!options.force], true);
    await this.daemonReload();
    return decodeChanges(changes);
  }

  async unmask(units: string[], options: { runtime?: boolean } = {}): Promise<UnitFileChange[]> {
    units.forEach(assertValidUnitName);
    const [changes] = await this.managerCall('UnmaskUnitFiles', 'asb', [units, !!options.runtime], true);
    await this.daemonReload();
    return decodeChanges(changes);
  }

  private emitEvent(e: SystemdEvent): void {
    this.emit('event', e);
  }

  private onSignal(s: SignalMessage): void {
    if (s.interface === MANAGER_IFACE) {
      switch (s.member) {
        case 'JobRemoved': {
          const [id, job, unit, result] = s.body as [number, string, string, string];
          this.recentJobs.set(job, result);
          if (this.recentJobs.size > RECENT_JOBS_KEPT) this.recentJobs.delete(this.recentJobs.keys().next().value!);
          const waiter = this.jobWaiters.get(job);
          if (waiter) {
            this.jobWaiters.delete(job);
            waiter.resolve(result);
          }
          this.emitEvent({ type: 'job-removed', id, job, unit, result });
          return;
        }
        case 'JobNew': {
          const [id, job, unit] = s.body as [number, string, string];
          this.emitEvent({ type: 'job-new', id, job, unit });
          return;
        }
        case 'UnitNew':
        case 'UnitRemoved': {
          // During a daemon-reload every unit is removed and re-added: that is churn, not news.
          if (this.reloading) return;
          const [unit, path] = s.body as [string, string];
          this.emitEvent({ type: s.member === 'UnitNew' ? 'unit-new' : 'unit-removed', unit, path });
          return;
        }
        case 'Reloading': {
          this.reloading = Boolean(s.body[0]);
          this.emitEvent({ type: 'reloading', active: this.reloading });
          return;
        }
        case 'UnitFilesChanged':
          this.emitEvent({ type: 'unit-files-changed' });
          return;
      }
      return;
    }
    if (s.interface === PROPERTIES_IFACE && s.member === 'PropertiesChanged') {
      const unit = unitNameFromPath(s.path);
      if (!unit) return;
      const [iface, changed, invalidated] = s.body as [string, Record<string, { value: unknown }>, string[]];
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(changed)) values[k] = v.value;
      // InvocationID arrives as bytes; everything above the adapter uses the hex form.
      if ('InvocationID' in values) values.InvocationID = invocationHex(values.InvocationID) ?? '';
      this.emitEvent({ type: 'properties-changed', unit, path: s.path, interface: iface, changed: values, invalidated });
    }
  }
}

/** Loaded units plus the installed unit files that are not loaded (and each file's state), by name. */
export function withUnitFiles(loaded: UnitSummary[], files: UnitFile[]): UnitSummary[] {
  const byName = new Map(loaded.map((u) => [u.name, { ...u }]));
  for (const f of files) {
    const known = byName.get(f.name);
    if (known) {
      known.unitFileState = f.state;
      continue;
    }
    // Templates (foo@.service) cannot be loaded or started by themselves; like systemctl, they are not units.
    if (f.name.includes('@.')) continue;
    byName.set(f.name, {
      name: f.name,
      description: '',
      loadState: f.state === 'masked' || f.state === 'masked-runtime' ? 'masked' : 'not-loaded',
      activeState: 'inactive',
      subState: 'dead',
      following: '',
      path: unitObjectPath(f.name),
      jobId: 0,
      jobType: '',
      unitFileState: f.state,
    });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function decodeChanges(changes: unknown): UnitFileChange[] {
  return ((changes ?? []) as [string, string, string][]).map(([type, file, destination]) => ({ type, file, destination }));
}

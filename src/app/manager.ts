// A typed view of systemd's Manager and Unit objects over D-Bus. No React, no terminal.
import { EventEmitter } from 'node:events';
import { AGENT_CANCELLED, AGENT_FAILED, MANAGER_IFACE, MANAGER_PATH, PROPERTIES_IFACE, SYSTEMD_BUS_NAME, SystemdError, variant, type AuthAgent, type Bus, type BusTarget, type SignalMessage } from '../host/bus.js';
import type { Host } from '../host/host.js';
import { unitNameFromPath, unitNameProblem, unitObjectPath } from '../core/names.js';
import { invocationHex } from '../core/decode.js';

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
  /** The manager left the bus (it died or re-executes), or came back: its bus name changed owner. */
  | { type: 'manager-gone' }
  | { type: 'manager-back' }
  | { type: 'properties-changed'; unit: string; path: string; interface: string; changed: Record<string, unknown>; invalidated: string[] }
  | { type: 'disconnected' };

/** Throws a clear error for a name systemd would reject, before any D-Bus call. */
export function assertValidUnitName(name: string): void {
  const problem = unitNameProblem(name);
  if (problem) throw new SystemdError('invalid-argument', `Invalid unit name "${name}": ${problem}.`);
}

const RECENT_JOBS_KEPT = 512;

/** What this user may do to the manager's units: as is, after typing a password, or not at all. */
export type Authorization = 'allowed' | 'password' | 'denied' | 'unknown';

export class Systemd extends EventEmitter {
  private subscribed: Promise<void> | undefined;
  /** Results of recently finished jobs, by job path: a reply and its JobRemoved can arrive together. */
  private readonly recentJobs = new Map<string, JobResult>();
  private readonly jobWaiters = new Map<string, { resolve: (result: JobResult) => void; reject: (err: Error) => void }>();
  private reloading = false;
  /** Asks the user when polkit wants a password (none: such calls fail, in words). */
  private authAgent: AuthAgent | undefined;

  private constructor(
    /** The machine this manager runs on: its tools and files go with it. */
    readonly host: Host,
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

  static async connect(host: Host, target: BusTarget, options: { timeoutMs?: number } = {}): Promise<Systemd> {
    return new Systemd(host, await host.connectBus(target, options));
  }

  /**
   * A connection made and served by a worker thread (the TUI's: decoding never blocks a key).
   * Usable at once: calls wait in the worker until it is connected; `ready` says when, or why not.
   */
  static inWorker(host: Host, target: BusTarget, options: { timeoutMs?: number; shared?: boolean } = {}): Systemd {
    const bus = host.busInWorker(target, options);
    return new Systemd(host, bus, bus.ready);
  }

  private bootRealtimeUs: bigint | undefined;

  /**
   * The manager's host's CLOCK_MONOTONIC now (timers' monotonic times are converted with it). Here:
   * our own clock. Another host: its boot's wall-clock time (from the manager's own pair of
   * timestamps) subtracted from now — its clock, not ours.
   */
  async monotonicNowUs(): Promise<bigint> {
    if (this.host.kind === 'local') return process.hrtime.bigint() / 1000n;
    if (this.bootRealtimeUs === undefined) {
      const [real, mono] = await Promise.all([this.managerProperty('UserspaceTimestamp'), this.managerProperty('UserspaceTimestampMonotonic')]).catch(() => [0n, 0n]);
      this.bootRealtimeUs = typeof real === 'bigint' && typeof mono === 'bigint' ? real - mono : 0n;
    }
    return BigInt(Date.now()) * 1000n - this.bootRealtimeUs;
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

  private managerCall(member: string, signature: string, body: unknown[], privileged = false, timeoutMs?: number) {
    return privileged ? this.privilegedCall(MANAGER_PATH, MANAGER_IFACE, member, signature, body, timeoutMs) : this.connection.call(MANAGER_PATH, MANAGER_IFACE, member, signature, body);
  }

  /** Who answers polkit's password questions from now on (undefined: nobody, --no-ask-password). */
  setAuthAgent(agent: AuthAgent | undefined): void {
    this.authAgent = agent;
  }

  /**
   * A call that changes state, like systemctl: as root or where a polkit rule allows it, it just
   * works; when polkit wants a password, the call is made again with the allow-interactive flag
   * while the agent (polkit's text agent, given the terminal) asks for it. Without an agent the
   * refusal says, in words, what would help.
   */
  async privilegedCall(path: string, iface: string, member: string, signature: string, body: unknown[], timeoutMs?: number): Promise<unknown[]> {
    try {
      return await this.connection.call(path, iface, member, signature, body, { timeoutMs });
    } catch (err) {
      if (!(err instanceof SystemdError) || err.kind !== 'interactive-auth') throw err;
      const what = `${member}${typeof body[0] === 'string' ? `(${body[0]})` : ''}`;
      if (!this.authAgent) {
        const remedy =
          this.host.kind === 'ssh'
            ? `polkit on ${this.host.name} wants a password, which svctui cannot ask for over SSH: connect as root (svctui -H root@…), or allow it with a polkit rule there.`
            : 'Run svctui on a terminal without --no-ask-password to be asked for a password, run it as root (sudo), or allow it with a polkit rule.';
        throw new SystemdError('interactive-auth', `${what} needs authentication (polkit). ${remedy}`, err.dbusName);
      }
      try {
        // A person types: no short timeout while they do.
        return await this.authAgent.run(() => this.connection.call(path, iface, member, signature, body, { interactive: true, timeoutMs: Math.max(timeoutMs ?? 0, 300_000) }));
      } catch (err2) {
        if (err2 instanceof SystemdError && err2.dbusName === AGENT_CANCELLED) throw new SystemdError('access-denied', `${what}: cancelled at polkit's question (Ctrl-C); nothing was changed.`, err2.dbusName);
        if (err2 instanceof SystemdError && err2.dbusName === AGENT_FAILED) throw new SystemdError('interactive-auth', `${what} needs authentication, but ${err2.message} Run svctui as root (sudo), or allow it with a polkit rule.`, err2.dbusName);
        if (err2 instanceof SystemdError && err2.kind === 'access-denied') {
          throw new SystemdError('access-denied', `${what}: not authorized (the password was wrong, or the question was cancelled).`, err2.dbusName);
        }
        throw err2;
      }
    }
  }

  /**
   * Whether actions on units will need a password, asked of polkit without any interaction
   * (org.freedesktop.systemd1.manage-units for this process). Root and user managers need none.
   */
  async authorization(): Promise<Authorization> {
    if (this.scope === 'user' || this.host.identity.uid === 0) return 'allowed';
    // This connection is the subject (on a remote host, the bridge that carries it), as for the calls.
    if (!this.connection.uniqueName) return 'unknown';
    const subject = ['system-bus-name', { name: variant('s', this.connection.uniqueName) }];
    try {
      const [result] = (await this.connection.call(
        '/org/freedesktop/PolicyKit1/Authority',
        'org.freedesktop.PolicyKit1.Authority',
        'CheckAuthorization',
        '(sa{sv})sa{ss}us',
        [subject, 'org.freedesktop.systemd1.manage-units', {}, 0, ''],
        { timeoutMs: 5000 },
        'org.freedesktop.PolicyKit1',
      )) as [[boolean, boolean, Record<string, string>]];
      return result[0] ? 'allowed' : result[1] ? 'password' : 'denied';
    } catch {
      return 'unknown';
    }
  }

  /**
   * Whether the manager itself answers within timeoutMs: Peer.Ping is answered by systemd, not by
   * the bus, so a stopped manager or a stalled link (a frozen bridge, sshd) does not answer.
   * Errors other than a timeout are answers too (the manager is there).
   */
  async ping(timeoutMs: number): Promise<boolean> {
    try {
      await this.connection.call(MANAGER_PATH, 'org.freedesktop.DBus.Peer', 'Ping', '', [], { timeoutMs }, SYSTEMD_BUS_NAME);
      return true;
    } catch (err) {
      return !(err instanceof SystemdError && err.kind === 'timeout');
    }
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

  /** Unit files in these states and matching these globs (systemd matches them), as systemctl list-unit-files asks. */
  async listUnitFilesByPatterns(states: readonly string[], patterns: readonly string[]): Promise<UnitFile[]> {
    const [rows] = await this.managerCall('ListUnitFilesByPatterns', 'asas', [[...states], [...patterns]]);
    return ((rows as [string, string][]) ?? []).map(([path, state]) => ({ path, name: path.slice(path.lastIndexOf('/') + 1), state }));
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

  /**
   * All properties of a unit only if systemd holds it now (GetUnit does not load it; a path lookup
   * would): undefined when it is not loaded. A viewer must not change what the manager holds.
   */
  async unitPropertiesIfLoaded(name: string, iface?: string): Promise<Record<string, unknown> | undefined> {
    const path = await this.loadedUnitPath(name);
    return path === undefined ? undefined : this.connection.getAllProperties(path, iface);
  }

  /** A unit's object path if systemd holds it now (GetUnit, which does not load it), else undefined. */
  private async loadedUnitPath(name: string): Promise<string | undefined> {
    assertValidUnitName(name);
    try {
      return ((await this.managerCall('GetUnit', 's', [name])) as [string])[0];
    } catch (err) {
      if (err instanceof SystemdError && err.dbusName === 'org.freedesktop.systemd1.NoSuchUnit') return undefined;
      throw err;
    }
  }

  /** A unit file's path and enablement (ListUnitFilesByPatterns: read from disk, nothing loaded). */
  async unitFile(name: string): Promise<UnitFile | undefined> {
    const [rows] = await this.managerCall('ListUnitFilesByPatterns', 'asas', [[], [name]]);
    const [path, state] = ((rows as [string, string][]) ?? []).find(([p]) => p.slice(p.lastIndexOf('/') + 1) === name) ?? [];
    return path ? { path, name, state: state ?? '' } : undefined;
  }

  /** Every property of a unit with its D-Bus type, in systemd's order (loads the unit as systemctl show does). */
  async unitPropertiesTyped(name: string): Promise<[string, { signature: string; value: unknown }][]> {
    assertValidUnitName(name);
    return this.connection.getAllTyped(unitObjectPath(name));
  }

  /** Those, only if systemd holds the unit now (a viewer must not load it): undefined when it does not. */
  async unitPropertiesTypedIfLoaded(name: string): Promise<[string, { signature: string; value: unknown }][] | undefined> {
    const path = await this.loadedUnitPath(name);
    return path === undefined ? undefined : this.connection.getAllTyped(path);
  }

  /** The manager's own properties with their D-Bus types (systemctl show without a unit). */
  async managerPropertiesTyped(): Promise<[string, { signature: string; value: unknown }][]> {
    return this.connection.getAllTyped(MANAGER_PATH);
  }

  /**
   * Pins a unit (Unit.Ref): systemd keeps it loaded, with what it knows of its last run, until
   * unpinUnit or this connection ends. Garbage collection otherwise forgets a stopped unit's
   * ExecStopPost= results at once.
   */
  async pinUnit(name: string): Promise<void> {
    assertValidUnitName(name);
    await this.privilegedCall(unitObjectPath(name), 'org.freedesktop.systemd1.Unit', 'Ref', '', []);
  }

  async unpinUnit(name: string): Promise<void> {
    await this.connection.call(unitObjectPath(name), 'org.freedesktop.systemd1.Unit', 'Unref', '', []);
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
        // The manager leaving the bus and coming back (a crash, a daemon-reexec).
        this.connection.addMatch(`type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${SYSTEMD_BUS_NAME}'`),
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

  /** systemctl kill: a signal to the unit's main, control or all processes (KillUnit). */
  async kill(unit: string, whom: 'main' | 'control' | 'all', signal: number): Promise<void> {
    assertValidUnitName(unit);
    await this.managerCall('KillUnit', 'ssi', [unit, whom, signal], true);
  }

  /** systemctl reset-failed without units: every unit's failed state. */
  async resetAllFailed(): Promise<void> {
    await this.managerCall('ResetFailed', '', [], true);
  }

  /** The unit file's enablement (enabled, static, masked…), read from disk by the manager. */
  async unitFileState(unit: string): Promise<string> {
    assertValidUnitName(unit);
    const [state] = (await this.managerCall('GetUnitFileState', 's', [unit])) as [string];
    return state;
  }

  async resetFailed(unit: string): Promise<void> {
    assertValidUnitName(unit);
    await this.managerCall('ResetFailedUnit', 's', [unit], true);
  }

  /** daemon-reload: the reply comes after the reload completed. */
  async daemonReload(): Promise<void> {
    await this.privilegedCall(MANAGER_PATH, MANAGER_IFACE, 'Reload', '', [], 90_000);
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

  /**
   * After the manager came back: its new instance must be asked to send signals again (the match
   * rules stay with the bus connection).
   */
  resubscribe(): Promise<void> {
    return this.managerCall('Subscribe', '', []).then(
      () => undefined,
      (err: unknown) => {
        if ((err as SystemdError).dbusName !== 'org.freedesktop.systemd1.AlreadySubscribed') throw err;
      },
    );
  }

  private onSignal(s: SignalMessage): void {
    if (s.interface === 'org.freedesktop.DBus' && s.member === 'NameOwnerChanged') {
      const [name, , owner] = s.body as [string, string, string];
      if (name !== SYSTEMD_BUS_NAME) return;
      if (!owner) {
        // Jobs of the old instance cannot be followed: say so at once instead of waiting.
        for (const [job, w] of this.jobWaiters) w.reject(new SystemdError('disconnected', `the manager left the bus while ${job} was running; its result is not known`));
        this.jobWaiters.clear();
      }
      this.emitEvent({ type: owner ? 'manager-back' : 'manager-gone' });
      return;
    }
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

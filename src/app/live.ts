// Keeps the unit table live from systemd's signals: one subscription, one listing at start-up and
// after each daemon-reload, never a timer. Changes are coalesced per I/O turn; Ink limits the frames.
import { actionTitle, describeActionError, describeJobResult, type UnitAction } from '../core/model/actions.js';
import type { UnitBasics } from '../core/model/unitRow.js';
import {
  applyFacts,
  applyJob,
  applyListing,
  applyUnitFiles,
  applyProperties,
  applyUnitNew,
  applyUnitLoaded,
  applyUnitRemoved,
  emptyUnits,
  touchAll,
  touchUnit,
  clearNeedDaemonReload,
  noteNeedDaemonReload,
  unitsChangedSince,
  WATCHED_PROPERTIES,
  type UnitFileListed,
  type UnitsState,
} from '../core/model/units.js';
import { SystemdError } from '../host/bus.js';
import { FramePacer } from '../core/model/framePacing.js';
import { benchMark, benchMarking, benchTracing, memoryText } from '../host/benchMark.js';
import { fetchRuntimeFacts } from './facts.js';
import { firstUnitsLoadedUs, type RunHistory } from './runHistory.js';
import type { Systemd, SystemdEvent, UnitSummary } from './manager.js';

/** live; the manager reloading; the manager gone from a bus that stays; the bus connection lost. */
export type ConnectionState = 'connected' | 'reloading' | 'stalled' | 'manager-gone' | 'disconnected';

/** How often the manager is asked whether it answers, and how long an answer may take. */
export const LIVENESS_EVERY_MS = 1500;
export const LIVENESS_DEADLINE_MS = 2500;

const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';
/** Units whose facts are read at once (7 pipelined Gets each). */
const FACTS_IN_FLIGHT = 8;

export interface ActionOutcome {
  text: string;
  ok: boolean;
}

const toBasics = (units: UnitSummary[]): UnitBasics[] => units.map((u) => ({ ...u, jobType: u.jobType }));

export class LiveUnits {
  readonly state: UnitsState = emptyUnits();
  connection: ConnectionState = 'connected';
  /** Set when the run history (store and journal) is in. */
  ready = false;
  private readonly listeners = new Set<() => void>();
  private flushTimer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  /** Changes are announced at most once a frame, and at 10 fps in a burst (see FramePacer). */
  private readonly pacer = new FramePacer();
  /** The state version last announced (the difference counts unit changes). */
  private shownVersion = 0;
  private snapshot = 0;
  /** The job on each unit (JobNew), whether its type was asked for yet, and the run it found. */
  private readonly jobs = new Map<string, { id: number; path: string; typeAsked: boolean; invocation?: string }>();
  /** The job that was running when a unit's run ended (by id), to tell a restart from a stop. */
  private readonly endedByJob = new Map<string, { jobId: number; invocation: string }>();
  /** Units with a unit file (ListUnitFiles): collected, they stay as installed units that are not loaded. */
  private unitFileNames = new Set<string>();
  private unitFileList: readonly UnitFileListed[] = [];
  private unitFilesReadCount = 0;
  /** Units being read (learnUnit): true when asked again meanwhile, so the answer may be old. */
  private readonly pendingUnits = new Map<string, boolean>();
  /** Exits seen before their run's id (see recordExit). */
  private readonly exitsAwaitingId = new Set<string>();
  /** Units whose runtime facts were read; signals keep them current from then on. */
  private readonly factsKnown = new Set<string>();
  private readonly factsInFlight = new Set<string>();
  /** The units last wanted (on screen). */
  private wanted: readonly string[] = [];
  /** Units whose facts are wanted (shown now), in order; replaced by each newer want. */
  private factsQueue: string[] = [];
  private closed = false;
  private livenessTimer: NodeJS.Timeout | undefined;
  private pinging = false;
  /** When the manager stopped answering (for the refusal's words). */
  private stalledSince = 0;
  private historyRef: RunHistory | undefined;
  private readonly onEventBound = (e: SystemdEvent) => this.onEvent(e);

  constructor(
    readonly systemd: Systemd,
    /** Runs from the journal and svctui's store (or attached later, see loadBackground). */
    history?: RunHistory,
  ) {
    if (history) this.attachHistory(history);
  }

  /** A started LiveUnits on this connection (closed again if listing fails). */
  static async open(systemd: Systemd): Promise<LiveUnits> {
    const live = new LiveUnits(systemd);
    try {
      await live.start();
    } catch (err) {
      live.close();
      throw err;
    }
    return live;
  }

  /** The unit files as last listed (ListUnitFiles), templates too; `unitFilesRead` counts the listings. */
  get unitFiles(): readonly UnitFileListed[] {
    return this.unitFileList;
  }

  get unitFilesRead(): number {
    return this.unitFilesReadCount;
  }

  /** Runs from the journal and svctui's store; exits seen live are recorded into it. */
  get history(): RunHistory | undefined {
    return this.historyRef;
  }

  private attachHistory(history: RunHistory): void {
    this.historyRef = history;
    // The rows read what the history knows from the state (plain data), kept up to date here.
    this.state.history = new Map(history.units().map((u) => [u, history.known(u)]));
    history.onChange = (unit) => {
      if (unit === undefined) {
        this.state.history = new Map(history.units().map((u) => [u, history.known(u)]));
        touchAll(this.state, false);
      } else {
        this.state.history?.set(unit, history.known(unit));
        touchUnit(this.state, unit);
      }
      this.schedule();
    };
  }

  /**
   * Subscribes and lists (sent together: the subscription's calls go out first, so the listing
   * misses nothing). That is all the first frame needs; see loadBackground and wantFacts.
   */
  async start(): Promise<void> {
    this.systemd.on('event', this.onEventBound);
    this.systemd.keepProperties(WATCHED_PROPERTIES);
    await Promise.all([this.systemd.subscribe(), this.refreshListing()]);
    this.flushNow();
    this.livenessTimer = setInterval(() => void this.checkLiveness(), LIVENESS_EVERY_MS);
    this.livenessTimer.unref();
  }

  /**
   * A stalled manager or link sends no signals and looks like a quiet one: asked with Peer.Ping,
   * it is "stalled" when it does not answer in time, and live again once it does.
   */
  private async checkLiveness(): Promise<void> {
    if (this.pinging || this.closed || (this.connection !== 'connected' && this.connection !== 'stalled')) return;
    this.pinging = true;
    try {
      const answered = await this.systemd.ping(LIVENESS_DEADLINE_MS);
      if (this.closed || (this.connection !== 'connected' && this.connection !== 'stalled')) return;
      const next = answered ? 'connected' : 'stalled';
      if (next === this.connection) return;
      if (next === 'stalled') this.stalledSince = Date.now() - LIVENESS_DEADLINE_MS;
      this.connection = next;
      // Back: what changed meanwhile was sent when it could be; list again to be sure of it.
      if (next === 'connected') void this.refreshListing().then(() => this.flushNow(), () => undefined);
      this.flushNow();
    } finally {
      this.pinging = false;
    }
  }

  /** Why an action cannot be sent now (the manager does not answer or is gone), or undefined. */
  private notReachable(action: UnitAction, unit: string): string | undefined {
    const what = actionTitle(action, unit);
    if (this.connection === 'stalled') return `${what}: not sent — the manager has not answered for ${Math.round((Date.now() - this.stalledSince) / 1000)} s (stalled); try again when the header says live`;
    if (this.connection === 'manager-gone') return `${what}: not sent — the manager is gone from the bus; svctui lists again when it is back`;
    if (this.connection === 'disconnected') return `${what}: not sent — the connection to the manager is lost; svctui reconnects`;
    return undefined;
  }

  /** After the first frame: opens the run store if not given yet, then reads it and the journal. */
  async loadBackground(openHistory?: () => Promise<RunHistory>): Promise<void> {
    if (!this.history && openHistory) {
      const history = await openHistory();
      if (this.closed) {
        history.store?.close();
        return;
      }
      this.attachHistory(history);
    }
    await this.loadHistory();
    benchMark('history-loaded', memoryText());
    this.ready = true;
    this.schedule();
  }

  /** A status read of the unit said whether its file changed on disk (the row marks it). */
  noteStatusRead(name: string, props: Record<string, unknown>): void {
    if (!('NeedDaemonReload' in props)) return;
    noteNeedDaemonReload(this.state, name, props.NeedDaemonReload === true);
    this.schedule();
  }

  /**
   * The units on screen: their runtime facts (exit, result, since) are read now if never read.
   * Only shown units are read, so 3,000 units cost no more than 40; older wants are dropped.
   */
  wantFacts(names: readonly string[]): void {
    this.wanted = names;
    this.factsQueue = names.filter((n) => !this.factsKnown.has(n) && !this.factsInFlight.has(n));
    this.pumpFacts();
  }

  /**
   * A job's type (start, stop, restart…) costs a call, asked as soon as the job appears: when the
   * main process exits, it says whether a stop or restart job ended the run (a start job's timeout
   * goes through the same stop sub-states).
   */
  private askJobType(unit: string): void {
    const job = this.jobs.get(unit);
    if (!job || job.typeAsked) return;
    job.typeAsked = true;
    void this.systemd.jobType(job.path).then((type) => {
      if (type && this.jobs.get(unit) === job) {
        applyJob(this.state, unit, type);
        this.schedule();
      }
      // The run may have ended before the answer came (a restart is quick): say which job it was.
      if ((type === 'restart' || type === 'stop') && job.invocation && this.history) {
        const run = this.history.runs(unit).find((r) => r.invocationId === job.invocation);
        if (run?.stopJob && !run.jobType) this.history.observe({ unit, invocationId: job.invocation, jobType: type, sources: ['live'] });
      }
    });
  }

  private pumpFacts(): void {
    while (!this.closed && this.factsInFlight.size < FACTS_IN_FLIGHT && this.factsQueue.length) {
      const name = this.factsQueue.shift()!;
      if (this.factsKnown.has(name) || this.factsInFlight.has(name)) continue;
      this.factsInFlight.add(name);
      void this.readFacts(name).finally(() => {
        this.factsInFlight.delete(name);
        this.pumpFacts();
      });
    }
  }

  /** A unit on screen was loaded again (known as a file, or collected before): read its facts now. */
  private factsAgain(name: string): void {
    this.factsKnown.delete(name);
    if (!this.wanted.includes(name) || this.factsInFlight.has(name)) return;
    this.factsQueue.push(name);
    this.pumpFacts();
  }

  private async readFacts(name: string): Promise<void> {
    const e = this.state.units.get(name);
    if (!e || !e.loaded) return; // reading an unloaded unit would load it again
    try {
      const facts = await fetchRuntimeFacts(this.systemd, name);
      if (this.closed) return;
      applyFacts(this.state, name, facts);
      this.factsKnown.add(name);
      this.schedule();
    } catch {
      // gone before we could look; a later want tries again
    }
  }

  private async loadHistory(): Promise<void> {
    if (!this.history) return;
    this.history.loadStore();
    await this.history.loadJournal();
    if (this.closed) return;
    // Live from here on: every later run is seen, so the journal's coverage decides "-" against "?".
    const none = await this.history.noRunsMeansNone(await firstUnitsLoadedUs((n) => this.systemd.managerProperty(n)));
    if (this.closed) return;
    if (none !== (this.state.noRunsMeansNone ?? false)) {
      this.state.noRunsMeansNone = none;
      touchAll(this.state, false);
    }
    this.schedule();
  }

  /**
   * What a run's end looks like live: a new exit of the main process, the unit going down (or into
   * auto-restart), or a failure without an exit (a failed condition, a start that timed out). The
   * run is remembered at once with all that is known — start, end, exit, Result, whether a stop or
   * restart job was running — and saved to svctui's store.
   */
  private observeRun(name: string, before: { exitUs?: bigint; active: string; sub: string; result?: string; invocation?: string }): void {
    const e = this.state.units.get(name);
    if (!this.history || !e) return;
    // A new invocation begins in "inactive (dead)" (a restart after auto-restart): a start, not an end.
    if (before.invocation && e.InvocationID && e.InvocationID !== before.invocation) return;
    const newExit = !!e.ExecMainExitTimestamp && e.ExecMainExitTimestamp !== before.exitUs;
    const down = (e.activeState === 'inactive' || e.activeState === 'failed') && e.activeState !== before.active;
    const restarting = e.subState === 'auto-restart' && before.sub !== 'auto-restart';
    const failedNow = !!e.Result && e.Result !== 'success' && e.Result !== before.result;
    if (!newExit && !down && !restarting && !failedNow) return;
    if (!e.InvocationID) {
      // A unit never shown, running since before svctui started: its run's id is not known yet.
      // systemd follows the Service's change with the Unit's own, which names the run.
      this.exitsAwaitingId.add(name);
      return;
    }
    const over = down || restarting || newExit;
    const job = this.jobs.get(name);
    if (newExit && e.stopJob && job) this.endedByJob.set(name, { jobId: job.id, invocation: e.InvocationID });
    this.history.observe({
      unit: name,
      invocationId: e.InvocationID,
      startUs: e.ExecMainStartTimestamp || undefined,
      endUs: e.ExecMainExitTimestamp || (over ? e.StateChangeTimestamp || undefined : undefined),
      exitCode: e.ExecMainCode || undefined,
      exitStatus: e.ExecMainCode ? e.ExecMainStatus : undefined,
      result: over || failedNow ? e.Result || undefined : undefined,
      stopJob: e.ExecMainCode ? e.stopJob : undefined,
      jobType: e.stopJob && e.job ? e.job : undefined,
      running: over ? false : undefined,
      sources: ['live'],
    });
  }

  /**
   * A new run began. If the job that ended the previous run is still the unit's job, it was a
   * restart: the same job stops and starts (asking the job's type can come too late for that).
   */
  private newRunStarted(unit: string): void {
    const ended = this.endedByJob.get(unit);
    this.endedByJob.delete(unit);
    if (ended && this.history && this.jobs.get(unit)?.id === ended.jobId) {
      this.history.observe({ unit, invocationId: ended.invocation, stopJob: true, jobType: 'restart', sources: ['live'] });
    }
  }

  /**
   * A start job that failed without starting a run (the unit's invocation did not change, and it is
   * failed): systemd refused the start — the start limit. Seen live, no journal needed.
   */
  private observeRefusedStart(unit: string, job: { invocation?: string } | undefined): void {
    const e = this.state.units.get(unit);
    if (!this.history || !e?.InvocationID || !job || job.invocation !== e.InvocationID || e.activeState !== 'failed') return;
    this.history.observe({ unit, invocationId: e.InvocationID, startLimitHit: true, running: false, sources: ['live'] });
    touchUnit(this.state, unit);
    this.schedule();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.livenessTimer);
    this.history?.flush({ final: true });
    this.history?.store?.close();
    this.clearFlushTimer();
    this.systemd.off('event', this.onEventBound);
    this.systemd.close();
  }

  /** For useSyncExternalStore: a number that changes with every announced change. */
  getSnapshot = (): number => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Announces changes at most once a frame: after the I/O callbacks of this turn when the last
   * announcement is a frame ago (a lone change shows at once), else at the next frame. A storm of
   * signals then costs one render per frame, not one per batch, and keys get the time between.
   */
  private schedule(): void {
    if (this.flushTimer || this.closed) return;
    const wait = this.pacer.delay(performance.now());
    if (benchTracing && wait > 0) benchMark('flush-paced', wait.toFixed(1));
    this.flushTimer = wait <= 0 ? setImmediate(() => this.flushNow()) : setTimeout(() => this.flushNow(), wait);
  }

  private clearFlushTimer(): void {
    if (!this.flushTimer) return;
    clearImmediate(this.flushTimer as NodeJS.Immediate);
    clearTimeout(this.flushTimer as NodeJS.Timeout);
    this.flushTimer = undefined;
  }

  private flushNow(): void {
    this.clearFlushTimer();
    // A burst is many units changing, not many changes: one unit's stop alone is several (its
    // states, its job, its facts), and a few units stopped one after another are not a storm.
    const units = unitsChangedSince(this.state, this.shownVersion);
    this.pacer.shown(performance.now(), units);
    if (benchTracing) benchMark('flush', `${this.state.version} units=${units}`);
    this.shownVersion = this.state.version;
    // Every announcement is a new snapshot (a change of connection state is one too).
    this.snapshot++;
    for (const l of this.listeners) l();
  }

  /**
   * Lists the loaded units (all a screen needs) and returns; the unit files (their states, and the
   * installed units that are not loaded) are merged when they arrive: reading them scans the disk.
   */
  private async refreshListing(): Promise<void> {
    // Asked in this order: systemd answers in order, and the listing is the one the screen waits for.
    const listing = this.systemd.listLoadedUnits();
    const files = this.systemd.listUnitFiles();
    files.catch(() => undefined);
    const loaded = await listing;
    benchMark('listing-received');
    if (this.closed) return;
    applyListing(this.state, toBasics(loaded));
    void files.then(
      (f) => {
        if (this.closed) return;
        this.unitFileNames = new Set(f.map((x) => x.name));
        this.unitFileList = f;
        this.unitFilesReadCount++;
        applyUnitFiles(this.state, f);
        this.schedule();
      },
      () => undefined,
    );
  }

  /**
   * A unit we did not know: fetch its basics and facts. Asked again while a read is on its way (a
   * UnitNew: the unit was collected and loaded again), it is read once more after: systemd sends a
   * unit's first changes after a load as UnitNew alone, so the earlier answer may miss them.
   */
  private async learnUnit(name: string): Promise<void> {
    if (this.pendingUnits.has(name)) {
      this.pendingUnits.set(name, true);
      return;
    }
    this.pendingUnits.set(name, false);
    try {
      // GetUnit first: a signal that arrives after the unit was removed must not load it again.
      const p = await this.systemd.unitPropertiesIfLoaded(name, UNIT_IFACE);
      if (this.closed || !p) return;
      const basics: UnitBasics = {
        name,
        description: String(p.Description ?? ''),
        loadState: String(p.LoadState ?? ''),
        activeState: String(p.ActiveState ?? ''),
        subState: String(p.SubState ?? ''),
        unitFileState: String(p.UnitFileState ?? '') || undefined,
      };
      applyUnitNew(this.state, basics);
      // On screen (collected and loaded again, a daemon-reload): its facts now, not "…" until a scroll.
      this.factsAgain(name);
      this.schedule();
    } catch {
      // gone again before we could look
    } finally {
      const again = this.pendingUnits.get(name);
      this.pendingUnits.delete(name);
      if (again && !this.closed) void this.learnUnit(name);
    }
  }

  private onEvent(ev: SystemdEvent): void {
    switch (ev.type) {
      case 'properties-changed': {
        const entry = this.state.units.get(ev.unit);
        if (!entry) {
          void this.learnUnit(ev.unit);
          return;
        }
        const before = { exitUs: entry.ExecMainExitTimestamp, active: entry.activeState, sub: entry.subState, result: entry.Result, invocation: entry.InvocationID };
        if (benchMarking && typeof ev.changed.SubState === 'string') benchMark('state-received', `${ev.unit}=${String(ev.changed.ActiveState)}/${ev.changed.SubState} changed-at-us=${String(ev.changed.StateChangeTimestamp)}`);
        if (applyProperties(this.state, ev.unit, ev.changed)) this.schedule();
        if (ev.changed.InvocationID && this.exitsAwaitingId.delete(ev.unit)) this.observeRun(ev.unit, { active: '', sub: '' });
        else this.observeRun(ev.unit, before);
        if (entry.InvocationID && entry.InvocationID !== before.invocation) this.newRunStarted(ev.unit);
        return;
      }
      case 'job-new':
        this.jobs.set(ev.unit, { id: ev.id, path: ev.job, typeAsked: false, invocation: this.state.units.get(ev.unit)?.InvocationID });
        this.askJobType(ev.unit);
        return;
      case 'job-removed': {
        const job = this.jobs.get(ev.unit);
        if (job?.id === ev.id) this.jobs.delete(ev.unit);
        if (ev.result === 'failed') this.observeRefusedStart(ev.unit, job?.id === ev.id ? job : undefined);
        applyJob(this.state, ev.unit, undefined);
        this.schedule();
        return;
      }
      case 'unit-new':
        // Units never seen, or known only as unit files, are read: reading a collected unit would
        // load it, and so on, so a known loaded one is not.
        if (!applyUnitLoaded(this.state, ev.unit)) void this.learnUnit(ev.unit);
        else this.factsAgain(ev.unit);
        return;
      case 'unit-removed':
        applyUnitRemoved(this.state, ev.unit, this.unitFileNames.has(ev.unit));
        // Loaded again later, it is a new load: its facts are read again then (not now: that would load it).
        this.factsKnown.delete(ev.unit);
        this.schedule();
        return;
      case 'reloading':
        this.connection = ev.active ? 'reloading' : 'connected';
        // After a reload, const properties (drop-ins, descriptions, paths) may have changed: refresh all views.
        if (!ev.active)
          void this.refreshListing().then(
            () => {
              clearNeedDaemonReload(this.state);
              touchAll(this.state);
              // Units the listing found loaded again: their facts, at once, for those on screen.
              this.wantFacts(this.wanted);
              this.schedule();
            },
            () => undefined,
          );
        this.schedule();
        return;
      case 'unit-files-changed':
        void this.refreshListing().then(() => this.schedule(), () => undefined);
        return;
      case 'manager-gone':
        // The rows are what was true when it left: said in the header, and the rows are dimmed.
        this.connection = 'manager-gone';
        this.jobs.clear();
        this.flushNow();
        return;
      case 'manager-back':
        void this.managerBack();
        return;
      case 'disconnected':
        this.connection = 'disconnected';
        this.flushNow();
        return;
    }
  }

  /** A new instance of the manager: subscribe to it, then list again (everything may have changed). */
  private async managerBack(): Promise<void> {
    try {
      await this.systemd.resubscribe();
      this.factsKnown.clear();
      await this.refreshListing();
      this.connection = 'connected';
      touchAll(this.state);
      this.wantFacts([...this.wanted]);
    } catch {
      // gone again: the next manager-back tries again
    }
    this.flushNow();
  }

  /** Runs an action on a unit and says how it ended, in words. Never throws. */
  async runAction(action: UnitAction, unit: string): Promise<ActionOutcome> {
    const refused = this.notReachable(action, unit);
    if (refused) return { text: refused, ok: false };
    try {
      switch (action) {
        case 'start':
        case 'stop':
        case 'restart':
        case 'reload': {
          applyJob(this.state, unit, action);
          this.schedule();
          const result = await this.systemd.runJob(action, unit);
          return describeJobResult(action, unit, result);
        }
        case 'reset-failed':
          await this.systemd.resetFailed(unit);
          return { text: `Reset the failed state of ${unit}: done`, ok: true };
        case 'enable': {
          const changes = await this.systemd.enable([unit]);
          return { text: changes.length ? `Enable ${unit}: done (${changes.map((c) => `${c.type} ${c.file}`).join('; ')})` : `Enable ${unit}: nothing to change`, ok: true };
        }
        case 'disable': {
          const changes = await this.systemd.disable([unit]);
          return { text: changes.length ? `Disable ${unit}: done` : `Disable ${unit}: nothing to change`, ok: true };
        }
        case 'mask': {
          const changes = await this.systemd.mask([unit]);
          return { text: changes.length ? `Mask ${unit}: done (${changes.map((c) => `${c.type} ${c.file}${c.destination ? ` → ${c.destination}` : ''}`).join('; ')})` : `Mask ${unit}: nothing to change`, ok: true };
        }
        case 'unmask': {
          const changes = await this.systemd.unmask([unit]);
          return { text: changes.length ? `Unmask ${unit}: done (${changes.map((c) => `${c.type} ${c.file}`).join('; ')})` : `Unmask ${unit}: nothing to change`, ok: true };
        }
        case 'daemon-reload':
          await this.systemd.daemonReload();
          return { text: 'Reload the manager (daemon-reload): done; unit files are read again', ok: true };
      }
    } catch (err) {
      // The job never began: the row must not keep saying "reloading…".
      if (this.state.units.get(unit)?.job === action && !this.jobs.has(unit)) {
        applyJob(this.state, unit, undefined);
        this.schedule();
      }
      const e = err instanceof SystemdError ? err : { kind: 'error', message: (err as Error).message };
      return { text: describeActionError(action, unit, e), ok: false };
    }
  }
}

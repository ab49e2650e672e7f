// A unit's runs from every source svctui has: what it saw live, what D-Bus says now, what the
// journal recorded, and its own store. Merged by invocation id, best source first.
import { observeRun, unitRunsOf, type KnownRuns, type Run } from '../core/model/runs.js';
import type { HistoryStore } from '../host/local/state/historyStore.js';
import type { Scope } from '../host/bus.js';
import { journalRuns } from './journalRuns.js';
import { bootJournalStartUs, journalAccessProblem, type JournalSource } from './journal.js';

const SAVE_DELAY_MS = 500;

/** A store another process holds locked: runs held are tried again this often (never waiting). */
const RETRY_HELD_MS = 2000;
/** At quit, how long to wait for another process's lock before giving the held runs up. */
const FINAL_WAIT_MS = 2000;

export class RunHistory {
  private journal = new Map<string, Run[]>();
  private stored = new Map<string, Run[]>();
  private readonly live = new Map<string, Run[]>();
  private unsaved: Run[] = [];
  private saveTimer: NodeJS.Timeout | undefined;
  /** Told when what is known changes: of one unit, or (undefined) of any. */
  onChange: ((unit: string | undefined) => void) | undefined;
  /** What could not be read, in words (said once by the caller). */
  readonly problems: string[] = [];
  journalLoaded = false;

  constructor(
    readonly scope: Scope,
    readonly journalSource: JournalSource | false,
    readonly store?: HistoryStore,
  ) {
    if (store?.problem) this.problems.push(store.problem);
  }

  /** One journal query for the manager's records (all units, or these). */
  async loadJournal(units?: string[]): Promise<void> {
    if (this.journalSource === false) return;
    const access = journalAccessProblem(this.scope, this.journalSource);
    if (access && !this.problems.includes(access)) this.problems.push(access);
    try {
      this.journal = await journalRuns(this.journalSource, { scope: this.scope, units });
      this.journalLoaded = true;
      this.onChange?.(undefined);
    } catch (err) {
      this.problems.push(`cannot read the journal (${(err as Error).message}); stop reasons come from D-Bus and svctui's own store`);
    }
  }

  loadStore(units?: string[]): void {
    if (!this.store) return;
    this.stored = this.store.load(units);
    this.onChange?.(undefined);
    if (this.store.problem && !this.problems.includes(this.store.problem)) this.problems.push(this.store.problem);
  }

  /**
   * Whether a unit with no known run did not run this boot: the manager's journal was read, this
   * user may read all of it, and it goes back to when the manager could first start a unit (see
   * firstUnitsLoadedUs): a run would have left its "Starting…" record there. An empty or rotated
   * journal cannot say so.
   */
  async noRunsMeansNone(managerStartUs: bigint | undefined): Promise<boolean> {
    if (!this.journalLoaded || this.journalSource === false || journalAccessProblem(this.scope, this.journalSource)) return false;
    if (!managerStartUs) return false;
    const first = await this.journalStartUs();
    return first !== undefined && first <= managerStartUs;
  }

  private journalStart: Promise<bigint | undefined> | undefined;
  /**
   * Where this boot's journal begins, asked once: `list` asks it early, beside its D-Bus calls
   * (a journalctl of its own, independent of what they answer).
   */
  journalStartUs(): Promise<bigint | undefined> {
    if (this.journalSource === false) return Promise.resolve(undefined);
    if (!this.journalStart) {
      this.journalStart = bootJournalStartUs(this.journalSource);
      // Its failure is said where it is awaited, not as an unhandled rejection meanwhile.
      this.journalStart.catch(() => undefined);
    }
    return this.journalStart;
  }

  /** What is known of a unit's runs, by source. */
  known(unit: string): KnownRuns {
    return { live: this.live.get(unit) ?? [], journal: this.journal.get(unit) ?? [], stored: this.stored.get(unit) ?? [] };
  }

  /** Every unit with a known run. */
  units(): string[] {
    return [...new Set([...this.live.keys(), ...this.journal.keys(), ...this.stored.keys()])];
  }

  /** Runs of a unit, newest first; every run but the newest is over. */
  runs(unit: string, current?: Run): Run[] {
    return unitRunsOf(this.known(unit), current);
  }

  /**
   * A run svctui observed (live or from D-Bus): remembered at once, and saved to the store in a batch
   * a moment later (one transaction for a burst: 300 units restarting must not mean 300 commits).
   */
  observe(run: Run): void {
    // The newest observation wins; what it does not say is kept from before.
    this.live.set(run.unit, observeRun(this.live.get(run.unit) ?? [], run, 50));
    this.onChange?.(run.unit);
    if (!this.store) return;
    this.unsaved.push(run);
    this.saveTimer ??= setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.saveTimer.unref?.();
  }

  /**
   * Writes what is waiting. While svctui runs it never waits for another process's lock (the UI
   * must not freeze): the runs are held and tried again shortly. `final` (at quit) waits a bounded
   * moment for the lock, so held runs are written then.
   */
  flush(o: { final?: boolean } = {}): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const batch = this.unsaved.splice(0);
    if (!this.store || (!batch.length && !this.store.held)) return;
    const outcome = this.store.save(batch, { waitMs: o.final ? FINAL_WAIT_MS : 0 });
    if (outcome === 'held' && !o.final) {
      this.saveTimer = setTimeout(() => this.flush(), RETRY_HELD_MS);
      this.saveTimer.unref?.();
    }
    if (outcome === 'failed' && this.store.problem && !this.problems.includes(this.store.problem)) {
      this.problems.push(this.store.problem);
      this.onChange?.(undefined);
    }
  }

  /** Why runs seen this session were not stored (writing failed, or the store stayed locked), if so. */
  writeProblem(): string | undefined {
    if (!this.store) return undefined;
    if (this.store.held) return `${this.store.held} run(s) seen this session were not stored: another process kept the run history store ${this.store.path} locked`;
    return this.problems.find((p) => p.startsWith('could not write the run history store'));
  }

  /** Saves what D-Bus says now about many units (for after systemd forgets them). */
  saveObserved(runs: Run[]): void {
    this.store?.save(runs);
  }
}

/**
 * When the manager could first start a unit: its units first loaded. A daemon-reload moves
 * UnitsLoad*Timestamp to the reload, so once the start-up finished before the last load, only the
 * manager's own start (UserspaceTimestamp, earlier still) is a safe bound; 0 when unknown.
 */
export async function firstUnitsLoadedUs(managerProperty: (name: string) => Promise<unknown>): Promise<bigint> {
  const read = async (name: string) => {
    const v = await managerProperty(name).catch(() => undefined);
    return typeof v === 'bigint' ? v : 0n;
  };
  const [loadStart, loadFinish, finish, userspace] = await Promise.all([read('UnitsLoadStartTimestamp'), read('UnitsLoadFinishTimestamp'), read('FinishTimestamp'), read('UserspaceTimestamp')]);
  const reloadedSince = finish > 0n && loadStart > finish;
  return reloadedSince ? userspace : loadFinish;
}

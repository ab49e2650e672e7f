// The live unit table: what the TUI knows about every unit, updated from D-Bus events.
// Plain data and functions (no I/O); the adapter's live controller feeds it.
import { unitRunsOf, type KnownRuns, type Run } from './runs.js';
import { makeUnitRow, runFromFacts, type UnitBasics, type UnitRow, type UnitRuntimeFacts } from './unitRow.js';

export interface UnitEntry extends UnitBasics, UnitRuntimeFacts {
  /** Type of the job running on the unit now (start, stop, restart, reload…). */
  job?: string;
  /** False once systemd unloaded the unit (garbage collection); its last facts stay. */
  loaded: boolean;
  /** systemd was stopping this run on request (a stop sub-state entered from a running state). */
  stopping?: boolean;
  /** The runtime facts were read (until then LAST EXIT and STOP REASON say "loading", not "none"). */
  factsKnown?: boolean;
  ExecMainStartTimestamp?: bigint;
  ExecMainExitTimestamp?: bigint;
}

export interface UnitsState {
  units: Map<string, UnitEntry>;
  /** Bumped on every change; per unit too, so views can follow just one unit. */
  version: number;
  unitVersions: Map<string, number>;
  /**
   * Per unit, bumped when its state or facts change — not when systemd merely loads or collects it
   * (the detail pane re-reads on this: reading a collected unit loads it, which must not loop).
   */
  statusVersions: Map<string, number>;
  /** Rows built for a unit version, so unchanged units keep the same row object (cheap re-renders). */
  rowCache: Map<string, { version: number; row: UnitRow }>;
  /** What the run history knows per unit (journal, store, live), when one is attached. */
  history?: Map<string, KnownRuns>;
  /** The journal read covers every run this manager made: a unit with none there did not run (`-`). */
  noRunsMeansNone?: boolean;
  /** Bumped when a change can alter which units a filter matches (or their order). */
  membership: number;
  /** The rows matching the last filter asked for, as of a membership and a version. */
  listCache?: { filter: string; membership: number; version: number; names: string[]; index: Map<string, number>; rows: UnitRow[] };
}

export function emptyUnits(): UnitsState {
  return { units: new Map(), version: 0, unitVersions: new Map(), statusVersions: new Map(), rowCache: new Map(), membership: 0 };
}

function touch(state: UnitsState, name: string, statusChanged = true): void {
  state.version++;
  state.unitVersions.set(name, state.version);
  if (statusChanged) state.statusVersions.set(name, state.version);
}

/** Merges a full listing (start-up, after a daemon-reload): keeps facts we learned, drops nothing we saw stop. */
export function applyListing(state: UnitsState, summaries: UnitBasics[]): void {
  const listed = new Set<string>();
  for (const s of summaries) {
    listed.add(s.name);
    const prev = state.units.get(s.name);
    const loaded = s.loadState !== 'not-loaded';
    // A unit file entry must not overwrite what we know about a unit we saw running and stop.
    if (prev && !loaded && prev.ExecMainCode) {
      if (prev.unitFileState !== s.unitFileState) {
        prev.unitFileState = s.unitFileState;
        touch(state, s.name);
      }
      continue;
    }
    const next: UnitEntry = { ...prev, ...s, jobType: undefined, job: s.jobType || undefined, loaded };
    if (!prev || !sameEntry(prev, next)) {
      state.units.set(s.name, next);
      touch(state, s.name);
      state.membership++;
    }
  }
  for (const [name, entry] of state.units) {
    if (!listed.has(name) && entry.loaded) {
      entry.loaded = false;
      touch(state, name);
    }
  }
}

/** A unit file as the manager lists it (ListUnitFiles). */
export interface UnitFileListed {
  name: string;
  state: string;
}

/**
 * Merges the unit files: their enablement on known units, and units known only as files. Only
 * that: the listing this came with may be older than the signals since, so loaded units' states
 * are left as they are.
 */
export function applyUnitFiles(state: UnitsState, files: readonly UnitFileListed[]): void {
  const names = new Set<string>();
  for (const f of files) {
    // Templates (foo@.service) cannot be loaded or started by themselves; like systemctl, they are not units.
    if (f.name.includes('@.')) continue;
    names.add(f.name);
    const prev = state.units.get(f.name);
    if (prev) {
      if (prev.unitFileState !== f.state) {
        prev.unitFileState = f.state;
        touch(state, f.name);
      }
      continue;
    }
    const masked = f.state === 'masked' || f.state === 'masked-runtime';
    state.units.set(f.name, { name: f.name, description: '', loadState: masked ? 'masked' : 'not-loaded', activeState: 'inactive', subState: 'dead', unitFileState: f.state, loaded: false });
    touch(state, f.name);
    state.membership++;
  }
  // A unit known only by its file, whose file is gone, is no longer a unit (one we saw run stays).
  for (const [name, e] of state.units) {
    if (e.loaded || names.has(name) || e.ExecMainCode !== undefined) continue;
    state.units.delete(name);
    state.rowCache.delete(name);
    state.unitVersions.delete(name);
    state.statusVersions.delete(name);
    state.version++;
    state.membership++;
  }
}

function sameEntry(a: UnitEntry, b: UnitEntry): boolean {
  return (
    a.description === b.description &&
    a.loadState === b.loadState &&
    a.activeState === b.activeState &&
    a.subState === b.subState &&
    a.unitFileState === b.unitFileState &&
    a.job === b.job &&
    a.loaded === b.loaded
  );
}

/**
 * Runtime facts read from D-Bus. A unit that was garbage-collected and loaded again comes back
 * empty (ExecMainCode=0, no timestamps): then the exit we saw before is kept, not forgotten.
 */
export function applyFacts(state: UnitsState, name: string, facts: UnitRuntimeFacts): void {
  const e = state.units.get(name);
  if (!e) return;
  const forgotten = !facts.ExecMainCode && !!e.ExecMainCode && e.activeState === 'inactive' && !facts.StateChangeTimestamp;
  if (forgotten) {
    const { ExecMainCode: _c, ExecMainStatus: _s, Result: _r, StateChangeTimestamp: _t, ...rest } = facts;
    Object.assign(e, rest);
  } else Object.assign(e, facts);
  e.factsKnown = true;
  touch(state, name);
}

/** What a status read said of NeedDaemonReload (the property is never signalled: it is read). */
export function noteNeedDaemonReload(state: UnitsState, name: string, need: boolean): void {
  const e = state.units.get(name);
  if (!e || Boolean(e.NeedDaemonReload) === need) return;
  e.NeedDaemonReload = need;
  touch(state, name, false);
}

/** After a daemon-reload every unit is read from disk again: none needs one any more. */
export function clearNeedDaemonReload(state: UnitsState): void {
  for (const e of state.units.values()) if (e.NeedDaemonReload) noteNeedDaemonReload(state, e.name, false);
}

/** A new unit appeared (UnitNew) with the basics fetched for it. */
export function applyUnitNew(state: UnitsState, basics: UnitBasics): void {
  const prev = state.units.get(basics.name);
  state.units.set(basics.name, { ...prev, ...basics, loaded: true });
  touch(state, basics.name, prev === undefined || prev.loadState !== 'not-loaded');
  state.membership++;
}

const RUNTIME_FACTS = ['Result', 'ExecMainCode', 'ExecMainStatus', 'ExecMainStartTimestamp', 'ExecMainExitTimestamp', 'StateChangeTimestamp', 'InvocationID', 'stopJob', 'stopping', 'factsKnown'] as const;

/**
 * Garbage collection: systemd no longer lists the unit, so neither does the list (its runs stay in
 * the history). A unit with a unit file is still an installed unit: it stays as one that is not
 * loaded (shown with "all", with its last run from the history); a transient unit goes.
 */
export function applyUnitRemoved(state: UnitsState, name: string, hasUnitFile: boolean): void {
  const e = state.units.get(name);
  if (!e || !e.loaded) return;
  state.membership++;
  if (!hasUnitFile) {
    state.units.delete(name);
    state.rowCache.delete(name);
    state.unitVersions.delete(name);
    state.statusVersions.delete(name);
    state.version++;
    return;
  }
  e.loaded = false;
  e.loadState = 'not-loaded';
  e.activeState = 'inactive';
  e.subState = 'dead';
  e.job = undefined;
  for (const k of RUNTIME_FACTS) delete (e as Partial<UnitEntry>)[k];
  touch(state, name, false);
}

/**
 * A known unit was loaded again (someone looked at it). False when its basics must be read: it
 * is new to us, or known only as a unit file (started from elsewhere, say).
 */
export function applyUnitLoaded(state: UnitsState, name: string): boolean {
  const e = state.units.get(name);
  if (!e || e.loadState === 'not-loaded') return false;
  e.loaded = true;
  return true;
}

const UNIT_KEYS: Record<string, keyof UnitEntry> = {
  ActiveState: 'activeState',
  SubState: 'subState',
  LoadState: 'loadState',
  Description: 'description',
  UnitFileState: 'unitFileState',
  StateChangeTimestamp: 'StateChangeTimestamp',
  InvocationID: 'InvocationID',
};

/** Every property applyProperties reads: the rest of a PropertiesChanged need not be sent at all. */
export const WATCHED_PROPERTIES: readonly string[] = [...Object.keys(UNIT_KEYS), 'Result', 'ExecMainStatus', 'ExecMainCode', 'ExecMainStartTimestamp', 'ExecMainExitTimestamp'];

/** What matchesFilter and the failed-first order look at (besides the name): when it changes, a unit may enter or leave the list, or move. */
function filterKey(e: UnitEntry): string {
  return `${e.loadState}\n${e.loadState === 'not-found' ? e.activeState : ''}\n${stateGroup(e)}\n${e.description}`;
}

/** Sub-states in which systemd is stopping the main process on request (stop or restart job). */
const STOPPING_SUBSTATES = new Set(['stop', 'stop-sigterm', 'stop-sigkill']);
/** Sub-states of a run that is starting or running (a new run: forget the last stop). */
const STARTING_SUBSTATES = new Set(['condition', 'start-pre', 'start', 'start-post', 'running']);

/**
 * A PropertiesChanged. Besides state and facts, it tracks whether systemd was stopping the unit
 * (a stop or restart job, or a stop sub-state) when the main process exited: that is what tells
 * "stopped by request" from the unit's own exit, since both can end with Result=success.
 */
export function applyProperties(state: UnitsState, name: string, changed: Record<string, unknown>): boolean {
  const e = state.units.get(name);
  if (!e) return false;
  let any = false;
  const wasActive = e.activeState;
  const matchedAs = 'LoadState' in changed || 'ActiveState' in changed || 'Description' in changed ? filterKey(e) : undefined;
  for (const [prop, value] of Object.entries(changed)) {
    const key = UNIT_KEYS[prop];
    if (key && e[key] !== value) {
      (e as unknown as Record<string, unknown>)[key] = value;
      any = true;
    }
  }
  if (any && matchedAs !== undefined && filterKey(e) !== matchedAs) state.membership++;
  if (typeof changed.SubState === 'string') {
    // Stopping on request starts from a running state; a start that times out goes through the
    // same sub-states from "activating" (and a start job), and is not a stop.
    if (STOPPING_SUBSTATES.has(changed.SubState)) e.stopping = e.stopping || (wasActive !== 'activating' && wasActive !== 'inactive' && wasActive !== 'failed');
    else if (STARTING_SUBSTATES.has(changed.SubState)) e.stopping = false;
  }
  for (const prop of ['Result', 'ExecMainStatus', 'ExecMainCode', 'ExecMainStartTimestamp'] as const) {
    if (prop in changed && e[prop] !== changed[prop]) {
      (e as unknown as Record<string, unknown>)[prop] = changed[prop];
      any = true;
    }
  }
  const exitTs = changed.ExecMainExitTimestamp;
  if (typeof exitTs === 'bigint' && exitTs !== (e.ExecMainExitTimestamp ?? 0n)) {
    e.ExecMainExitTimestamp = exitTs;
    // A new exit (0 means a new run started and reset it). The job's type decides when known
    // (its type is asked as soon as the job appears); else a stop sub-state entered while running.
    // A restart job stops first (then the exit is a stop by request) and starts after: a oneshot
    // that finishes while the restart job starts it again (Restart=) was not stopped.
    const restartStopping = e.job === 'restart' && (e.stopping || e.activeState !== 'activating');
    e.stopJob = exitTs === 0n ? undefined : e.job === 'stop' ? true : e.job === 'restart' ? restartStopping : e.job ? false : Boolean(e.stopping);
    any = true;
  }
  // Signals carry the facts too: the Unit's change names the run, the Service's its Result and exit.
  if (!e.factsKnown && e.InvocationID !== undefined && e.Result !== undefined) e.factsKnown = true;
  if (any) {
    e.loaded = true;
    touch(state, name);
  }
  return any;
}

export function applyJob(state: UnitsState, name: string, jobType: string | undefined): void {
  const e = state.units.get(name);
  if (!e || e.job === jobType) return;
  e.job = jobType;
  touch(state, name);
}

export const TYPE_CYCLE = ['service', 'timer', 'socket', 'target', 'path', 'all'] as const;
export type TypeFilter = (typeof TYPE_CYCLE)[number];
/** Which states are shown: every one, or only failed, active (or changing) or inactive units. */
export const STATE_CYCLE = ['all', 'failed', 'active', 'inactive'] as const;
export type StateFilter = (typeof STATE_CYCLE)[number];
/** The list's order: failed units first (then by name), by name, by SINCE (newest first), by LAST EXIT (unclean first). */
export const SORT_CYCLE = ['failed-first', 'name', 'since', 'last-exit'] as const;
export type SortOrder = (typeof SORT_CYCLE)[number];

export interface RowFilter {
  type: TypeFilter;
  text: string;
  /** Include unit files that are not loaded, and not-found units. */
  all: boolean;
  /** Command-line globs; a unit must match one when there are any. */
  patterns?: RegExp[];
  /** Only units in this group of states (default: all). */
  state?: StateFilter;
  /** The order (default: by name). */
  sort?: SortOrder;
  /** Watched units: first, whatever the order (the watch list). */
  pinned?: readonly string[];
  /**
   * Units that keep their row although systemd unloaded them (the selected one): a unit the
   * user chose does not vanish under the cursor, and keys act on it, not on a neighbour.
   */
  keep?: readonly string[];
}

function nextOf<T>(cycle: readonly T[], t: T): T {
  return cycle[(cycle.indexOf(t) + 1) % cycle.length]!;
}

export const nextType = (t: TypeFilter): TypeFilter => nextOf(TYPE_CYCLE, t);
export const nextStateFilter = (t: StateFilter): StateFilter => nextOf(STATE_CYCLE, t);
export const nextSort = (t: SortOrder): SortOrder => nextOf(SORT_CYCLE, t);

/** The group a unit's state belongs to: failed, inactive, or active (which includes changing). */
export function stateGroup(e: Pick<UnitEntry, 'activeState'>): Exclude<StateFilter, 'all'> {
  return e.activeState === 'failed' ? 'failed' : e.activeState === 'inactive' ? 'inactive' : 'active';
}

export function matchesFilter(e: UnitEntry, f: RowFilter): boolean {
  if (f.type !== 'all' && !e.name.endsWith(`.${f.type}`)) return false;
  if (f.state && f.state !== 'all' && stateGroup(e) !== f.state) return false;
  if (f.patterns?.length && !f.patterns.some((re) => re.test(e.name))) return false;
  const kept = f.keep?.includes(e.name) || f.pinned?.includes(e.name);
  if (!f.all && !kept && (e.loadState === 'not-loaded' || (e.loadState === 'not-found' && e.activeState === 'inactive'))) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    if (!e.name.toLowerCase().includes(needle) && !e.description.toLowerCase().includes(needle)) return false;
  }
  return true;
}

export function entryToRow(e: UnitEntry, runs?: Run[], noRunsMeansNone = false): UnitRow {
  return makeUnitRow({ ...e, jobType: e.job }, e, runs, { factsKnown: e.factsKnown || !e.loaded, noRunsMeansNone });
}

/** How many units changed after a version (a unit changed five times counts once). */
export function unitsChangedSince(state: UnitsState, version: number): number {
  if (state.version === version) return 0;
  let n = 0;
  for (const v of state.unitVersions.values()) if (v > version) n++;
  return n;
}

/** Marks one unit's row changed (its history learnt something the row shows; its status did not change). */
export function touchUnit(state: UnitsState, name: string): void {
  if (state.units.has(name)) touch(state, name, false);
}

/** Marks every unit changed: its row, and (statusChanged) what the detail pane read of it. */
export function touchAll(state: UnitsState, statusChanged = true): void {
  for (const name of state.units.keys()) touch(state, name, statusChanged);
}

/**
 * The loaded units of one type that the filter's text and patterns let through, as rows (cached
 * per unit version), in name order: the timers and sockets views order them themselves.
 */
export function rowsOfType(state: UnitsState, type: 'timer' | 'socket', f: RowFilter): UnitRow[] {
  const out: UnitRow[] = [];
  const only = { ...f, type, all: false, state: f.state ?? 'all' } as const;
  for (const e of state.units.values()) if (e.loaded && matchesFilter(e, only)) out.push(cachedRow(state, e));
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One unit's row as the list shows it (undefined when systemd does not have it). */
export function rowOf(state: UnitsState, name: string): UnitRow | undefined {
  const e = state.units.get(name);
  return e ? cachedRow(state, e) : undefined;
}

function cachedRow(state: UnitsState, e: UnitEntry): UnitRow {
  const version = state.unitVersions.get(e.name) ?? 0;
  const hit = state.rowCache.get(e.name);
  if (hit && hit.version === version) return hit.row;
  const row = entryToRow(e, state.history ? unitRunsOf(state.history.get(e.name), runFromFacts(e.name, e, e)) : undefined, state.noRunsMeansNone);
  state.rowCache.set(e.name, { version, row });
  return row;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A LAST EXIT cell's rank: a run that did not end in success first, then a clean one, then none (or not read yet). */
function exitRank(r: UnitRow): number {
  if (r.exitSource === 'none' || r.exitSource === 'loading') return 2;
  return r.result && r.result !== 'success' ? 0 : 1;
}

/** Orders the names (and their rows) as the filter asks. */
function sortRows(state: UnitsState, names: string[], f: RowFilter): UnitRow[] {
  const rows = sortRowsBy(state, names, f);
  if (!f.pinned?.length) return rows;
  // The watch list first, in the same order among themselves.
  const pinned = new Set(f.pinned);
  const first = rows.filter((r) => pinned.has(r.name));
  if (!first.length) return rows;
  const out = [...first, ...rows.filter((r) => !pinned.has(r.name))];
  names.splice(0, names.length, ...out.map((r) => r.name));
  return out;
}

function sortRowsBy(state: UnitsState, names: string[], f: RowFilter): UnitRow[] {
  const sort = f.sort ?? 'name';
  if (sort === 'name' || sort === 'failed-first') {
    names.sort(byName);
    if (sort === 'failed-first') {
      const failed = names.filter((n) => state.units.get(n)!.activeState === 'failed');
      if (failed.length) {
        const rest = names.filter((n) => state.units.get(n)!.activeState !== 'failed');
        names.splice(0, names.length, ...failed, ...rest);
      }
    }
    return names.map((n) => cachedRow(state, state.units.get(n)!));
  }
  const rows = names.map((n) => cachedRow(state, state.units.get(n)!));
  const order = rows.map((r, i) => i);
  if (sort === 'since') {
    // Newest change first; units whose change time is unknown last.
    const at = rows.map((r) => r.sinceUs ?? 0n);
    order.sort((a, b) => (at[b]! > at[a]! ? 1 : at[b]! < at[a]! ? -1 : byName(rows[a]!.name, rows[b]!.name)));
  } else {
    order.sort((a, b) => exitRank(rows[a]!) - exitRank(rows[b]!) || byName(rows[a]!.lastExit, rows[b]!.lastExit) || byName(rows[a]!.name, rows[b]!.name));
  }
  names.splice(0, names.length, ...order.map((i) => rows[i]!.name));
  return order.map((i) => rows[i]!);
}

/**
 * The rows to show, in the filter's order. Which units match is remembered until a change could
 * alter it (see membership), so a unit changing state costs one row, not a filter and sort of them
 * all — except in orders that follow the changes themselves (SINCE, LAST EXIT).
 */
export function visibleRows(state: UnitsState, f: RowFilter): UnitRow[] {
  const filter = `${f.type}\n${f.all}\n${f.state ?? 'all'}\n${f.sort ?? 'name'}\n${f.text}\n${(f.pinned ?? []).join(' ')}\n${(f.keep ?? []).join(' ')}\n${(f.patterns ?? []).map((p) => p.source).join('\n')}`;
  const hit = state.listCache;
  const ordersByChange = f.sort === 'since' || f.sort === 'last-exit';
  if (!hit || hit.filter !== filter || hit.membership !== state.membership || (ordersByChange && hit.version !== state.version)) {
    const names: string[] = [];
    for (const e of state.units.values()) if (matchesFilter(e, f)) names.push(e.name);
    const rows = sortRows(state, names, f);
    state.listCache = { filter, membership: state.membership, version: state.version, names, index: new Map(names.map((n, i) => [n, i])), rows };
    return rows;
  }
  if (hit.version === state.version) return hit.rows;
  // Same units: only the rows of units changed since are rebuilt (a storm touches a few per frame).
  const rows = hit.rows.slice();
  for (const [name, version] of state.unitVersions) {
    if (version <= hit.version) continue;
    const i = hit.index.get(name);
    if (i !== undefined) rows[i] = cachedRow(state, state.units.get(name)!);
  }
  hit.version = state.version;
  hit.rows = rows;
  return rows;
}

export interface StateCounts {
  running: number;
  failed: number;
  inactive: number;
  /** Units known to need a daemon-reload (their files changed on disk); absent when none. */
  changedOnDisk?: number;
}

/**
 * The header's counts, as systemctl list-units --all --type=TYPE counts them: loaded units of the
 * type shown (a masked or not-found unit is no inactive unit: systemctl lists it by its LOAD).
 */
export function countStates(state: UnitsState, type: TypeFilter = 'all'): StateCounts {
  const c: StateCounts = { running: 0, failed: 0, inactive: 0 };
  for (const e of state.units.values()) {
    if (e.NeedDaemonReload) c.changedOnDisk = (c.changedOnDisk ?? 0) + 1;
    if (e.loadState === 'not-loaded' || (type !== 'all' && !e.name.endsWith(`.${type}`))) continue;
    if (e.activeState === 'inactive' && e.loadState !== 'loaded') continue;
    if (e.activeState === 'failed') c.failed++;
    else if (e.activeState === 'inactive') c.inactive++;
    else if (e.subState === 'running' || e.activeState === 'active') c.running++;
  }
  return c;
}

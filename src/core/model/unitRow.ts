// One row of the unit list (shared by `svctui list` and the TUI).
import { runFromProperties, runToJson, verdict, type Run } from './runs.js';
import type { StopReason } from './stopReason.js';
import { inferStartLimit, restartConfig } from './restartPolicy.js';

export interface UnitRuntimeFacts {
  Result?: string;
  ExecMainCode?: number;
  ExecMainStatus?: number;
  StateChangeTimestamp?: bigint;
  /** The current invocation (hex), which ExecMain* and Result describe. */
  InvocationID?: string;
  stopJob?: boolean;
  ExecMainStartTimestamp?: bigint;
  ExecMainExitTimestamp?: bigint;
  /** Restart=, RestartPreventExitStatus= and RestartForceExitStatus= (services), for "start-limit-hit?". */
  Restart?: string;
  RestartPreventExitStatus?: unknown;
  RestartForceExitStatus?: unknown;
  /** The unit file or a drop-in changed on disk since the manager read it (daemon-reload due). */
  NeedDaemonReload?: boolean;
}

/** LAST EXIT and STOP REASON while a row's facts are still being read: not "-" (none). */
export const LOADING = '…';

export interface UnitRow {
  name: string;
  load: string;
  active: string;
  sub: string;
  description: string;
  unitFileState?: string;
  result?: string;
  exitCode: number;
  exitStatus: number;
  lastExit: string;
  stopReason: StopReason | typeof LOADING;
  /** µs since the epoch of the last state change; 0 when unknown. */
  sinceUs: bigint;
  job?: string;
  /** Where LAST EXIT and STOP REASON come from: D-Bus (systemd still knows), svctui's history, or nowhere yet. */
  exitSource: 'dbus' | 'history' | 'none' | 'loading';
  /** Runs from the history (journal, live observation, store), newest first, when known. */
  runs?: Run[];
  /** Its unit file changed on disk since the manager read it (shown as NAME*; D reloads). */
  needsReload?: boolean;
  /** With several hosts: the host whose unit this is (the first of a fold's). */
  host?: string;
  /** A fold: the same unit in the same situation on each of these hosts (two or more). */
  hosts?: readonly string[];
  /** The HOST cell ("web3", or a fold's "web[1-3,7]"). */
  hostLabel?: string;
}

export interface UnitBasics {
  name: string;
  description: string;
  loadState: string;
  activeState: string;
  subState: string;
  unitFileState?: string;
  jobType?: string;
}

/**
 * A row from what D-Bus says now and the unit's runs (history merged with the current run, newest
 * first). The newest run speaks, judged by the one rule (model/stopReason.ts): while systemd still
 * knows it, D-Bus gives its exit and Result and the history adds what D-Bus cannot say (was a stop
 * job running? did the start limit hit?); once systemd forgot (garbage collection), the history alone.
 */
export function makeUnitRow(u: UnitBasics, facts: UnitRuntimeFacts = {}, runs?: Run[], options: { factsKnown?: boolean; noRunsMeansNone?: boolean } = {}): UnitRow {
  return {
    name: u.name,
    load: u.loadState,
    active: u.activeState,
    sub: u.subState,
    description: u.description,
    unitFileState: u.unitFileState,
    job: u.jobType || undefined,
    runs,
    ...(facts.NeedDaemonReload ? { needsReload: true } : {}),
    ...lastExit(u, facts, runs, options.factsKnown ?? true, options.noRunsMeansNone ?? false),
  };
}

type LastExit = Pick<UnitRow, 'result' | 'exitCode' | 'exitStatus' | 'lastExit' | 'stopReason' | 'sinceUs' | 'exitSource'>;

/** The current run as D-Bus describes it through a row's facts (undefined when there is none). */
export function runFromFacts(unit: string, u: Pick<UnitBasics, 'activeState' | 'subState'>, facts: UnitRuntimeFacts): Run | undefined {
  const run = runFromProperties(unit, { ...facts, ActiveState: u.activeState, SubState: u.subState });
  if (run && facts.stopJob !== undefined) run.stopJob = facts.stopJob;
  return run;
}

function lastExit(u: UnitBasics, facts: UnitRuntimeFacts, runs: Run[] | undefined, factsKnown: boolean, noRunsMeansNone: boolean): LastExit {
  const loaded = u.loadState !== 'not-loaded';
  const since = facts.StateChangeTimestamp ?? 0n;
  if (loaded && !factsKnown && !runs?.length) {
    return { exitCode: 0, exitStatus: 0, lastExit: LOADING, stopReason: LOADING, sinceUs: since, exitSource: 'loading' };
  }
  const run = runs?.[0] ?? runFromFacts(u.name, u, facts);
  if (!run) {
    // Loaded and never started (no invocation): none. Not in memory and no history: not known —
    // unless the journal was read and has no run of it this boot (then it did not run: none).
    return loaded || noRunsMeansNone
      ? { exitCode: 0, exitStatus: 0, lastExit: '-', stopReason: '-', sinceUs: since, exitSource: 'none' }
      : { exitCode: 0, exitStatus: 0, lastExit: '?', stopReason: 'unknown', sinceUs: 0n, exitSource: 'none' };
  }
  const cfg = facts.Restart !== undefined ? restartConfig(facts as Record<string, unknown>) : undefined;
  const v = verdict(inferStartLimit(run, cfg, u));
  const fromDbus = run.sources.includes('dbus') || run.sources.includes('live');
  return {
    result: run.result,
    exitCode: run.exitCode ?? 0,
    exitStatus: run.exitStatus ?? 0,
    lastExit: v.lastExit,
    stopReason: v.reason,
    // While systemd has the unit, its own state change; after, when the run ended (if known).
    sinceUs: loaded ? since : (run.endUs ?? 0n),
    exitSource: fromDbus && loaded ? 'dbus' : 'history',
  };
}

/** The JSON shape of a row: stable names, no bigints. */
export function rowToJson(r: UnitRow) {
  return {
    unit: r.name,
    load: r.load,
    active: r.active,
    sub: r.sub,
    description: r.description,
    unitFileState: r.unitFileState ?? null,
    result: r.result ?? null,
    lastExit: r.lastExit,
    exitCode: r.exitCode === 1 ? 'exited' : r.exitCode === 2 ? 'killed' : r.exitCode === 3 ? 'dumped' : null,
    exitStatus: r.exitCode === 0 ? null : r.exitStatus,
    stopReason: r.stopReason,
    since: r.sinceUs > 0n ? new Date(Number(r.sinceUs / 1000n)).toISOString() : null,
    job: r.job ?? null,
    exitSource: r.exitSource,
    runs: (r.runs ?? []).slice(0, 5).map(runToJson),
  };
}

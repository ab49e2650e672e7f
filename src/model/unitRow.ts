// One row of the unit list (shared by `svctui list` and the TUI).
import { runToJson, verdict as runVerdict, type Run } from './runs.js';
import { classifyStop, type StopReason } from './stopReason.js';

export interface UnitRuntimeFacts {
  Result?: string;
  ExecMainCode?: number;
  ExecMainStatus?: number;
  StateChangeTimestamp?: bigint;
  /** The current invocation (hex), which ExecMain* and Result describe. */
  InvocationID?: string;
  stopJob?: boolean;
}

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
  stopReason: StopReason;
  /** µs since the epoch of the last state change; 0 when unknown. */
  sinceUs: bigint;
  job?: string;
  /** Where LAST EXIT and STOP REASON come from: D-Bus (systemd still knows) or svctui's history. */
  exitSource: 'dbus' | 'history' | 'none';
  /** Runs from the history (journal, live observation, store), newest first, when known. */
  runs?: Run[];
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
 * A row from what D-Bus says now and, optionally, the unit's run history. While systemd still
 * knows the last exit, D-Bus is authoritative and the history only adds what D-Bus cannot say (was
 * a stop job running? did the start limit hit?). Once systemd has forgotten (garbage collection),
 * the history's latest run speaks.
 */
export function makeUnitRow(u: UnitBasics, facts: UnitRuntimeFacts = {}, runs?: Run[]): UnitRow {
  return {
    name: u.name,
    load: u.loadState,
    active: u.activeState,
    sub: u.subState,
    description: u.description,
    unitFileState: u.unitFileState,
    job: u.jobType || undefined,
    runs,
    ...lastExit(u, facts, runs),
  };
}

type LastExit = Pick<UnitRow, 'result' | 'exitCode' | 'exitStatus' | 'lastExit' | 'stopReason' | 'sinceUs' | 'exitSource'>;

/** The last exit and why: from D-Bus while systemd knows it, else from the history's latest run. */
function lastExit(u: UnitBasics, facts: UnitRuntimeFacts, runs: Run[] | undefined): LastExit {
  const stopped = u.activeState === 'inactive' || u.activeState === 'failed';
  const fromDbus = facts.ExecMainCode || !runs?.length || !stopped;
  const sameRun = facts.InvocationID ? runs?.find((r) => r.invocationId === facts.InvocationID) : undefined;
  const last = fromDbus ? undefined : { ...runs![0]!, running: false };
  let v = last
    ? runVerdict(last)
    : classifyStop({
        ActiveState: u.activeState,
        SubState: u.subState,
        Result: facts.Result,
        ExecMainCode: facts.ExecMainCode,
        ExecMainStatus: facts.ExecMainStatus,
        stopJob: facts.stopJob ?? sameRun?.stopJob,
      });
  if (!last && sameRun?.startLimitHit && stopped) v = { ...v, reason: 'start-limit-hit' };
  const source = last ?? { result: facts.Result, exitCode: facts.ExecMainCode, exitStatus: facts.ExecMainStatus };
  return {
    result: source.result,
    exitCode: source.exitCode ?? 0,
    exitStatus: source.exitStatus ?? 0,
    lastExit: v.lastExit,
    stopReason: v.reason,
    sinceUs: (last ? last.endUs : undefined) ?? facts.StateChangeTimestamp ?? 0n,
    exitSource: last ? 'history' : facts.ExecMainCode ? 'dbus' : 'none',
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

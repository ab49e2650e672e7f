// One row of the unit list (shared by `svctui list` and the TUI).
import { classifyStop, type StopReason } from './stopReason.js';

export interface UnitRuntimeFacts {
  Result?: string;
  ExecMainCode?: number;
  ExecMainStatus?: number;
  StateChangeTimestamp?: bigint;
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

export function makeUnitRow(u: UnitBasics, facts: UnitRuntimeFacts = {}): UnitRow {
  const verdict = classifyStop({
    ActiveState: u.activeState,
    SubState: u.subState,
    Result: facts.Result,
    ExecMainCode: facts.ExecMainCode,
    ExecMainStatus: facts.ExecMainStatus,
    stopJob: facts.stopJob,
  });
  return {
    name: u.name,
    load: u.loadState,
    active: u.activeState,
    sub: u.subState,
    description: u.description,
    unitFileState: u.unitFileState,
    result: facts.Result,
    exitCode: facts.ExecMainCode ?? 0,
    exitStatus: facts.ExecMainStatus ?? 0,
    lastExit: verdict.lastExit,
    stopReason: verdict.reason,
    sinceUs: facts.StateChangeTimestamp ?? 0n,
    job: u.jobType || undefined,
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
  };
}

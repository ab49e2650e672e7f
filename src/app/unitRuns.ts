// A unit's runs and what systemd does next, for the detail pane and `svctui history`.
import { inferStartLimit, predictRestart, restartConfig, startsInWindow, type RestartPrediction } from '../core/model/restartPolicy.js';
import { runFromProperties, type Run } from '../core/model/runs.js';
import type { Systemd } from './manager.js';
import type { RunHistory } from './runHistory.js';
import { nowRealtimeUs } from './status.js';

export interface UnitRuns {
  runs: Run[];
  next?: RestartPrediction;
}

/** Runs (newest first) with the D-Bus view of the current run, and the restart prediction. */
export function unitRuns(history: RunHistory, unit: string, props: Record<string, unknown>, nowUs: bigint = nowRealtimeUs()): UnitRuns {
  const current = runFromProperties(unit, props);
  let runs = history.runs(unit, current);
  const last = runs[0];
  if (!last || !unit.endsWith('.service')) return { runs };
  const cfg = restartConfig(props);
  const now = { activeState: String(props.ActiveState ?? ''), subState: String(props.SubState ?? '') };
  runs = [inferStartLimit(last, cfg, now), ...runs.slice(1)];
  if (last.running) return { runs };
  return { runs, next: predictRestart(runs[0]!, cfg, startsInWindow(runs, cfg, nowUs), now) };
}

export async function fetchUnitRuns(systemd: Systemd, history: RunHistory, unit: string): Promise<UnitRuns> {
  return unitRuns(history, unit, await systemd.unitProperties(unit));
}

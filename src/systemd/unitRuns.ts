// A unit's runs and what systemd does next, for the detail pane and `svctui history`.
import { predictRestart, restartConfig, startsInWindow, type RestartPrediction } from '../model/restartPolicy.js';
import { runFromProperties, type Run } from '../model/runs.js';
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
  const runs = history.runs(unit, current);
  const last = runs[0];
  if (!last || last.running || !unit.endsWith('.service')) return { runs };
  const cfg = restartConfig(props);
  return { runs, next: predictRestart(last, cfg, startsInWindow(runs, cfg, nowUs)) };
}

export async function fetchUnitRuns(systemd: Systemd, history: RunHistory, unit: string): Promise<UnitRuns> {
  return unitRuns(history, unit, await systemd.unitProperties(unit));
}

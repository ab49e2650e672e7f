// What systemd does after a stop, per Restart= (the table in systemd.service(5)),
// RestartPreventExitStatus=, RestartForceExitStatus= and the start limit. Pure; mirrors the order
// of service_shall_restart(): manual stop, prevent, force, then the Restart= setting.
import { signalName } from '../systemd/decode.js';
import { formatTimespan, USEC_PER_MSEC } from '../systemd/format.js';
import { verdict, type Run } from './runs.js';

export interface ExitStatusSet {
  statuses: number[];
  signals: number[];
}

export interface RestartConfig {
  restart: string;
  restartUs: bigint;
  prevent: ExitStatusSet;
  force: ExitStatusSet;
  startLimitBurst: number;
  startLimitIntervalUs: bigint;
}

export interface RestartPrediction {
  restarts: boolean;
  text: string;
}

/** Decodes an (aiai) property such as RestartPreventExitStatus. */
export function exitStatusSet(value: unknown): ExitStatusSet {
  const [statuses, signals] = Array.isArray(value) ? (value as [number[], number[]]) : [[], []];
  return { statuses: statuses ?? [], signals: signals ?? [] };
}

export function restartConfig(p: Record<string, unknown>): RestartConfig {
  return {
    restart: typeof p.Restart === 'string' ? p.Restart : 'no',
    restartUs: typeof p.RestartUSec === 'bigint' ? p.RestartUSec : 100_000n,
    prevent: exitStatusSet(p.RestartPreventExitStatus),
    force: exitStatusSet(p.RestartForceExitStatus),
    startLimitBurst: typeof p.StartLimitBurst === 'number' ? p.StartLimitBurst : 5,
    startLimitIntervalUs: typeof p.StartLimitIntervalUSec === 'bigint' ? p.StartLimitIntervalUSec : 10_000_000n,
  };
}

function inSet(set: ExitStatusSet, code: number | undefined, status: number | undefined): boolean {
  if (code === undefined || status === undefined) return false;
  return code === 1 ? set.statuses.includes(status) : set.signals.includes(status);
}

/** systemd's result for the run ('success' for clean ends). */
function serviceResult(run: Run): string {
  if (run.result) return run.result;
  return 'success';
}

function byRestartSetting(restart: string, result: string): boolean {
  switch (restart) {
    case 'always':
      return result !== 'exec-condition';
    case 'on-success':
      return result === 'success';
    case 'on-failure':
      return result !== 'success' && result !== 'exec-condition';
    case 'on-abnormal':
      return !['success', 'exit-code', 'exec-condition'].includes(result);
    case 'on-watchdog':
      return result === 'watchdog';
    case 'on-abort':
      return result === 'signal' || result === 'core-dump';
    default:
      return false;
  }
}

/** "exit-code 3", "signal TERM", "exited 0", "stopped" — the cause as the prediction names it. */
export function causeText(run: Run): string {
  const v = verdict(run);
  const detail = run.exitCode === 1 ? String(run.exitStatus) : run.exitCode ? signalName(run.exitStatus ?? 0) : '';
  if (v.reason === 'stopped') return detail ? `${run.exitCode === 1 ? 'exit' : 'signal'} ${detail}` : 'stopped';
  if (v.reason === 'exited') return detail ? `exited ${detail}` : 'exited';
  return detail ? `${v.reason} ${detail}` : v.reason;
}

/**
 * Whether systemd restarts the unit after `last`, and why. `startsInWindow` counts the starts
 * within the start-limit interval so far (this run's included).
 */
export function predictRestart(last: Run, cfg: RestartConfig, startsInWindow: number): RestartPrediction {
  const cause = causeText(last);
  const v = verdict(last);
  const interval = formatTimespan(cfg.startLimitIntervalUs, USEC_PER_MSEC);
  const limitText = cfg.startLimitBurst > 0 && cfg.startLimitIntervalUs > 0n ? `, ${startsInWindow} of ${cfg.startLimitBurst} starts in ${interval}` : '';
  const no = (why: string) => ({ restarts: false, text: `${cause} → no restart (${why})` });
  if (last.running) return { restarts: false, text: 'running' };
  if (v.reason === 'start-limit-hit' || last.startLimitHit) {
    return no(`start limit hit: more than ${cfg.startLimitBurst} starts in ${interval}; reset-failed allows starts again`);
  }
  if (v.reason === 'stopped') return no('stopped by request');
  let why: string;
  if (inSet(cfg.prevent, last.exitCode, last.exitStatus)) return no(`RestartPreventExitStatus= lists ${last.exitCode === 1 ? last.exitStatus : signalName(last.exitStatus ?? 0)}`);
  if (inSet(cfg.force, last.exitCode, last.exitStatus)) why = `RestartForceExitStatus= lists ${last.exitCode === 1 ? last.exitStatus : signalName(last.exitStatus ?? 0)}`;
  else if (byRestartSetting(cfg.restart, serviceResult(last))) why = `Restart=${cfg.restart}`;
  else return no(`Restart=${cfg.restart}`);
  if (cfg.startLimitBurst > 0 && startsInWindow >= cfg.startLimitBurst) {
    return no(`${why}, but the start limit is reached${limitText}`);
  }
  return { restarts: true, text: `${cause} → restart in ${formatTimespan(cfg.restartUs, USEC_PER_MSEC)} (${why}${limitText})` };
}

/** Starts within the start-limit interval before `nowUs`, counted from the runs. */
export function startsInWindow(runs: Run[], cfg: RestartConfig, nowUs: bigint): number {
  const since = nowUs - cfg.startLimitIntervalUs;
  return runs.filter((r) => r.startUs !== undefined && r.startUs >= since).length;
}

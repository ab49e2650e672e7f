// What systemd does after a stop, per Restart= (the table in systemd.service(5)),
// RestartPreventExitStatus=, RestartForceExitStatus= and the start limit. Pure; mirrors the order
// of service_shall_restart(): manual stop, prevent, force, then the Restart= setting.
import { signalName } from '../decode.js';
import { formatTimespan, USEC_PER_MSEC } from '../format.js';
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

/** Whether Restart= (with the prevent and force lists) asks for a restart after this run. */
export function wouldRestart(run: Run, cfg: RestartConfig): { restarts: boolean | undefined; why: string } {
  const v = verdict(run);
  // After a stop or restart job systemd never restarts on its own, whatever the Result.
  if (v.reason === 'stopped' || run.stopJob === true) return { restarts: false, why: 'stopped by request' };
  // How it ended decides; when that is not known, so is the policy's answer.
  if (v.reason === 'unknown' || v.reason === 'stopped?' || v.reason === 'exited?') return { restarts: undefined, why: 'how the run ended is not recorded' };
  const listed = (set: ExitStatusSet) => inSet(set, run.exitCode, run.exitStatus);
  const name = run.exitCode === 1 ? String(run.exitStatus) : signalName(run.exitStatus ?? 0);
  if (listed(cfg.prevent)) return { restarts: false, why: `RestartPreventExitStatus= lists ${name}` };
  if (listed(cfg.force)) return { restarts: true, why: `RestartForceExitStatus= lists ${name}` };
  if (byRestartSetting(cfg.restart, serviceResult(run))) return { restarts: true, why: `Restart=${cfg.restart}` };
  return { restarts: false, why: `Restart=${cfg.restart}` };
}

/** Where the unit is now: what systemd has already decided shows in its state. */
export interface UnitStateNow {
  activeState: string;
  subState: string;
}

/**
 * What systemd does after `last`, and why. Once a run has ended systemd decides at once: a restart
 * is scheduled (auto-restart) or the unit stays down. So the unit's state says whether, and the
 * policy says why; `startsInWindow` counts the starts within the start-limit interval so far.
 */
export function predictRestart(last: Run, cfg: RestartConfig, startsInWindow: number, now?: UnitStateNow): RestartPrediction {
  const cause = causeText(last);
  const interval = formatTimespan(cfg.startLimitIntervalUs, USEC_PER_MSEC);
  const limitText = cfg.startLimitBurst > 0 && cfg.startLimitIntervalUs > 0n ? `, ${startsInWindow} of ${cfg.startLimitBurst} starts in ${interval}` : '';
  const no = (why: string) => ({ restarts: false, text: `${cause} → no restart (${why})` });
  const down = now && (now.activeState === 'inactive' || now.activeState === 'failed');
  const scheduled = now?.subState === 'auto-restart';
  if (last.running || (now && !down && !scheduled)) return { restarts: false, text: 'running' };
  if (last.startLimitHit) return no(`start limit hit: more than ${cfg.startLimitBurst} starts in ${interval}; reset-failed allows starts again`);
  const policy = wouldRestart(last, cfg);
  if (scheduled) return { restarts: true, text: `${cause} → restart in ${formatTimespan(cfg.restartUs, USEC_PER_MSEC)} (${policy.restarts ? policy.why : 'scheduled'}${limitText})` };
  if (policy.restarts === undefined) return down ? no(`systemd did not restart it; ${policy.why}`) : { restarts: false, text: `${cause} → not known (${policy.why})` };
  if (!policy.restarts) return no(policy.why);
  if (down || last.startLimitLikely) {
    // The policy asked for a restart and systemd did not start one: it refused (the start limit).
    return no(`${policy.why} would restart it, but systemd did not: the start limit, most likely${limitText}; reset-failed allows starts again`);
  }
  if (cfg.startLimitBurst > 0 && startsInWindow >= cfg.startLimitBurst) return no(`${policy.why}, but the start limit is reached${limitText}`);
  return { restarts: true, text: `${cause} → restart in ${formatTimespan(cfg.restartUs, USEC_PER_MSEC)} (${policy.why}${limitText})` };
}

/**
 * Marks a failed unit's last run "start-limit-hit?" when systemd left it down although its policy
 * asked for a restart (and nothing said why): the only evidence svctui has without the journal.
 */
export function inferStartLimit(last: Run, cfg: RestartConfig | undefined, now: UnitStateNow): Run {
  if (!cfg || last.startLimitHit || last.running || now.activeState !== 'failed' || now.subState === 'auto-restart') return last;
  return wouldRestart(last, cfg).restarts === true ? { ...last, startLimitLikely: true } : last;
}

/** Starts within the start-limit interval before `nowUs`, counted from the runs. */
export function startsInWindow(runs: Run[], cfg: RestartConfig, nowUs: bigint): number {
  const since = nowUs - cfg.startLimitIntervalUs;
  return runs.filter((r) => r.startUs !== undefined && r.startUs >= since).length;
}

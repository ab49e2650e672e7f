// Why a unit's run ended: one rule for `list`, `status`, the TUI, the history and the handler
// scripts. It works from what is known — the main process's exit, systemd's Result, whether a stop
// or restart job was running — and says so when something is not known: a question mark
// ("stopped?") or "unknown", never a guess dressed as a fact. Pure.
import { formatLastExit } from '../decode.js';

export const STOP_REASONS = [
  'stopped',
  'exited',
  'exit-code',
  'signal',
  'core-dump',
  'timeout',
  'watchdog',
  'oom-kill',
  'start-limit-hit',
  'exec-condition',
  'resources',
  'protocol',
  // Not confirmed: what the known facts point to, with the fact that would decide it missing.
  'stopped?',
  'exited?',
  'start-limit-hit?',
  'unknown',
  '-',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** Who ended a run: a stop or restart job, the unit itself, a signal, systemd (timeout, watchdog). */
export type EndedBy = 'stop' | 'restart' | 'itself' | 'signal' | 'systemd' | null;

/** What is known about one run; undefined means "not known" (except where said). */
export interface RunFacts {
  /** The run is going on (its main process has not ended, or a oneshot is still starting). */
  running?: boolean;
  /** 1 exited, 2 killed, 3 dumped; undefined when the exit is not known or no main process ran. */
  exitCode?: number;
  exitStatus?: number;
  /** systemd's Result for the run ('success' included). */
  result?: string;
  /** A stop or restart job for the unit was running when the run ended. */
  stopJob?: boolean;
  /** That job's type (stop, restart), when known. */
  jobType?: string;
  /** systemd refused the next start: the start limit (from the journal, or seen live). */
  startLimitHit?: boolean;
  /** The unit stays failed although Restart= would have restarted it: most likely the start limit. */
  startLimitLikely?: boolean;
}

export interface RunVerdict {
  /** LAST EXIT: "3", "SIGKILL", "0/SUCCESS"; "-" when no main process exited; "?" when not known. */
  lastExit: string;
  reason: StopReason;
  endedBy: EndedBy;
}

/** Signals systemd counts as a clean death of a daemon (is_clean_exit). */
const CLEAN_SIGNALS = new Set([1, 2, 13, 15]);

const RESULT_REASONS: Record<string, StopReason> = {
  'exit-code': 'exit-code',
  signal: 'signal',
  'core-dump': 'core-dump',
  timeout: 'timeout',
  watchdog: 'watchdog',
  'oom-kill': 'oom-kill',
  'start-limit-hit': 'start-limit-hit',
  'exec-condition': 'exec-condition',
  resources: 'resources',
  protocol: 'protocol',
};

/** Results that mean no main process ever ran or exited. */
const NO_MAIN_PROCESS = new Set(['exec-condition', 'start-limit-hit', 'resources']);

function reasonOf(f: RunFacts): StopReason {
  if (f.running) return '-';
  if (f.startLimitHit) return 'start-limit-hit';
  const result = f.result;
  const fromResult = result && result !== 'success' ? RESULT_REASONS[result] : undefined;
  if (fromResult) return f.startLimitLikely ? 'start-limit-hit?' : fromResult;
  if (f.stopJob === true) return 'stopped';
  const code = f.exitCode;
  if (!code) {
    // Over, and systemd said success, but how the main process ended was not recorded (systemd
    // logs clean exits at debug level only): it exited 0 or died of a clean signal.
    if (result === 'success' && f.stopJob === false) return 'exited?';
    return 'unknown';
  }
  const status = f.exitStatus ?? 0;
  if (code === 1) {
    // A non-zero status that systemd did not call a failure is in SuccessExitStatus=.
    const clean = status === 0 || result === 'success';
    if (!clean) return 'exit-code';
    return f.stopJob === false ? 'exited' : 'exited?';
  }
  if (code === 3) return 'core-dump';
  // Killed. An unclean signal fails the unit; a clean one (TERM, HUP, INT, PIPE) is what a stop
  // sends too: only the job tells a stop from someone's kill.
  if (!CLEAN_SIGNALS.has(status) || f.stopJob === false) return 'signal';
  return 'stopped?';
}

function endedByOf(f: RunFacts, reason: StopReason): EndedBy {
  if (f.running || reason === 'exec-condition') return null;
  if (f.stopJob === true) return f.jobType === 'restart' ? 'restart' : 'stop';
  if (f.stopJob !== false) return null;
  if (f.result === 'timeout' || f.result === 'watchdog') return 'systemd';
  if (f.exitCode === 1) return 'itself';
  if (f.exitCode === 2 || f.exitCode === 3) return 'signal';
  return null;
}

/** The verdict on one run (the shared vocabulary for every view). */
export function judgeRun(f: RunFacts): RunVerdict {
  const reason = reasonOf(f);
  const lastExit = f.exitCode
    ? formatLastExit(f.exitCode, f.exitStatus ?? 0)
    : f.running || (f.result !== undefined && NO_MAIN_PROCESS.has(f.result)) || reason === '-'
      ? '-'
      : '?';
  return { lastExit, reason, endedBy: endedByOf(f, reason) };
}

/** What the "?" forms mean, for the detail pane and --help. */
export const UNCERTAIN_WORDS: Partial<Record<StopReason, string>> = {
  'stopped?': 'killed by a clean signal (as a stop sends); whether a stop job did it is not known',
  'exited?': 'ended cleanly, but whether by itself or by a stop job (or how) is not known',
  'start-limit-hit?': 'it failed and systemd did not restart it, although Restart= would: most likely the start limit',
  unknown: 'svctui has no record of how this run ended',
};

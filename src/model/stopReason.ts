// Why a unit's last run ended: one vocabulary for `list`, `status`, the TUI and the history.
import { formatLastExit } from '../systemd/decode.js';

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
  '-',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** What the classification needs from a unit (D-Bus property names). */
export interface StopFacts {
  ActiveState?: string;
  SubState?: string;
  Result?: string;
  ExecMainCode?: number;
  ExecMainStatus?: number;
  /**
   * Whether a stop (or restart) job was running when the main process ended: true/false when
   * observed live or read from the journal, undefined when nobody knows.
   */
  stopJob?: boolean;
}

export interface StopVerdict {
  lastExit: string;
  reason: StopReason;
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

/**
 * Classifies the last stop (reference §3.1): a non-success Result speaks for itself; a success
 * needs the main process's exit and whether a stop job was running to tell "stopped by request"
 * from "exited on its own" and from an outside kill with a clean signal.
 */
export function classifyStop(f: StopFacts): StopVerdict {
  const code = f.ExecMainCode ?? 0;
  const status = f.ExecMainStatus ?? 0;
  const lastExit = formatLastExit(code, status);
  const result = f.Result ?? 'success';
  const fromResult = RESULT_REASONS[result];
  if (fromResult) return { lastExit, reason: fromResult };
  if (code === 0) return { lastExit, reason: '-' };
  // A process that is still the unit's running main process has no stop reason yet.
  if (f.ActiveState === 'active' && f.SubState === 'running') return { lastExit, reason: '-' };
  if (f.stopJob === true) return { lastExit, reason: 'stopped' };
  if (code === 1) return { lastExit, reason: status === 0 || f.stopJob === false ? 'exited' : 'exit-code' };
  if (code === 3) return { lastExit, reason: 'core-dump' };
  // Killed with Result=success: a clean signal. Without job knowledge, systemd's own stop is the
  // likely cause (it sends TERM); with knowledge that no stop job ran, it was someone else's kill.
  if (f.stopJob === false || !CLEAN_SIGNALS.has(status)) return { lastExit, reason: 'signal' };
  return { lastExit, reason: 'stopped' };
}

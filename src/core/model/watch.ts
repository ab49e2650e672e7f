// The watch list's alerts (pure): a watched unit that has just failed, or hit its start limit,
// with the stop reason in the words, and how a terminal is told (a bell; OSC 9 or 777 where the
// terminal is known to show them as desktop notifications).
import type { UnitRow } from './unitRow.js';
import { rowKey, rowLabel } from './fleetRows.js';

export interface WatchSeen {
  active: string;
  reason: string;
}

/** Alerts for the watched rows whose state just turned bad, and what is seen now. */
export function watchAlerts(seen: ReadonlyMap<string, WatchSeen>, rows: readonly UnitRow[], watched: ReadonlySet<string>): { alerts: string[]; now: Map<string, WatchSeen> } {
  const now = new Map<string, WatchSeen>();
  const alerts: string[] = [];
  for (const r of rows) {
    if (!watched.has(r.name)) continue;
    // Per host with several (a unit failing on web3 is news although it failed on web1 before).
    const was = seen.get(rowKey(r));
    const cur = { active: r.active, reason: r.stopReason };
    now.set(rowKey(r), cur);
    if (!was || r.stopReason === '…') continue;
    const failed = r.active === 'failed' && was.active !== 'failed';
    const limit = r.stopReason.startsWith('start-limit-hit') && !was.reason.startsWith('start-limit-hit');
    if (failed || limit) alerts.push(`${rowLabel(r)} ${limit ? 'hit its start limit' : 'failed'}: ${r.stopReason}${r.lastExit && r.lastExit !== '-' && r.lastExit !== '?' ? ` (${r.lastExit})` : ''}`);
  }
  return { alerts, now };
}

/** What to write so the terminal tells its user: always a bell, and a desktop notification where known. */
export function notificationSequence(text: string, env: Record<string, string | undefined>): string {
  const clean = text.replace(/[\x00-\x1f\x7f;]/g, ' ');
  const program = env.TERM_PROGRAM ?? '';
  // OSC 9: iTerm2, WezTerm, Ghostty, Windows Terminal; OSC 777: VTE terminals, foot, rxvt-unicode.
  if (['iTerm.app', 'WezTerm', 'ghostty'].includes(program) || env.WT_SESSION) return `\x07\x1b]9;svctui: ${clean}\x07`;
  if (env.VTE_VERSION || /^(foot|rxvt)/.test(env.TERM ?? '')) return `\x07\x1b]777;notify;svctui;${clean}\x07`;
  return '\x07';
}

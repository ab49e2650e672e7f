// The journal an admin asks for: several units at once, by priority, time and boot, read with
// journalctl's own options (so "yesterday", "-1h", "err..warning" and boot offsets mean exactly what
// journalctl makes of them) and shown as journalctl's short lines.
import { mangleUnitName } from '../core/names.js';
import type { Scope } from '../host/bus.js';
import { journalLines, matchArgs, queryJournal, unitJournalMatches, type JournalSource } from './journal.js';
import { journalFilterOptions } from '../core/model/journalFilter.js';

export { priorityProblem } from '../core/model/journalFilter.js';

export interface JournalFilter {
  units: string[];
  /** journalctl -p: a level (err, 3) or a range (err..warning). */
  priority?: string;
  since?: string;
  until?: string;
  /** journalctl -b: 0 (this boot), -1 (the one before), or a boot id. Absent: every boot. */
  boot?: string;
  /** The newest this many lines (journalctl -n). */
  lines?: number;
}

/** journalctl's arguments for a filter: its own options, then the units' matches joined with "+". */
export function journalFilterArgs(f: JournalFilter, scope: Scope, uid: number): string[] {
  const args = journalFilterOptions(f);
  if (f.lines !== undefined) args.push('-n', String(f.lines));
  const groups = f.units.map(mangleUnitName).flatMap((u) => unitJournalMatches(u, scope, uid));
  return [...args, ...matchArgs(groups)];
}

/** The lines as journalctl prints them (-- No entries -- when there are none). */
export async function journalView(source: JournalSource, f: JournalFilter, scope: Scope): Promise<string[]> {
  const entries = await queryJournal(source, journalFilterArgs(f, scope, source.host.identity.uid), 60_000);
  if (!entries.length) return ['-- No entries --'];
  return journalLines(entries).map((l) => l.text);
}

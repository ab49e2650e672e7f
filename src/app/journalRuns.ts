// Reads what the manager logged about units' runs: one journalctl query for the structured
// records (job begun/done, process exited, unit failed, restart scheduled, start limit), this boot.
import type { Scope } from '../host/bus.js';
import { currentBootId, formatShortEntry, matchArgs, queryJournal, runJournalMatches, type JournalEntry, type JournalSource } from './journal.js';
import { MESSAGE_IDS, START_LIMIT_CODE_FUNC, runsFromRecords, type Run } from '../core/model/runs.js';

const FIELDS = [
  'MESSAGE_ID',
  'MESSAGE',
  'UNIT',
  'USER_UNIT',
  'INVOCATION_ID',
  'USER_INVOCATION_ID',
  'JOB_TYPE',
  'JOB_RESULT',
  'EXIT_CODE',
  'EXIT_STATUS',
  'UNIT_RESULT',
  'N_RESTARTS',
  'CODE_FUNC',
  '_BOOT_ID',
  // The manager's own time of a record (runs compare it with D-Bus timestamps).
  '_SOURCE_REALTIME_TIMESTAMP',
];

/** Who logged the records: the system manager is PID 1; a user manager runs as the user. */
function managerMatch(scope: Scope, uid: number): string[] {
  return scope === 'system' ? ['_PID=1'] : [`_UID=${uid}`];
}

export interface HistoryQuery {
  scope: Scope;
  uid?: number;
  /** Only these units (all when omitted). */
  units?: string[];
}

export async function readManagerRecords(source: JournalSource, q: HistoryQuery): Promise<JournalEntry[]> {
  const uid = q.uid ?? source.host.identity.uid;
  const boot = currentBootId(source);
  const common = [...managerMatch(q.scope, uid), ...(boot ? [`_BOOT_ID=${boot}`] : [])];
  const unitField = q.scope === 'user' ? 'USER_UNIT' : 'UNIT';
  const unitMatches = (q.units ?? []).map((u) => `${unitField}=${u}`);
  const ids = Object.values(MESSAGE_IDS).map((id) => `MESSAGE_ID=${id}`);
  // (any of the ids) AND manager AND units, OR (the start-limit message) AND manager AND units
  const args = [...ids, ...common, ...unitMatches, '+', `CODE_FUNC=${START_LIMIT_CODE_FUNC}`, ...common, ...unitMatches];
  return queryJournal(source, ['--output-fields', FIELDS.join(','), ...args], 30_000);
}

/** Runs per unit from the journal. */
export async function journalRuns(source: JournalSource, q: HistoryQuery): Promise<Map<string, Run[]>> {
  const entries = await readManagerRecords(source, q);
  return runsFromRecords(entries, q.scope);
}

/** The journal lines of one run (its invocation id), as journalctl's short output. */
export async function runJournal(source: JournalSource, scope: Scope, invocationId: string, lines = 50): Promise<string[]> {
  const entries = await queryJournal(source, ['-n', String(lines), ...matchArgs(runJournalMatches(invocationId, scope, source.host.identity.uid))]);
  return entries.flatMap((e) => formatShortEntry(e).split('\n'));
}

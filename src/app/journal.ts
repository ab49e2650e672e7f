// Reading the journal with journalctl -o json, with the matches systemctl status uses.
import type { Follower, Host } from '../host/host.js';
import type { Scope } from '../host/bus.js';
import { formatJournalTimestamp } from '../core/format.js';
import { parseJournalJson, type JournalEntry } from '../core/journalJson.js';
import { withPrefix } from '../core/model/text.js';
import { senderTimeUs } from '../core/model/runs.js';
import type { JournalLine } from '../core/model/statusView.js';
import { journalFilterOptions, type PaneJournalFilter } from '../core/model/journalFilter.js';

export { parseJournalJson, type JournalEntry };

export interface JournalSource {
  /** The machine whose journal this is (journalctl runs there). */
  host: Host;
  /** A folder of journal files (journalctl -D), e.g. the sandbox's; default: the machine's journal. */
  directory?: string;
}

const COREDUMP_MESSAGE_ID = 'fc2e22bc6ee647b6b90729ab34a250b1';

/** The disjunction of matches systemctl status uses for a unit (logs-show.c add_matches_for_*unit). */
export function unitJournalMatches(unit: string, scope: Scope, uid: number): string[][] {
  if (scope === 'user') {
    return [
      [`_SYSTEMD_USER_UNIT=${unit}`, `_UID=${uid}`],
      [`USER_UNIT=${unit}`, `_UID=${uid}`],
      [`MESSAGE_ID=${COREDUMP_MESSAGE_ID}`, `_UID=${uid}`, `COREDUMP_USER_UNIT=${unit}`],
      [`_UID=${uid}`, `OBJECT_SYSTEMD_USER_UNIT=${unit}`],
    ];
  }
  return [
    [`_SYSTEMD_UNIT=${unit}`],
    [`MESSAGE_ID=${COREDUMP_MESSAGE_ID}`, '_UID=0', `COREDUMP_UNIT=${unit}`],
    ['_PID=1', `UNIT=${unit}`],
    ['_UID=0', `OBJECT_SYSTEMD_UNIT=${unit}`],
  ];
}

/**
 * The matches for one run's records, bound to who may write them: the service's own output by the
 * unit's cgroup (_SYSTEMD_INVOCATION_ID is journald's, from the cgroup; a client cannot set it), the
 * manager's records by the manager (PID 1, or the user manager's uid). A record anyone can log with
 * the run's INVOCATION_ID= from another process is not the run's.
 */
export function runJournalMatches(invocationId: string, scope: Scope, uid: number): string[][] {
  if (scope === 'user') {
    return [
      [`_SYSTEMD_INVOCATION_ID=${invocationId}`, `_UID=${uid}`],
      [`USER_INVOCATION_ID=${invocationId}`, `_UID=${uid}`],
    ];
  }
  return [[`_SYSTEMD_INVOCATION_ID=${invocationId}`], [`INVOCATION_ID=${invocationId}`, '_PID=1']];
}

/** What a unit's own processes logged (its cgroup, which only the manager places them in), as matches. */
export function unitOutputMatches(unit: string, scope: Scope, uid: number): string[] {
  return scope === 'user' ? [`_SYSTEMD_USER_UNIT=${unit}`, `_UID=${uid}`] : [`_SYSTEMD_UNIT=${unit}`];
}

export function matchArgs(groups: string[][]): string[] {
  const args: string[] = [];
  groups.forEach((g, i) => {
    if (i > 0) args.push('+');
    args.push(...g);
  });
  return args;
}

/**
 * journalctl's arguments for reading a unit's journal (or one run's) in its own pager, at the end,
 * as `systemctl status` selects it; the source's folder (-D) included.
 */
export function pagerArgs(source: JournalSource, o: { unit: string; scope: Scope; uid: number; invocationId?: string; filter?: PaneJournalFilter }): string[] {
  const f = o.filter ?? {};
  const matches = matchArgs(o.invocationId ? runJournalMatches(o.invocationId, o.scope, o.uid) : [o.unit, ...(f.units ?? [])].flatMap((u) => unitJournalMatches(u, o.scope, o.uid)));
  return [...(source.directory ? ['-D', source.directory] : []), '-e', ...journalFilterOptions(f), ...matches];
}

/** The journal's host's boot id (32 hex digits), or '' when unknown. */
export function currentBootId(source: JournalSource): string {
  return source.host.identity.bootId;
}

/** Groups whose members may read the whole system journal. */
const JOURNAL_GROUPS = ['systemd-journal', 'adm', 'wheel'];

/**
 * Why the system manager's records may be missing from what journalctl returns (it answers a user
 * outside the journal groups with that user's own messages only, and no error), in words.
 */
export function journalAccessProblem(scope: Scope, source: JournalSource): string | undefined {
  const { uid, groups } = source.host.identity;
  if (source.directory || scope === 'user' || uid === 0) return undefined;
  if (groups.some((g) => JOURNAL_GROUPS.includes(g))) return undefined;
  return "the journal is not readable for this user (only your own messages): stop reasons come from D-Bus, what svctui sees live and its store; run as root, or join the systemd-journal group";
}

export class JournalError extends Error {
  override name = 'JournalError';
}

/** Runs journalctl -o json with the given arguments (plus the source's -D). */
export async function queryJournal(source: JournalSource, args: string[], timeoutMs = 15_000): Promise<JournalEntry[]> {
  const base = ['-o', 'json', '--no-pager', '-q'];
  if (source.directory) base.push('-D', source.directory);
  let r;
  try {
    r = await source.host.run('journalctl', [...base, ...args], { timeoutMs, journalJson: true, env: { SYSTEMD_COLORS: '0', LANG: 'C.UTF-8' } });
  } catch (err) {
    throw new JournalError(`cannot run journalctl: ${(err as Error).message}`);
  }
  if (r.notFound) throw new JournalError('journalctl is not installed');
  if (r.timedOut) throw new JournalError(`journalctl did not finish within ${timeoutMs} ms`);
  if (r.failure) throw new JournalError(`cannot run journalctl: ${r.failure}`);
  const entries = r.journal ?? parseJournalJson(r.stdout);
  if (r.exitCode !== 0 && entries.length === 0) {
    const msg = r.stderr.trim();
    // "No journal files were found" and permission problems: no entries, said once by the caller.
    if (msg) throw new JournalError(msg);
  }
  return entries;
}

export interface UnitJournalOptions {
  unit: string;
  scope: Scope;
  uid?: number;
  lines?: number;
  /** Skip entries older than this CLOCK_MONOTONIC time (InactiveExitTimestampMonotonic), as systemctl does. */
  notBeforeMonotonicUs?: bigint;
  /** The pane's filter (J, p): journalctl's -p, --since, --until, -b, and more units merged. */
  filter?: PaneJournalFilter;
}

/**
 * journalctl's options and matches for a unit's lines under a filter: the unit's (and the filter's
 * other units') matches, in this boot unless the filter names a boot.
 */
function unitFilterArgs(source: JournalSource, o: UnitJournalOptions): string[] {
  const f = o.filter ?? {};
  const boot = f.boot === undefined ? currentBootId(source) : '';
  const uid = o.uid ?? source.host.identity.uid;
  const groups = [o.unit, ...(f.units ?? [])].flatMap((u) => unitJournalMatches(u, o.scope, uid)).map((g) => (boot ? [...g, `_BOOT_ID=${boot}`] : g));
  return [...journalFilterOptions(f), ...matchArgs(groups)];
}

const bootHeads = new Map<string, { at: number; firstUs?: bigint }>();

/**
 * When this boot's journal begins (its first entry), cached for a minute: systemctl says a unit's
 * lines may be incomplete when the journal begins after the unit started (rotated, or the unit is
 * older than journald, as journald itself is).
 */
export async function bootJournalStartUs(source: JournalSource): Promise<bigint | undefined> {
  const key = `${source.host.name}\0${source.directory ?? ''}`;
  const hit = bootHeads.get(key);
  if (hit && Date.now() - hit.at < 60_000) return hit.firstUs;
  const boot = currentBootId(source);
  let firstUs: bigint | undefined;
  try {
    const r = await source.host.run('journalctl', ['--list-boots', '-o', 'json', '--no-pager', ...(source.directory ? ['-D', source.directory] : [])], { timeoutMs: 10_000 });
    const boots = JSON.parse(r.stdout || '[]') as { boot_id: string; first_entry: number | string }[];
    const mine = boots.find((b) => b.boot_id === boot) ?? boots[boots.length - 1];
    if (mine) firstUs = BigInt(mine.first_entry);
  } catch {
    // unknown: no notice
  }
  bootHeads.set(key, { at: Date.now(), firstUs });
  return firstUs;
}

export const ROTATED_NOTICE = 'Notice: journal has been rotated since unit was started, output may be incomplete.';

/** The last lines of a unit's journal in this boot, as systemctl status selects them. */
export async function unitJournalTail(source: JournalSource, o: UnitJournalOptions): Promise<JournalEntry[]> {
  const lines = o.lines ?? 10;
  if (lines <= 0) return [];
  const entries = await queryJournal(source, ['-n', String(lines), ...unitFilterArgs(source, o)]);
  const notBefore = o.notBeforeMonotonicUs ?? 0n;
  return entries.filter((e) => notBefore === 0n || e.monotonicUs >= notBefore);
}

/**
 * Follows a unit's journal from a cursor (after the tail already shown) or from now: new entries
 * are handed over as journald writes them, with the matches systemctl status uses.
 */
export function followUnitJournal(source: JournalSource, o: UnitJournalOptions & { afterCursor?: string }, onEntries: (entries: JournalEntry[]) => void): Follower {
  const args = ['-f', '-o', 'json', '--no-pager', '-q', ...(source.directory ? ['-D', source.directory] : []), ...(o.afterCursor ? [`--after-cursor=${o.afterCursor}`] : ['-n', '0']), ...unitFilterArgs(source, o)];
  let partial = '';
  return source.host.follow('journalctl', args, { env: { SYSTEMD_COLORS: '0', LANG: 'C.UTF-8' } }, (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    const entries = parseJournalJson(lines.join('\n'));
    if (entries.length) onEntries(entries);
  });
}

/** Entries as journalctl's short output lines (a multi-line message is several), with their priority. */
export function journalLines(entries: readonly JournalEntry[]): JournalLine[] {
  return entries.flatMap((e) => {
    const p = e.fields.PRIORITY;
    const priority = p !== undefined && /^[0-7]$/.test(p) ? Number(p) : undefined;
    return formatShortEntry(e)
      .split('\n')
      .map((text) => (priority === undefined ? { text } : { text, priority }));
  });
}

/** journalctl's short format: "Nov 22 03:01:26 host ident[pid]: message". */
export function formatShortEntry(e: JournalEntry, timeZone?: string): string {
  const ident = e.identifier + (e.pid ? `[${e.pid}]` : '');
  // Like journalctl, the time the sender gave (when valid), not when journald received it: under
  // load they can straddle a second.
  return withPrefix(`${formatJournalTimestamp(senderTimeUs(e), timeZone)} ${e.hostname} ${ident}: `, e.message);
}

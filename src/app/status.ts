// Collects what the status view needs for one unit: properties (one GetAll over every interface,
// like systemctl), the states of related units, process names, and the journal tail.
import { bootJournalStartUs, JournalError, journalLines, ROTATED_NOTICE, unitJournalTail, type JournalSource } from './journal.js';
import type { JournalLine } from '../core/model/statusView.js';
import type { Systemd } from './manager.js';
import { benchMark } from '../host/benchMark.js';
import { journalFilterText, onlyPriority, type PaneJournalFilter } from '../core/model/journalFilter.js';

export interface CollectedStatus {
  props: Record<string, unknown>;
  processes?: { cgroup: string; pid: number; cmdline: string }[];
  relatedStates: Record<string, string>;
  comm: Record<number, string>;
  journal?: (string | JournalLine)[];
  /** Where the journal tail ends: following the journal from here shows what comes next. */
  journalCursor?: string;
  journalProblem?: string;
  nowUs: bigint;
  nowMonotonicUs: bigint;
}

export interface CollectOptions {
  journal?: JournalSource | false;
  lines?: number;
  /**
   * Load a unit systemd does not hold, as systemctl status does (the default). A live view passes
   * false: reading would load the unit and change the list it shows.
   */
  load?: boolean;
  /** The journal tail's filter (J, p); a line says the tail is filtered. */
  journalFilter?: PaneJournalFilter;
}

/**
 * What is known of a unit systemd does not hold, without loading it: its file and enablement.
 * LoadState "not loaded" is svctui's word (systemd has none for it), as in the list.
 */
async function notLoadedProperties(systemd: Systemd, unit: string): Promise<Record<string, unknown>> {
  const file = await systemd.unitFile(unit).catch(() => undefined);
  return {
    Id: unit,
    LoadState: 'not loaded',
    ActiveState: 'inactive',
    SubState: 'dead',
    ...(file ? { FragmentPath: file.path, UnitFileState: file.state } : {}),
  };
}

export function nowRealtimeUs(): bigint {
  return BigInt(Date.now()) * 1000n;
}


export async function collectStatus(systemd: Systemd, unit: string, options: CollectOptions = {}): Promise<CollectedStatus> {
  const props = options.load === false ? ((await systemd.unitPropertiesIfLoaded(unit)) ?? (await notLoadedProperties(systemd, unit))) : await systemd.unitProperties(unit);
  benchMark('status-properties');
  const id = String(props.Id ?? unit);
  const relatedNames = [...new Set([...((props.TriggeredBy as string[]) ?? []), ...((props.Triggers as string[]) ?? [])])];
  const pids = [Number(props.MainPID ?? 0), Number(props.ControlPID ?? 0)].filter((pid) => pid > 0);
  const lines = options.lines ?? 10;
  const started = typeof props.InactiveExitTimestamp === 'bigint' ? props.InactiveExitTimestamp : 0n;
  const source = options.journal === false ? undefined : (options.journal ?? { host: systemd.host });
  const filter = options.journalFilter ?? {};
  // Everything after the properties at once: the related units, process names, the CGroup tree,
  // the journal tail, and (when the unit ran) where this boot's journal begins — asked before it is
  // known to be needed (fewer lines than asked), so that it costs no extra wait.
  const [relatedStates, comm, processes, journal, head] = await Promise.all([
    Promise.all(relatedNames.map((name) => systemd.unitProperty(name, 'org.freedesktop.systemd1.Unit', 'ActiveState').then(String, () => undefined))).then(
      // (A unit that cannot be read: systemctl shows it with the inactive glyph.)
      (states) => Object.fromEntries(relatedNames.flatMap((name, i) => (states[i] === undefined ? [] : [[name, states[i]!]]))) as Record<string, string>,
    ),
    pids.length ? systemd.host.processNames(pids).then((m) => Object.fromEntries(m) as Record<number, string>) : Promise.resolve({} as Record<number, string>),
    // The CGroup tree: asked only when the unit has a control group (it has processes, or had).
    typeof props.ControlGroup === 'string' && props.ControlGroup ? systemd.unitProcesses(id).catch(() => []) : Promise.resolve(undefined),
    source
      ? unitJournalTail(source, { unit: id, scope: systemd.scope, lines, filter, notBeforeMonotonicUs: onlyPriority(filter) && typeof props.InactiveExitTimestampMonotonic === 'bigint' ? props.InactiveExitTimestampMonotonic : 0n }).then(
          (entries) => ({ entries }),
          (err: unknown) => ({ problem: err instanceof JournalError ? err.message : String(err) }),
        )
      : Promise.resolve(undefined),
    source && lines > 0 && started > 0n ? bootJournalStartUs(source) : Promise.resolve(undefined),
  ]);
  benchMark('status-collected');
  const out: CollectedStatus = { props, relatedStates, comm, nowUs: 0n, nowMonotonicUs: 0n };
  if (processes) out.processes = processes;
  if (journal && 'entries' in journal) {
    out.journal = journalLines(journal.entries);
    if (!onlyPriority(filter)) out.journal.unshift(`-- only: ${journalFilterText(filter)} (J changes it) --`);
    else if (filter.priority) out.journal.unshift(`-- priority ${filter.priority} and more urgent only (p changes it) --`);
    out.journalCursor = journal.entries.at(-1)?.fields.__CURSOR;
    // Fewer lines than asked, and the journal begins after the unit started: say it, as systemctl does.
    if (journal.entries.length < lines && head !== undefined && head > started) out.journal.push(ROTATED_NOTICE);
  } else if (journal) out.journalProblem = journal.problem;
  // Timestamps as of now, after the slow parts, so relative times match what a user sees.
  out.nowUs = nowRealtimeUs();
  out.nowMonotonicUs = await systemd.monotonicNowUs();
  return out;
}

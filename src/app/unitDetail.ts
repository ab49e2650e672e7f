// What the detail pane shows of one unit, as one service: its status (D-Bus and the journal), the
// counters and processes systemd does not signal, its files (c), and a run's journal. The UI asks
// this, never the manager or the journal itself.
import { runJournal } from './journalRuns.js';
import { followUnitJournal, journalLines, type JournalSource } from './journal.js';
import type { JournalLine } from '../core/model/statusView.js';
import type { Follower } from '../host/host.js';
import type { Systemd } from './manager.js';
import { collectStatus, type CollectedStatus } from './status.js';
import { typeInterface } from './facts.js';
import { catUnit, unitSources } from './unitFiles.js';
import { showLoadedProperties } from './show.js';
import type { PaneJournalFilter } from '../core/model/journalFilter.js';

/** The counters systemd does not signal (memory, CPU, tasks, with accounting on). */
export const COUNTERS = ['MemoryCurrent', 'CPUUsageNSec', 'TasksCurrent'] as const;

export class UnitDetail {
  constructor(
    readonly systemd: Systemd,
    readonly journal: JournalSource,
  ) {}

  /** The status view's facts; the journal tail only when asked (it costs a journalctl). */
  status(unit: string, o: { journal: boolean; filter?: PaneJournalFilter }): Promise<CollectedStatus> {
    return collectStatus(this.systemd, unit, { journal: o.journal ? this.journal : false, load: false, journalFilter: o.filter });
  }

  /**
   * The counters (when the unit has them) and the CGroup tree's processes, read again; undefined
   * where they could not be read.
   */
  async poll(unit: string, o: { counters: boolean; processes: boolean }): Promise<{ counters: (unknown | undefined)[]; processes?: CollectedStatus['processes'] }> {
    const iface = o.counters && /\.(service|scope|slice|socket|mount)$/.test(unit) ? typeInterface(unit) : undefined;
    const [counters, processes] = await Promise.all([
      iface ? Promise.all(COUNTERS.map((c) => this.systemd.unitProperty(unit, iface, c).catch(() => undefined))) : Promise.resolve([]),
      o.processes ? this.systemd.unitProcesses(unit).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    return { counters, processes };
  }

  /** The effective unit: its fragment and drop-ins, with their paths (systemctl cat). */
  async files(unit: string): Promise<{ path: string; text: string }[]> {
    return catUnit(this.systemd.host.files, await unitSources(this.systemd, unit));
  }

  /** Every property as systemctl show prints it; undefined when systemd does not hold the unit. */
  properties(unit: string): Promise<string[] | undefined> {
    return showLoadedProperties(this.systemd, unit);
  }

  /**
   * The unit's journal as it is written, after the tail the status showed (its cursor), as lines
   * the way journalctl shows them. Stop it when the unit is no longer shown.
   */
  followJournal(unit: string, afterCursor: string | undefined, onLines: (lines: JournalLine[]) => void, filter?: PaneJournalFilter): Follower {
    return followUnitJournal(this.journal, { unit, scope: this.systemd.scope, afterCursor, filter }, (entries) => onLines(journalLines(entries)));
  }

  /** The journal lines of one run. */
  runJournal(invocationId: string): Promise<string[]> {
    return runJournal(this.journal, this.systemd.scope, invocationId);
  }
}

// Collects what the status view needs for one unit: properties (one GetAll over every interface,
// like systemctl), the states of related units, process names, and the journal tail.
import { bootJournalStartUs, JournalError, formatShortEntry, ROTATED_NOTICE, unitJournalTail, type JournalSource } from './journal.js';
import type { Systemd } from './manager.js';

export interface CollectedStatus {
  props: Record<string, unknown>;
  processes?: { cgroup: string; pid: number; cmdline: string }[];
  relatedStates: Record<string, string>;
  comm: Record<number, string>;
  journal?: string[];
  /** Where the journal tail ends: following the journal from here shows what comes next. */
  journalCursor?: string;
  journalProblem?: string;
  nowUs: bigint;
  nowMonotonicUs: bigint;
}

export interface CollectOptions {
  journal?: JournalSource | false;
  lines?: number;
}

export function nowRealtimeUs(): bigint {
  return BigInt(Date.now()) * 1000n;
}


export async function collectStatus(systemd: Systemd, unit: string, options: CollectOptions = {}): Promise<CollectedStatus> {
  const props = await systemd.unitProperties(unit);
  const relatedNames = [...new Set([...((props.TriggeredBy as string[]) ?? []), ...((props.Triggers as string[]) ?? [])])];
  const relatedStates: Record<string, string> = {};
  await Promise.all(
    relatedNames.map(async (name) => {
      try {
        relatedStates[name] = String(await systemd.unitProperty(name, 'org.freedesktop.systemd1.Unit', 'ActiveState'));
      } catch {
        // systemctl shows such a unit with the inactive glyph
      }
    }),
  );
  const pids = [Number(props.MainPID ?? 0), Number(props.ControlPID ?? 0)].filter((pid) => pid > 0);
  const comm = Object.fromEntries(pids.length ? await systemd.host.processNames(pids) : []) as Record<number, string>;
  const out: CollectedStatus = { props, relatedStates, comm, nowUs: nowRealtimeUs(), nowMonotonicUs: await systemd.monotonicNowUs() };
  // The CGroup tree: asked only when the unit has a control group (it has processes, or had).
  if (typeof props.ControlGroup === 'string' && props.ControlGroup) out.processes = await systemd.unitProcesses(String(props.Id ?? unit)).catch(() => []);
  if (options.journal !== false) {
    try {
      const source = options.journal ?? { host: systemd.host };
      const entries = await unitJournalTail(source, {
        unit: String(props.Id ?? unit),
        scope: systemd.scope,
        lines: options.lines ?? 10,
        notBeforeMonotonicUs: typeof props.InactiveExitTimestampMonotonic === 'bigint' ? props.InactiveExitTimestampMonotonic : 0n,
      });
      out.journal = entries.flatMap((e) => formatShortEntry(e).split('\n'));
      out.journalCursor = entries.at(-1)?.fields.__CURSOR;
      // Fewer lines than asked, and the journal begins after the unit started: say it, as systemctl does.
      const lines = options.lines ?? 10;
      const started = typeof props.InactiveExitTimestamp === 'bigint' ? props.InactiveExitTimestamp : 0n;
      if (entries.length < lines && lines > 0 && started > 0n) {
        const head = await bootJournalStartUs(source);
        if (head !== undefined && head > started) out.journal.push(ROTATED_NOTICE);
      }
    } catch (err) {
      out.journalProblem = err instanceof JournalError ? err.message : String(err);
    }
  }
  // Timestamps as of now, after the slow parts, so relative times match what a user sees.
  out.nowUs = nowRealtimeUs();
  out.nowMonotonicUs = await systemd.monotonicNowUs();
  return out;
}

// Collects what the status view needs for one unit: properties (one GetAll over every interface,
// like systemctl), the states of related units, process names, and the journal tail.
import { readFileSync } from 'node:fs';
import { bootJournalStartUs, JournalError, formatShortEntry, ROTATED_NOTICE, unitJournalTail, type JournalSource } from './journal.js';
import type { Systemd } from './manager.js';

export interface CollectedStatus {
  props: Record<string, unknown>;
  processes?: { cgroup: string; pid: number; cmdline: string }[];
  relatedStates: Record<string, string>;
  comm: Record<number, string>;
  journal?: string[];
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

/** CLOCK_MONOTONIC in microseconds (libuv's hrtime is CLOCK_MONOTONIC on Linux). */
export function nowMonotonicUs(): bigint {
  return process.hrtime.bigint() / 1000n;
}

export function readComm(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
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
  const comm: Record<number, string> = {};
  for (const pid of [Number(props.MainPID ?? 0), Number(props.ControlPID ?? 0)]) {
    if (pid > 0) {
      const c = readComm(pid);
      if (c) comm[pid] = c;
    }
  }
  const out: CollectedStatus = { props, relatedStates, comm, nowUs: nowRealtimeUs(), nowMonotonicUs: nowMonotonicUs() };
  // The CGroup tree: asked only when the unit has a control group (it has processes, or had).
  if (typeof props.ControlGroup === 'string' && props.ControlGroup) out.processes = await systemd.unitProcesses(String(props.Id ?? unit)).catch(() => []);
  if (options.journal !== false) {
    try {
      const entries = await unitJournalTail(options.journal ?? {}, {
        unit: String(props.Id ?? unit),
        scope: systemd.scope,
        lines: options.lines ?? 10,
        notBeforeMonotonicUs: typeof props.InactiveExitTimestampMonotonic === 'bigint' ? props.InactiveExitTimestampMonotonic : 0n,
      });
      out.journal = entries.flatMap((e) => formatShortEntry(e).split('\n'));
      // Fewer lines than asked, and the journal begins after the unit started: say it, as systemctl does.
      const lines = options.lines ?? 10;
      const started = typeof props.InactiveExitTimestamp === 'bigint' ? props.InactiveExitTimestamp : 0n;
      if (entries.length < lines && lines > 0 && started > 0n) {
        const head = await bootJournalStartUs(options.journal ?? {});
        if (head !== undefined && head > started) out.journal.push(ROTATED_NOTICE);
      }
    } catch (err) {
      out.journalProblem = err instanceof JournalError ? err.message : String(err);
    }
  }
  // Timestamps as of now, after the slow parts, so relative times match what a user sees.
  out.nowUs = nowRealtimeUs();
  out.nowMonotonicUs = nowMonotonicUs();
  return out;
}

// The status view of the selected unit: collected when the selection or the unit changes (never on
// a timer), plus what systemd does not signal — the counters (memory, CPU, tasks, with accounting)
// and the CGroup tree's processes — polled every 2 s while the unit is active.
import { useEffect, useRef, useState } from 'react';
import type { CollectedStatus } from '../app/status.js';
import { nowRealtimeUs } from '../app/status.js';
import { COUNTERS, type UnitDetail } from '../app/unitDetail.js';
import { UINT64_MAX } from '../core/decode.js';
import { filterFollows, journalFilterText, type PaneJournalFilter } from '../core/model/journalFilter.js';

const SETTLE_MS = 80;
const COUNTER_POLL_MS = 2000;
export const JOURNAL_REREAD_MS = 1000;
/** Lines a followed journal keeps below the status (the pane scrolls). */
const JOURNAL_KEPT = 200;

export interface UnitStatusState {
  unit?: string;
  status?: CollectedStatus;
  error?: string;
}

export function useUnitStatus(detail: UnitDetail, unit: string | undefined, unitVersion: number, enabled: boolean, journalFilter?: PaneJournalFilter): UnitStatusState {
  // (The filter as text: a new object with the same options is the same filter.)
  const filterKey = journalFilterText(journalFilter ?? {});
  const filterRef = useRef(journalFilter);
  filterRef.current = journalFilter;
  const [state, setState] = useState<UnitStatusState>({});
  // The journal tail costs a journalctl process: read when the selection settles, and while the
  // unit keeps changing (a restart storm) at most once a JOURNAL_REREAD_MS, with a last read after.
  const lastJournal = useRef<{ unit?: string; at: number; lines?: CollectedStatus["journal"]; cursor?: string; problem?: string }>({ at: 0 });
  const [journalDue, setJournalDue] = useState(0);
  // The unit whose journal is being followed: its new lines come from the follower, so a re-read
  // (the unit changed) takes the lines it has rather than running journalctl again.
  const following = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!unit || !enabled) return;
    let cancelled = false;
    let trailing: NodeJS.Timeout | undefined;
    // Let a burst of changes settle before reading (one GetAll per burst).
    const timer = setTimeout(() => {
      const last = lastJournal.current;
      const followed = following.current === unit && last.unit === unit;
      const wait = followed ? Infinity : last.unit === unit ? last.at + JOURNAL_REREAD_MS - Date.now() : 0;
      const readJournal = wait <= 0;
      detail.status(unit, { journal: readJournal, filter: filterRef.current }).then(
        (status) => {
          if (cancelled) return;
          if (readJournal) lastJournal.current = { unit, at: Date.now(), lines: status.journal, cursor: status.journalCursor, problem: status.journalProblem };
          else {
            status.journal = last.lines;
            status.journalCursor = last.cursor;
            status.journalProblem = last.problem;
            if (wait !== Infinity) trailing = setTimeout(() => setJournalDue((n) => n + 1), wait);
          }
          setState({ unit, status });
        },
        (err: unknown) => !cancelled && setState({ unit, error: (err as Error).message }),
      );
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      clearTimeout(trailing);
    };
  }, [detail, unit, unitVersion, enabled, journalDue, filterKey]);

  // Another filter: the tail is read again and followed anew.
  useEffect(() => {
    lastJournal.current = { at: 0 };
    following.current = undefined;
  }, [filterKey]);

  // The journal is followed from where the first tail ends: a line journald writes later (a
  // service's own output comes on another socket than systemd's messages, and can be late) appears
  // as it comes. One follower per selection, not per re-read: a unit in a restart loop changes
  // many times a second, and each journalctl costs a process.
  // (Lines to come can match only without --until, in this boot.)
  const canFollow = state.unit === unit && state.status !== undefined && !state.status.journalProblem && filterFollows(journalFilter ?? {});
  const cursorRef = useRef<string | undefined>(undefined);
  cursorRef.current = state.unit === unit ? state.status?.journalCursor : undefined;
  useEffect(() => {
    if (!unit || !enabled || !canFollow) return;
    following.current = unit;
    const follower = detail.followJournal(
      unit,
      cursorRef.current || undefined,
      (lines) => {
      const last = lastJournal.current;
      if (last.unit === unit) last.lines = [...(last.lines ?? []), ...lines].slice(-JOURNAL_KEPT);
      setState((prev) => (prev.unit === unit && prev.status ? { unit, status: { ...prev.status, journal: [...(prev.status.journal ?? []), ...lines].slice(-JOURNAL_KEPT) } } : prev));
      },
      filterRef.current,
    );
    // journalctl gone (killed, the journal unreadable): back to reading the tail on each change.
    void follower.ended.then(() => {
      if (following.current === unit) following.current = undefined;
    });
    return () => {
      if (following.current === unit) following.current = undefined;
      follower.stop();
    };
  }, [detail, unit, enabled, canFollow, filterKey]);

  const active = state.status?.props.ActiveState === 'active' && state.unit === unit;
  // Without accounting (all three unset) there is no counter to poll: the status shows no such lines.
  const counted = state.unit === unit && COUNTERS.some((c) => state.status?.props[c] !== undefined && state.status.props[c] !== UINT64_MAX);
  // Processes come and go without a signal: the CGroup tree is read again with the counters.
  const hasProcesses = state.unit === unit && typeof state.status?.props.ControlGroup === 'string' && state.status.props.ControlGroup !== '';
  useEffect(() => {
    if (!unit || !enabled || !active || (!counted && !hasProcesses)) return;
    let cancelled = false;
    const poll = setInterval(() => {
      void detail.poll(unit, { counters: counted, processes: hasProcesses }).then(({ counters: values, processes: procs }) => {
        if (cancelled) return;
        setState((prev) => {
          if (!prev.status || prev.unit !== unit) return prev;
          const props = { ...prev.status.props };
          let changed = false;
          COUNTERS.forEach((c, i) => {
            if (values[i] !== undefined && props[c] !== values[i]) {
              props[c] = values[i];
              changed = true;
            }
          });
          const sameProcs = !procs || JSON.stringify(procs) === JSON.stringify(prev.status.processes);
          if (!changed && sameProcs) return prev;
          // The host's monotonic clock moved as far as ours did.
          const nowUs = nowRealtimeUs();
          return { unit, status: { ...prev.status, props, processes: procs ?? prev.status.processes, nowUs, nowMonotonicUs: prev.status.nowMonotonicUs + (nowUs - prev.status.nowUs) } };
        });
      });
    }, COUNTER_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(poll);
    };
  }, [detail, unit, enabled, active, counted, hasProcesses]);

  return state.unit === unit ? state : { unit };
}

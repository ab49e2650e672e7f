// The watch list's alerts: a watched unit that just failed or hit its start limit is told to the
// terminal (a bell, or a desktop notification where it shows them) and on the status line.
import { useEffect, useRef } from 'react';
import { rowOf, type UnitsState } from '../core/model/units.js';
import type { UnitRow } from '../core/model/unitRow.js';
import { notificationSequence, watchAlerts, type WatchSeen } from '../core/model/watch.js';

/** A manager's units, and (with several hosts) the host they are on. */
export interface WatchSource {
  host?: string;
  state: UnitsState;
}

export function useWatchAlerts(sources: readonly WatchSource[], watched: readonly string[] | undefined, version: number, say: (text: string) => void): void {
  const seen = useRef(new Map<string, WatchSeen>());
  useEffect(() => {
    if (!watched?.length) return;
    const rows: UnitRow[] = [];
    for (const { host, state } of sources)
      for (const n of watched) {
        const r = rowOf(state, n);
        if (r) rows.push(host === undefined ? r : { ...r, host });
      }
    const { alerts, now } = watchAlerts(seen.current, rows, new Set(watched));
    seen.current = now;
    if (!alerts.length) return;
    process.stdout.write(notificationSequence(alerts.join('; '), process.env));
    say(alerts.join('; '));
  }, [version, watched, sources]);
}

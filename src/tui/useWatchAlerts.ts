// The watch list's alerts: a watched unit that just failed or hit its start limit is told to the
// terminal (a bell, or a desktop notification where it shows them) and on the status line.
import { useEffect, useRef } from 'react';
import type { LiveUnits } from '../app/live.js';
import { rowOf } from '../core/model/units.js';
import { notificationSequence, watchAlerts, type WatchSeen } from '../core/model/watch.js';

export function useWatchAlerts(live: LiveUnits, watched: readonly string[] | undefined, version: number, say: (text: string) => void): void {
  const seen = useRef(new Map<string, WatchSeen>());
  useEffect(() => {
    if (!watched?.length) return;
    const rows = watched.map((n) => rowOf(live.state, n)).filter((r): r is NonNullable<typeof r> => r !== undefined);
    const { alerts, now } = watchAlerts(seen.current, rows, new Set(watched));
    seen.current = now;
    if (!alerts.length) return;
    process.stdout.write(notificationSequence(alerts.join('; '), process.env));
    say(alerts.join('; '));
  }, [version, watched, live]);
}

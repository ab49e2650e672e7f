// What the timers and sockets views read beyond the unit list: each timer's next and last elapse
// and each socket's addresses, with the host's clocks. Read when the view opens, again when one of
// its units (or a unit they activate) changes, and when a timer's NEXT has come.
import { useEffect, useState } from 'react';
import type { LiveUnits } from '../app/live.js';
import { readSockets, readTimers } from '../app/timers.js';
import { timerRows, timestampIsSet } from '../core/model/timers.js';
import type { View, ViewFacts } from '../core/model/views.js';
import { nowRealtimeUs } from '../app/status.js';
import { readPresetRules } from '../app/unitFileList.js';

export function useViewFacts(live: LiveUnits, view: View): ViewFacts | undefined {
  const type = view === 'timers' ? 'timer' : view === 'sockets' ? 'socket' : view === 'files' ? 'file' : undefined;
  const [facts, setFacts] = useState<ViewFacts | undefined>();
  const [due, setDue] = useState(0);
  const state = live.state;
  const names = type ? [...state.units.values()].filter((e) => e.loaded && e.name.endsWith(`.${type}`)).map((e) => e.name).sort() : [];
  const activated = new Set((facts ? [...facts.timers, ...facts.sockets] : []).flatMap((f) => f.triggers));
  // Changes that can move a timer's NEXT or LAST: its own state, and what it activates running.
  // (The unit files view: its preset rules, read again with each new listing of the files.)
  const key = type === 'file' ? String(live.unitFilesRead) : type ? [...names, ...activated].map((n) => `${n}:${state.statusVersions.get(n) ?? 0}`).join(',') : '';
  useEffect(() => {
    if (!type) {
      setFacts(undefined);
      return;
    }
    let gone = false;
    const timer = setTimeout(() => {
      void (async () => {
        try {
          const [clock, timers, sockets, presets] = await Promise.all([
            live.systemd.host.clock(),
            type === 'timer' ? readTimers(live.systemd, names) : [],
            type === 'socket' ? readSockets(live.systemd, names) : [],
            type === 'file' ? readPresetRules(live.systemd) : undefined,
          ]);
          if (!gone) setFacts({ clock, timers, sockets, presets });
        } catch {
          // the connection went away: the header says so, and the view keeps what it had
        }
      })();
    }, 50);
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [live, type, key, due]);
  // A timer that elapses and comes again changes no unit state: read again once its NEXT has come.
  useEffect(() => {
    if (!facts || type !== 'timer') return;
    const next = timerRows(facts.timers, facts.clock).find((t) => timestampIsSet(t.nextUs));
    if (!next) return;
    const wait = Math.min(2 ** 31 - 1, Math.max(250, Number((next.nextUs - nowRealtimeUs()) / 1000n) + 500));
    const timer = setTimeout(() => setDue((n) => n + 1), wait);
    return () => clearTimeout(timer);
  }, [facts, type]);
  return type ? facts : undefined;
}

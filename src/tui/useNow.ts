// Texts that depend on the time (the list's ages, the pane's "3s ago", the views' LEFT). Each part
// of the UI says what it shows for a given now and when that text next changes; one timer for the
// whole UI wakes at the earliest of those moments, and a part re-renders only when its own text
// changed: the list's "7min" redraws once a minute, at the minute, and not when the pane's
// "12s ago" ticks. Now is read afresh whenever a text is computed, so a part rendered for another
// reason never shows an age older than the clock. An idle screen of older units costs nearly nothing.
import { useEffect, useId, useMemo, useSyncExternalStore } from 'react';
import { nowRealtimeUs } from '../app/status.js';

/** What a part shows for a moment, and when that may next change (realtime µs; undefined: never). */
export interface Timed {
  text: string;
  nextUs?: bigint;
}

/** A wake-up at least this often: the wall clock may be set, and a step missed is then caught. */
const LONGEST_SLEEP_MS = 60_000;

const nextChange = new Map<string, bigint>();
const listeners = new Set<() => void>();
let timer: NodeJS.Timeout | undefined;
let timerAtUs: bigint | undefined;

function schedule(): void {
  let earliest: bigint | undefined;
  for (const at of nextChange.values()) if (earliest === undefined || at < earliest) earliest = at;
  if (earliest === timerAtUs && (timer || earliest === undefined)) return;
  clearTimeout(timer);
  timer = undefined;
  timerAtUs = earliest;
  if (earliest === undefined) return;
  const waitMs = Number((earliest - nowRealtimeUs()) / 1000n) + 1;
  timer = setTimeout(tick, Math.max(1, Math.min(waitMs, LONGEST_SLEEP_MS)));
}

function tick(): void {
  timer = undefined;
  timerAtUs = undefined;
  turnNow = undefined;
  // Each part's snapshot is read again (React asks it in the listener) and says its next change.
  for (const l of [...listeners]) l();
  schedule();
}

/**
 * Now, read once per turn of the event loop: every text of one render (and React's second look at
 * a snapshot in the same commit) sees the same moment; a text in milliseconds ("518ms ago") would
 * otherwise differ at each look, and React would render again and again. A turn that runs on in
 * promise callbacks never reaches the point where the reading is dropped: a reading older than a
 * quarter second is taken again all the same.
 */
let turnNow: bigint | undefined;
let turnNowAt = 0;
const TURN_NOW_MAX_AGE_MS = 250;
export function renderNow(): bigint {
  if (turnNow === undefined || performance.now() - turnNowAt > TURN_NOW_MAX_AGE_MS) {
    turnNow = nowRealtimeUs();
    turnNowAt = performance.now();
    setImmediate(() => (turnNow = undefined));
  }
  return turnNow;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/**
 * The text `compute` gives for now; the component re-renders when it changes (not at every tick
 * of the clock). `compute` may change between renders (other rows shown): the next change is
 * taken from the latest one.
 */
export function useTimedText(compute: ((nowUs: bigint) => Timed) | undefined): string {
  const id = useId();
  const text = useSyncExternalStore(subscribe, () => {
    if (!compute) {
      nextChange.delete(id);
      return '';
    }
    const t = compute(renderNow());
    if (t.nextUs === undefined) nextChange.delete(id);
    else nextChange.set(id, t.nextUs);
    return t.text;
  });
  // After each render: the timer follows this part's (maybe new) next change.
  useEffect(() => schedule());
  useEffect(
    () => () => {
      nextChange.delete(id);
      schedule();
    },
    [id],
  );
  return text;
}

/**
 * Now, taken again each second while `on` (the timers and hosts views' LEFT and PASSED); the same
 * value between ticks, so what depends on it is not computed again at every render.
 */
export function useTicking(on: boolean): bigint {
  const second = useTimedText(
    on
      ? (nowUs) => {
          const s = nowUs / 1_000_000n;
          return { text: String(s), nextUs: (s + 1n) * 1_000_000n };
        }
      : undefined,
  );
  // Taken again when the second changes (the memo's reason to run), not at every render.
  return useMemo(() => (on ? renderNow() : 0n), [on, second]);
}

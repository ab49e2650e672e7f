// "Now" for the relative ages on screen. Ages are true to the second under a minute, so the clock
// ticks every second while some age on screen is under a minute, then every minute (ages then show
// minutes). One clock for the whole UI: the list's ages, the pane's "3s ago" and the timers' LEFT
// tick in the same turn, so a second costs one frame, not one per place that shows an age. An idle
// screen of older units costs nearly nothing.
import { useEffect, useId, useSyncExternalStore } from 'react';
import { nowRealtimeUs } from '../app/status.js';

const SECOND_US = 1_000_000n;

export function tickInterval(youngestUs: bigint, nowUs: bigint): number {
  if (youngestUs <= 0n) return 60_000;
  const age = nowUs - youngestUs;
  if (age < 60n * SECOND_US) return 1000;
  return 60_000;
}

/** The shared clock: what each user of it needs (ms between ticks, or none), and one timer for all. */
const needs = new Map<string, number>();
const listeners = new Set<() => void>();
let now = nowRealtimeUs();
let timer: NodeJS.Timeout | undefined;
let timerPeriod = 0;

function schedule(): void {
  const period = needs.size ? Math.min(...needs.values()) : 0;
  if (period === timerPeriod && (timer || !period)) return;
  clearTimeout(timer);
  timer = undefined;
  timerPeriod = period;
  if (!period) return;
  const tick = () => {
    now = nowRealtimeUs();
    for (const l of [...listeners]) l();
    timer = setTimeout(tick, timerPeriod);
  };
  timer = setTimeout(tick, period);
}

function need(id: string, everyMs: number | undefined): void {
  const before = needs.get(id);
  if (everyMs) needs.set(id, everyMs);
  else needs.delete(id);
  if (before === everyMs) return;
  // A new need (a view opened, a young age shown): now is read afresh, not the last tick's.
  if (everyMs) {
    now = nowRealtimeUs();
    for (const l of [...listeners]) l();
  }
  schedule();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const snapshot = () => now;

/** Now, ticking every `everyMs` (the shortest any part of the UI asks for); undefined: not ticking for this one. */
function useClock(everyMs: number | undefined): bigint {
  const id = useId();
  const value = useSyncExternalStore(subscribe, snapshot);
  useEffect(() => {
    need(id, everyMs);
    return () => need(id, undefined);
  }, [id, everyMs]);
  return value;
}

/** Now, for ages of which the youngest started at `youngestUs` (0: none shown; then once a minute). */
export function useNow(youngestUs: bigint): bigint {
  const value = useSyncExternalStore(subscribe, snapshot);
  useClock(tickInterval(youngestUs, value));
  return value;
}

/** "Now", ticking at a fixed interval while `everyMs` is given (the timers view's LEFT and PASSED). */
export function useTicking(everyMs: number | undefined): bigint {
  return useClock(everyMs);
}

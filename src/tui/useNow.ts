// "Now" for the relative ages in the list. Ages are true to the second under a minute, so the list
// ticks every second while its youngest visible age is under a minute, then every minute (ages
// then show minutes). An idle screen of older units costs nearly nothing.
import { useEffect, useState } from 'react';
import { nowRealtimeUs } from '../app/status.js';

const SECOND_US = 1_000_000n;

export function tickInterval(youngestUs: bigint, nowUs: bigint): number {
  if (youngestUs <= 0n) return 60_000;
  const age = nowUs - youngestUs;
  if (age < 60n * SECOND_US) return 1000;
  return 60_000;
}

export function useNow(youngestUs: bigint): bigint {
  const [now, setNow] = useState(nowRealtimeUs);
  const interval = tickInterval(youngestUs, now);
  useEffect(() => {
    const timer = setInterval(() => setNow(nowRealtimeUs()), interval);
    return () => clearInterval(timer);
  }, [interval]);
  return now;
}

/** "Now", ticking at a fixed interval while `everyMs` is given (the timers view's LEFT and PASSED). */
export function useTicking(everyMs: number | undefined): bigint {
  const [now, setNow] = useState(nowRealtimeUs);
  useEffect(() => {
    if (!everyMs) return;
    setNow(nowRealtimeUs());
    const timer = setInterval(() => setNow(nowRealtimeUs()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

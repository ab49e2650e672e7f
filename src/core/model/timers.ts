// Timers and sockets as `systemctl list-timers --all` and `list-sockets --all` show them (pure).
// NEXT is computed as systemctl does: a monotonic trigger is converted to wall-clock time with the
// host's clocks read now, and the earlier of that and the calendar trigger wins. The monotonic
// value alone is wrong after a suspend (it does not count the time asleep), and a calendar timer
// has none.

/** systemd's "no time": 0 and USEC_INFINITY are both unset (timestamp_is_set). */
export const USEC_INFINITY = 2n ** 64n - 1n;
export const timestampIsSet = (t: bigint | undefined): t is bigint => t !== undefined && t > 0n && t !== USEC_INFINITY;

/** Both clocks of a host, read at one moment (µs). */
export interface DualClock {
  realtimeUs: bigint;
  monotonicUs: bigint;
}

export interface TimerFacts {
  unit: string;
  /** NextElapseUSecMonotonic, NextElapseUSecRealtime and LastTriggerUSec (Timer interface). */
  nextMonotonicUs?: bigint;
  nextRealtimeUs?: bigint;
  lastTriggerUs?: bigint;
  /** What it starts (Unit.Triggers). */
  triggers: string[];
}

/** When the timer elapses next, in wall-clock µs; USEC_INFINITY when it will not. */
export function nextElapse(now: DualClock, f: Pick<TimerFacts, 'nextMonotonicUs' | 'nextRealtimeUs'>): bigint {
  const realtime = timestampIsSet(f.nextRealtimeUs) ? f.nextRealtimeUs : USEC_INFINITY;
  if (!timestampIsSet(f.nextMonotonicUs)) return realtime;
  const m = f.nextMonotonicUs;
  const converted = m > now.monotonicUs ? now.realtimeUs + (m - now.monotonicUs) : now.realtimeUs - (now.monotonicUs - m);
  return converted < realtime ? converted : realtime;
}

export interface TimerRow {
  unit: string;
  /** Wall-clock µs; USEC_INFINITY (or 0) when unset. */
  nextUs: bigint;
  lastUs: bigint;
  activates: string[];
}

/** The timers in systemctl's order: the next to elapse first, then by name. */
export function timerRows(facts: readonly TimerFacts[], now: DualClock): TimerRow[] {
  return facts
    .map((f) => ({ unit: f.unit, nextUs: nextElapse(now, f), lastUs: timestampIsSet(f.lastTriggerUs) ? f.lastTriggerUs : 0n, activates: f.triggers }))
    .sort((a, b) => (a.nextUs < b.nextUs ? -1 : a.nextUs > b.nextUs ? 1 : a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

export interface SocketFacts {
  unit: string;
  /** Socket.Listen: (type, address) pairs, e.g. ("Stream", "/run/foo.sock"). */
  listen: [type: string, address: string][];
  triggers: string[];
}

export interface SocketRow {
  listen: string;
  type: string;
  unit: string;
  activates: string[];
}

/** One row per listening address, in systemctl's order: by address, then type. */
export function socketRows(facts: readonly SocketFacts[]): SocketRow[] {
  // strcmp, as systemctl sorts (code units order as bytes do for the paths sockets have)
  const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return facts
    .flatMap((f) => f.listen.map(([type, address]) => ({ listen: address, type, unit: f.unit, activates: f.triggers })))
    .sort((a, b) => byte(a.listen, b.listen) || byte(a.type, b.type));
}

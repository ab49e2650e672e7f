// The facts behind the timers and sockets views and `svctui timers|sockets`: the properties
// systemctl list-timers and list-sockets read, for every loaded timer or socket, all asked at once.
import type { Systemd } from './manager.js';
import type { SocketFacts, TimerFacts } from '../core/model/timers.js';

const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';
const TIMER_IFACE = 'org.freedesktop.systemd1.Timer';
const SOCKET_IFACE = 'org.freedesktop.systemd1.Socket';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const big = (v: unknown): bigint | undefined => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : undefined);

/** Each timer's next elapse (both clocks), last trigger and what it starts; a unit gone meanwhile is left out. */
export async function readTimers(systemd: Systemd, units: readonly string[]): Promise<TimerFacts[]> {
  const read = async (unit: string): Promise<TimerFacts | undefined> => {
    try {
      const [mono, real, last, triggers] = await Promise.all([
        systemd.unitProperty(unit, TIMER_IFACE, 'NextElapseUSecMonotonic'),
        systemd.unitProperty(unit, TIMER_IFACE, 'NextElapseUSecRealtime'),
        systemd.unitProperty(unit, TIMER_IFACE, 'LastTriggerUSec'),
        systemd.unitProperty(unit, UNIT_IFACE, 'Triggers'),
      ]);
      return { unit, nextMonotonicUs: big(mono), nextRealtimeUs: big(real), lastTriggerUs: big(last), triggers: strings(triggers) };
    } catch {
      return undefined;
    }
  };
  return (await Promise.all(units.filter((u) => u.endsWith('.timer')).map(read))).filter((f): f is TimerFacts => f !== undefined);
}

/** Each socket's listening addresses and what it starts. */
export async function readSockets(systemd: Systemd, units: readonly string[]): Promise<SocketFacts[]> {
  const read = async (unit: string): Promise<SocketFacts | undefined> => {
    try {
      const [listen, triggers] = await Promise.all([systemd.unitProperty(unit, SOCKET_IFACE, 'Listen'), systemd.unitProperty(unit, UNIT_IFACE, 'Triggers')]);
      const pairs = Array.isArray(listen) ? listen.map((p) => (Array.isArray(p) ? ([String(p[0]), String(p[1])] as [string, string]) : undefined)).filter((p) => p !== undefined) : [];
      return { unit, listen: pairs, triggers: strings(triggers) };
    } catch {
      return undefined;
    }
  };
  return (await Promise.all(units.filter((u) => u.endsWith('.socket')).map(read))).filter((f): f is SocketFacts => f !== undefined);
}

// Fetches the few runtime properties a unit row needs, for many units at once. Individual Gets
// (pipelined on one connection) instead of GetAll: a row needs 4 values, not 400.
import type { UnitRuntimeFacts } from '../core/model/unitRow.js';
import type { Systemd } from './manager.js';
import { unitType } from '../core/names.js';
import { invocationHex } from '../core/decode.js';

const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';
/** Unit types whose interface has a Result property. */
const RESULT_TYPES = new Set(['service', 'socket', 'mount', 'swap', 'timer', 'path', 'automount', 'scope']);

export function typeInterface(unit: string): string {
  const t = unitType(unit);
  return `org.freedesktop.systemd1.${t.charAt(0).toUpperCase()}${t.slice(1)}`;
}

async function getOrUndefined<T>(p: Promise<unknown>): Promise<T | undefined> {
  try {
    return (await p) as T;
  } catch {
    return undefined;
  }
}

export type RuntimeFacts = UnitRuntimeFacts;

/**
 * A unit that is up and whose current run has not ended (active, not "exited", or reloading): its
 * row says "-" for LAST EXIT and STOP REASON whatever else is read, so only SINCE is needed.
 */
export function steadyActive(u: { activeState: string; subState: string }): boolean {
  return (u.activeState === 'active' && u.subState !== 'exited') || u.activeState === 'reloading';
}

/** Only when the unit's state changed (SINCE), for a steady active unit's row: one call, not ten. */
export async function fetchSince(systemd: Systemd, unit: string): Promise<RuntimeFacts> {
  return { StateChangeTimestamp: await getOrUndefined<bigint>(systemd.unitProperty(unit, UNIT_IFACE, 'StateChangeTimestamp')) };
}

export async function fetchRuntimeFacts(systemd: Systemd, unit: string): Promise<RuntimeFacts> {
  const type = unitType(unit);
  const iface = typeInterface(unit);
  const service = type === 'service';
  const get = <T>(i: string, name: string) => getOrUndefined<T>(systemd.unitProperty(unit, i, name));
  const [since, invocation, result, code, status, startTs, exitTs, restart, prevent, force, needReload] = await Promise.all([
    get<bigint>(UNIT_IFACE, 'StateChangeTimestamp'),
    get<unknown>(UNIT_IFACE, 'InvocationID'),
    RESULT_TYPES.has(type) ? get<string>(iface, 'Result') : undefined,
    service ? get<number>(iface, 'ExecMainCode') : undefined,
    service ? get<number>(iface, 'ExecMainStatus') : undefined,
    service ? get<bigint>(iface, 'ExecMainStartTimestamp') : undefined,
    service ? get<bigint>(iface, 'ExecMainExitTimestamp') : undefined,
    // Const (they change with a daemon-reload only): what systemd would do after a failure.
    service ? get<string>(iface, 'Restart') : undefined,
    service ? get<unknown>(iface, 'RestartPreventExitStatus') : undefined,
    service ? get<unknown>(iface, 'RestartForceExitStatus') : undefined,
    get<boolean>(UNIT_IFACE, 'NeedDaemonReload'),
  ]);
  return {
    StateChangeTimestamp: since,
    InvocationID: invocationHex(invocation),
    Result: result,
    ExecMainCode: code,
    ExecMainStatus: status,
    ExecMainStartTimestamp: startTs,
    ExecMainExitTimestamp: exitTs,
    Restart: restart,
    RestartPreventExitStatus: prevent,
    RestartForceExitStatus: force,
    NeedDaemonReload: needReload === true,
  };
}

/** Runs fn over items with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// Fetches the few runtime properties a unit row needs, for many units at once. Individual Gets
// (pipelined on one connection) instead of GetAll: a row needs 4 values, not 400.
import type { UnitRuntimeFacts } from '../model/unitRow.js';
import type { Systemd } from './manager.js';
import { unitType } from './names.js';
import { invocationHex } from './decode.js';

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

export type RuntimeFacts = UnitRuntimeFacts & { ExecMainStartTimestamp?: bigint; ExecMainExitTimestamp?: bigint };

export async function fetchRuntimeFacts(systemd: Systemd, unit: string): Promise<RuntimeFacts> {
  const type = unitType(unit);
  const iface = typeInterface(unit);
  const service = type === 'service';
  const [since, invocation, result, code, status, startTs, exitTs] = await Promise.all([
    getOrUndefined<bigint>(systemd.unitProperty(unit, UNIT_IFACE, 'StateChangeTimestamp')),
    getOrUndefined<unknown>(systemd.unitProperty(unit, UNIT_IFACE, 'InvocationID')),
    RESULT_TYPES.has(type) ? getOrUndefined<string>(systemd.unitProperty(unit, iface, 'Result')) : undefined,
    service ? getOrUndefined<number>(systemd.unitProperty(unit, iface, 'ExecMainCode')) : undefined,
    service ? getOrUndefined<number>(systemd.unitProperty(unit, iface, 'ExecMainStatus')) : undefined,
    service ? getOrUndefined<bigint>(systemd.unitProperty(unit, iface, 'ExecMainStartTimestamp')) : undefined,
    service ? getOrUndefined<bigint>(systemd.unitProperty(unit, iface, 'ExecMainExitTimestamp')) : undefined,
  ]);
  return {
    StateChangeTimestamp: since,
    InvocationID: invocationHex(invocation),
    Result: result,
    ExecMainCode: code,
    ExecMainStatus: status,
    ExecMainStartTimestamp: startTs,
    ExecMainExitTimestamp: exitTs,
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

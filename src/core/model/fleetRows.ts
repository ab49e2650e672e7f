// The fleet's one list (pure): every host's rows merged in the filter's order, a HOST cell on each,
// and the same unit in the same situation on several hosts folded into one row, as clush folds
// identical output ("nginx.service  failed  1/FAILURE  exit-code  web[1-3,7]"). A fold splits by
// itself when one of its hosts changes (its situation is no longer the others'), and the user can
// expand a unit's fold into a row per host.
import { foldHosts } from '../hostRange.js';
import type { UnitRow } from './unitRow.js';
import type { SortOrder } from './units.js';

/** One host's rows, as its own list orders and filters them. */
export interface HostRows {
  host: string;
  rows: readonly UnitRow[];
}

/** What a row is known by: the unit on a host, a fold of hosts, or (one host) the unit's name. */
export function rowKey(r: Pick<UnitRow, 'name' | 'host' | 'hosts'>): string {
  if (r.hosts && r.hosts.length > 1) return `${r.name}\t*${r.hosts.join(',')}`;
  return r.host === undefined ? r.name : `${r.name}\t${r.host}`;
}

/** A row's key in words: "nginx.service on web3", "nginx.service on web[1-3]". */
export function keyLabel(key: string): string {
  const tab = key.indexOf('\t');
  if (tab < 0) return key;
  const where = key.slice(tab + 1);
  return `${key.slice(0, tab)} on ${where.startsWith('*') ? foldHosts(where.slice(1).split(',')) : where}`;
}

/** The row in words, as questions and results name it. */
export const rowLabel = (r: Pick<UnitRow, 'name' | 'host' | 'hosts'>): string => keyLabel(rowKey(r));

/** What must be equal for two hosts' rows of a unit to fold: everything a row shows but SINCE. */
function situation(r: UnitRow): string {
  return [r.name, r.load, r.active, r.sub, r.job ?? '', r.lastExit, r.stopReason, r.result ?? '', r.unitFileState ?? '', r.description, r.needsReload ? '*' : ''].join('\n');
}

function groupRank(r: UnitRow): number {
  return r.active === 'failed' ? 0 : 1;
}

function exitRank(r: UnitRow): number {
  if (r.exitSource === 'none' || r.exitSource === 'loading') return 2;
  return r.result && r.result !== 'success' ? 0 : 1;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function comparator(sort: SortOrder, pinned: ReadonlySet<string>, hostOrder: ReadonlyMap<string, number>): (a: UnitRow, b: UnitRow) => number {
  const host = (a: UnitRow, b: UnitRow) => (hostOrder.get(a.host ?? '') ?? 0) - (hostOrder.get(b.host ?? '') ?? 0);
  const pin = (a: UnitRow, b: UnitRow) => Number(!pinned.has(a.name)) - Number(!pinned.has(b.name));
  const order: Record<SortOrder, (a: UnitRow, b: UnitRow) => number> = {
    'failed-first': (a, b) => groupRank(a) - groupRank(b) || byText(a.name, b.name),
    name: (a, b) => byText(a.name, b.name),
    since: (a, b) => (b.sinceUs > a.sinceUs ? 1 : b.sinceUs < a.sinceUs ? -1 : byText(a.name, b.name)),
    'last-exit': (a, b) => exitRank(a) - exitRank(b) || byText(a.lastExit, b.lastExit) || byText(a.name, b.name),
  };
  return (a, b) => pin(a, b) || order[sort](a, b) || host(a, b);
}

export interface FleetListOptions {
  sort?: SortOrder;
  /** Watched units (by name): first, on every host. */
  pinned?: readonly string[];
  /** Fold identical situations across hosts (default yes). */
  fold?: boolean;
  /** Units (by name) whose folds are expanded into a row per host. */
  unfolded?: readonly string[];
  /** The filter's text: also matches the host (web3 shows web3's units). */
  hostText?: string;
}

/** The fleet's rows: each host's, HOST set, merged in the filter's order and folded. */
export function fleetRows(perHost: readonly HostRows[], o: FleetListOptions = {}): UnitRow[] {
  const hostOrder = new Map(perHost.map((h, i) => [h.host, i]));
  const merged: UnitRow[] = [];
  for (const h of perHost) for (const r of h.rows) merged.push(r.host === h.host ? r : withHost(r, h.host));
  merged.sort(comparator(o.sort ?? 'failed-first', new Set(o.pinned ?? []), hostOrder));
  if (o.fold === false) return merged;
  const unfolded = new Set(o.unfolded ?? []);
  // Rows that fold are adjacent after the sort only by name; gather each situation's hosts where its first row is.
  const groups = new Map<string, UnitRow[]>();
  const out: (UnitRow | string)[] = [];
  for (const r of merged) {
    if (unfolded.has(r.name)) {
      out.push(r);
      continue;
    }
    const k = situation(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else {
      groups.set(k, [r]);
      out.push(k);
    }
  }
  return out.map((x) => (typeof x === 'string' ? foldOf(groups.get(x)!) : x));
}

/** Rows for one host get its name (the same row objects are kept per host version by the caller). */
const hostRowCache = new WeakMap<UnitRow, UnitRow>();
function withHost(r: UnitRow, host: string): UnitRow {
  const hit = hostRowCache.get(r);
  if (hit && hit.host === host) return hit;
  const row = { ...r, host, hostLabel: host };
  hostRowCache.set(r, row);
  return row;
}

function foldOf(rows: UnitRow[]): UnitRow {
  if (rows.length === 1) return rows[0]!;
  const hosts = rows.map((r) => r.host!);
  // SINCE: the newest of them (the fold is as recent as its last change).
  const newest = rows.reduce((m, r) => (r.sinceUs > m ? r.sinceUs : m), 0n);
  return { ...rows[0]!, hosts, hostLabel: foldHosts(hosts), sinceUs: newest };
}

/** Whether a row names this host (a fold names each of its hosts). */
export const rowOnHost = (r: UnitRow, host: string): boolean => (r.hosts ? r.hosts.includes(host) : r.host === host);

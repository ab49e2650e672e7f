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
  /**
   * Changes when which units the host lists, or their order, can have changed (its list's
   * membership count): unchanged on every host, the merged order is the last one.
   */
  membership?: number | string;
}

/** The last merged order, kept by the caller between frames: (host, row) pairs, and what it was for. */
export interface FleetOrder {
  key?: string;
  order?: Int32Array;
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

/** Per row object (rows are rebuilt only when their unit changes): its situation. */
const situations = new WeakMap<UnitRow, string>();

/** What must be equal for two hosts' rows of a unit to fold: everything a row shows but SINCE. */
function situation(r: UnitRow): string {
  let k = situations.get(r);
  if (k === undefined) {
    k = [r.name, r.load, r.active, r.sub, r.job ?? '', r.lastExit, r.stopReason, r.result ?? '', r.unitFileState ?? '', r.description, r.needsReload ? '*' : ''].join('\n');
    situations.set(r, k);
  }
  return k;
}

function groupRank(r: UnitRow): number {
  return r.active === 'failed' ? 0 : 1;
}

function exitRank(r: UnitRow): number {
  if (r.exitSource === 'none' || r.exitSource === 'loading') return 2;
  return r.result && r.result !== 'success' ? 0 : 1;
}

/**
 * The merged order: watched units first, then the filter's order, then the hosts' order. Each
 * row's keys are computed once (ten thousand rows are sorted every frame a fleet changes).
 */
function sortMerged(rows: UnitRow[], sort: SortOrder, pinned: ReadonlySet<string>, hostOrder: ReadonlyMap<string, number>): UnitRow[] {
  const keyed = rows.map((r) => ({
    r,
    pin: pinned.size && pinned.has(r.name) ? 0 : 1,
    rank: sort === 'failed-first' ? groupRank(r) : sort === 'last-exit' ? exitRank(r) : 0,
    host: hostOrder.get(r.host ?? '') ?? 0,
  }));
  keyed.sort((a, b) => {
    if (a.pin !== b.pin) return a.pin - b.pin;
    if (a.rank !== b.rank) return a.rank - b.rank;
    if (sort === 'since' && a.r.sinceUs !== b.r.sinceUs) return b.r.sinceUs > a.r.sinceUs ? 1 : -1;
    if (sort === 'last-exit' && a.r.lastExit !== b.r.lastExit) return a.r.lastExit < b.r.lastExit ? -1 : 1;
    if (a.r.name !== b.r.name) return a.r.name < b.r.name ? -1 : 1;
    return a.host - b.host;
  });
  return keyed.map((k) => k.r);
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
export function fleetRows(perHost: readonly HostRows[], o: FleetListOptions = {}, last: FleetOrder = {}): UnitRow[] {
  const sort = o.sort ?? 'failed-first';
  // The order follows changes themselves in SINCE and LAST EXIT; otherwise only membership moves it.
  const key = sort === 'since' || sort === 'last-exit' || perHost.some((h) => h.membership === undefined) ? undefined : `${sort}\n${(o.pinned ?? []).join(' ')}\n${perHost.map((h) => `${h.host}:${h.membership}:${h.rows.length}`).join(' ')}`;
  let sorted: UnitRow[];
  if (key !== undefined && last.key === key && last.order) {
    const order = last.order;
    sorted = new Array(order.length / 2);
    for (let i = 0; i < sorted.length; i++) {
      const h = perHost[order[2 * i]!]!;
      const r = h.rows[order[2 * i + 1]!]!;
      sorted[i] = r.host === h.host ? r : withHost(r, h.host);
    }
  } else {
    const hostOrder = new Map(perHost.map((h, i) => [h.host, i]));
    const merged: UnitRow[] = [];
    const place = new Map<UnitRow, number>();
    perHost.forEach((h, hi) =>
      h.rows.forEach((r, ri) => {
        const row = r.host === h.host ? r : withHost(r, h.host);
        merged.push(row);
        place.set(row, hi * 0x200000 + ri);
      }),
    );
    sorted = sortMerged(merged, sort, new Set(o.pinned ?? []), hostOrder);
    last.key = key;
    last.order = new Int32Array(sorted.length * 2);
    sorted.forEach((r, i) => {
      const at = place.get(r)!;
      last.order![2 * i] = Math.floor(at / 0x200000);
      last.order![2 * i + 1] = at % 0x200000;
    });
  }
  if (o.fold === false) return sorted;
  const unfolded = new Set(o.unfolded ?? []);
  // Rows that fold are adjacent after the sort only by name; gather each situation's hosts where its first row is.
  const groups = new Map<string, UnitRow[]>();
  const out: (UnitRow | string)[] = [];
  for (const r of sorted) {
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

/**
 * Folds by their situation, each with the rows it was made of: a fold whose members are the same
 * row objects is the same fold object (a list of fifty hosts re-renders only what changed, and
 * its host ranges are not folded again every frame).
 */
const folds = new Map<string, { members: UnitRow[]; row: UnitRow }>();
const MAX_FOLDS = 20_000;

function foldOf(rows: UnitRow[]): UnitRow {
  if (rows.length === 1) return rows[0]!;
  const key = situation(rows[0]!);
  const hit = folds.get(key);
  if (hit && hit.members.length === rows.length && hit.members.every((m, i) => m === rows[i])) return hit.row;
  const hosts = rows.map((r) => r.host!);
  // SINCE: the newest of them (the fold is as recent as its last change).
  const newest = rows.reduce((m, r) => (r.sinceUs > m ? r.sinceUs : m), 0n);
  const row = { ...rows[0]!, hosts, hostLabel: foldHosts(hosts), sinceUs: newest };
  if (folds.size >= MAX_FOLDS) folds.clear();
  folds.set(key, { members: rows, row });
  return row;
}

/** Whether a row names this host (a fold names each of its hosts). */
export const rowOnHost = (r: UnitRow, host: string): boolean => (r.hosts ? r.hosts.includes(host) : r.host === host);

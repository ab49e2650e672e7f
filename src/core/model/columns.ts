// Which columns of the unit list fit a terminal width, and how wide each is (pure).
import { formatAge } from '../format.js';
import { cellWidth, fitCells } from '../cells.js';
import { ACTION_VERBS, isMasked, type UnitAction } from './actions.js';
import { stateText } from './statusView.js';
import type { UnitRow } from './unitRow.js';

export type ColumnKey = 'host' | 'name' | 'state' | 'lastExit' | 'reason' | 'since' | 'description';

export interface Column {
  key: ColumnKey;
  title: string;
  width: number;
}

const TITLES: Record<ColumnKey, string> = {
  host: 'HOST',
  name: 'UNIT',
  state: 'STATE',
  lastExit: 'LAST EXIT',
  reason: 'STOP REASON',
  since: 'SINCE',
  description: 'DESCRIPTION',
};

/** Dropped first to last when the terminal is narrow; the unit name is never dropped. */
const DROP_ORDER: ColumnKey[] = ['description', 'since', 'lastExit', 'reason', 'state'];
const MIN_DESCRIPTION = 10;

const JOB_WORDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(ACTION_VERBS).map(([k, v]) => [k, v.progressive])),
  'verify-active': 'verifying',
  'try-restart': 'restarting',
  'reload-or-start': 'reloading',
};

/** Sub-states that say nothing the active state does not ("active (running)" → "active"). */
const PLAIN_SUBS = new Set(['running', 'dead', 'exited', 'failed', 'mounted', 'listening', 'waiting', 'plugged', 'active', 'elapsed']);

/**
 * The STATE cell: the running job when there is one ("stopping…"), else "active (running)". In a
 * compact column, a state that does not fit says the part that matters: the sub-state when it is
 * the news ("auto-restart", "stop-sigterm"), the active state otherwise.
 */
export function stateCell(row: UnitRow, short: boolean | number = false): string {
  if (row.job) return `${JOB_WORDS[row.job as UnitAction] ?? row.job}…`;
  // Masked and down: the mask is the news (systemctl list-units says LOAD=masked), loaded or not.
  if (isMasked(row) && (row.active === 'inactive' || row.active === 'failed')) return 'masked';
  if (row.load === 'not-loaded') return 'not loaded';
  const full = stateText(row.active, row.sub);
  const room = short === true ? COMPACT.state : short === false ? Infinity : short;
  if (cellWidth(full) <= room) return full;
  const news = row.sub && !PLAIN_SUBS.has(row.sub) && row.sub !== row.active ? row.sub : undefined;
  return news && cellWidth(news) <= room ? news : row.active;
}

/** A cell's text; the state said to fit `stateWidth` (see stateCell). */
export function cellText(row: UnitRow, key: ColumnKey, nowUs: bigint, stateWidth = Infinity): string {
  switch (key) {
    case 'host':
      return row.hostLabel ?? row.host ?? '';
    case 'name':
      return row.needsReload ? `${row.name}*` : row.name;
    case 'state':
      return stateCell(row, stateWidth);
    case 'lastExit':
      return row.lastExit;
    case 'reason':
      return row.stopReason;
    case 'since':
      return formatAge(row.sinceUs, nowUs);
    case 'description':
      return row.description;
  }
}

/**
 * Column widths come from the words a column can hold, not from the rows on screen: a unit going
 * into "activating (auto-restart)" must not push DESCRIPTION sideways every few seconds. Three
 * sets, by terminal width: roomy (every state and reason whole), compact (the common ones whole,
 * the rare long ones said shorter) and tiny.
 */
export const ROOMY = { state: 25, lastExit: 14, reason: 16 } as const;
export const COMPACT = { state: 16, lastExit: 14, reason: 11 } as const;
export const TINY = { state: 10, lastExit: 9, reason: 11 } as const;
const SINCE_WIDTH = 5; // "59min", "23h", "999d": the clock never moves the columns.
const MAX_NAME = 48;
/** Below this many cells for the name, other columns go first. */
const MIN_NAME = 16;

/** Name widths per row object (rows are rebuilt only when their unit changes). */
const nameWidths = new WeakMap<UnitRow, number>();

function nameWidth(r: UnitRow): number {
  let w = nameWidths.get(r);
  if (w === undefined) {
    w = cellWidth(r.name) + (r.needsReload ? 1 : 0);
    nameWidths.set(r, w);
  }
  return w;
}

/** The widest HOST cell taken whole; a longer fold ("web[1-3,7,9-12]…") is cut, its hosts are in the pane. */
const MAX_HOST = 24;

/**
 * The unit list's columns; with several hosts a HOST column first, as wide as the widest host
 * cell listed (up to MAX_HOST), and the rest laid out in what is left.
 */
const hostWidths = new WeakMap<UnitRow, number>();
function hostWidth(r: UnitRow): number {
  let w = hostWidths.get(r);
  if (w === undefined) hostWidths.set(r, (w = cellWidth(r.hostLabel ?? r.host ?? '')));
  return w;
}

export function layoutColumns(width: number, rows: UnitRow[]): Column[] {
  let widestHost = 0;
  for (const r of rows) if (r.host !== undefined) widestHost = Math.max(widestHost, hostWidth(r));
  if (!widestHost) return layoutUnitColumns(width, rows);
  const host = Math.min(Math.max(widestHost, TITLES.host.length), MAX_HOST, Math.max(4, Math.floor(width / 4)));
  return [{ key: 'host', title: TITLES.host, width: host }, ...layoutUnitColumns(width - host - 1, rows)];
}

function layoutUnitColumns(width: number, rows: UnitRow[]): Column[] {
  // The name column is as wide as the longest name listed (the filter's units, not the window).
  let widestName = TITLES.name.length;
  for (const r of rows) widestName = Math.max(widestName, nameWidth(r));
  const nameNatural = Math.min(widestName, MAX_NAME);
  const others = (w: { state: number; lastExit: number; reason: number }): Column[] => [
    { key: 'state', title: TITLES.state, width: w.state },
    { key: 'lastExit', title: TITLES.lastExit, width: w.lastExit },
    { key: 'reason', title: TITLES.reason, width: w.reason },
    { key: 'since', title: TITLES.since, width: SINCE_WIDTH },
  ];
  const used = (cols: Column[]) => cols.reduce((n, c) => n + c.width + 1, 0);
  // Roomy when the whole name and a description fit; compact when the whole name does (the unit
  // name keeps priority over the other columns' room); then tiny, and columns go in order.
  let kept = others(ROOMY);
  if (used(kept) + nameNatural + MIN_DESCRIPTION + 1 > width) kept = others(COMPACT);
  if (used(kept) + Math.min(nameNatural, 32) > width) kept = others(TINY);
  for (const key of DROP_ORDER.slice(1)) {
    if (used(kept) + Math.min(nameNatural, MIN_NAME) <= width) break;
    kept = kept.filter((c) => c.key !== key);
  }
  const name = Math.max(1, Math.min(nameNatural, width - used(kept)));
  const columns: Column[] = [{ key: 'name', title: TITLES.name, width: name }, ...kept];
  let left = width - used(columns);
  if (left >= MIN_DESCRIPTION + 1) columns.push({ key: 'description', title: TITLES.description, width: left - 1 });
  else {
    // Too little for a description: the room goes to the columns a narrow set cut short, the stop
    // reason first ("start-limit-hit" whole rather than ten blank cells at the end of the row).
    // (The last cell of the line stays blank: a terminal wraps a line written to its last column.)
    left -= 1;
    for (const key of ['reason', 'lastExit', 'state'] as const) {
      const c = columns.find((x) => x.key === key);
      if (!c) continue;
      const grow = Math.max(0, Math.min(left, ROOMY[key] - c.width));
      c.width += grow;
      left -= grow;
    }
  }
  return columns;
}

/** Pads or cuts text to a width in terminal cells, marking a cut with "…". */
export function fitCell(text: string, width: number): string {
  return fitCells(text, width);
}

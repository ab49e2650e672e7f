// Which columns of the unit list fit a terminal width, and how wide each is (pure).
import { formatAge } from '../format.js';
import { ACTION_VERBS, type UnitAction } from './actions.js';
import { stateText } from './statusView.js';
import type { UnitRow } from './unitRow.js';

export type ColumnKey = 'name' | 'state' | 'lastExit' | 'reason' | 'since' | 'description';

export interface Column {
  key: ColumnKey;
  title: string;
  width: number;
  /** STATE without the sub-state, on narrow terminals. */
  short?: boolean;
}

const TITLES: Record<ColumnKey, string> = {
  name: 'UNIT',
  state: 'STATE',
  lastExit: 'LAST EXIT',
  reason: 'STOP REASON',
  since: 'SINCE',
  description: 'DESCRIPTION',
};

/** Dropped first to last when the terminal is narrow; the unit name is never dropped. */
const DROP_ORDER: ColumnKey[] = ['description', 'since', 'lastExit', 'reason', 'state'];
const MIN_NAME = 12;
const MIN_DESCRIPTION = 10;

const JOB_WORDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(ACTION_VERBS).map(([k, v]) => [k, v.progressive])),
  'verify-active': 'verifying',
  'try-restart': 'restarting',
  'reload-or-start': 'reloading',
};

/**
 * The STATE cell: the running job when there is one ("stopping…"), else "active (running)", or
 * just "active" when the terminal is narrow.
 */
export function stateCell(row: UnitRow, short = false): string {
  if (row.job) return `${JOB_WORDS[row.job as UnitAction] ?? row.job}…`;
  if (row.load === 'not-loaded') return 'not loaded';
  return short ? row.active : stateText(row.active, row.sub);
}

export function cellText(row: UnitRow, key: ColumnKey, nowUs: bigint, shortState = false): string {
  switch (key) {
    case 'name':
      return row.name;
    case 'state':
      return stateCell(row, shortState);
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

/** Below this many columns for the name, STATE drops its sub-state before other columns go. */
const COMFORTABLE_NAME = 20;

type MeasuredKey = 'name' | 'state' | 'lastExit' | 'reason';

/** Cell widths per row object (rows are rebuilt only when their unit changes). */
const cellWidths = new WeakMap<UnitRow, Record<MeasuredKey | 'stateShort', number>>();

function widthsOf(r: UnitRow): Record<MeasuredKey | 'stateShort', number> {
  let w = cellWidths.get(r);
  if (!w) {
    w = { name: r.name.length, state: stateCell(r).length, stateShort: stateCell(r, true).length, lastExit: r.lastExit.length, reason: r.stopReason.length };
    cellWidths.set(r, w);
  }
  return w;
}

export function layoutColumns(width: number, rows: UnitRow[]): Column[] {
  // One pass over the rows for every column's widest cell.
  const widest = { name: TITLES.name.length, state: TITLES.state.length, stateShort: TITLES.state.length, lastExit: TITLES.lastExit.length, reason: TITLES.reason.length };
  for (const r of rows) {
    const w = widthsOf(r);
    if (w.name > widest.name) widest.name = w.name;
    if (w.state > widest.state) widest.state = w.state;
    if (w.stateShort > widest.stateShort) widest.stateShort = w.stateShort;
    if (w.lastExit > widest.lastExit) widest.lastExit = w.lastExit;
    if (w.reason > widest.reason) widest.reason = w.reason;
  }
  const natural = (key: MeasuredKey, cap: number, short = false) => Math.min(cap, widest[short ? 'stateShort' : key]);
  const nameNatural = natural('name', 48);
  const build = (short: boolean): Column[] =>
    (['state', 'lastExit', 'reason', 'since'] as const).map((key) => ({
      key,
      title: TITLES[key],
      // SINCE is at most "59min"/"23h"/"999d": a fixed width, so the clock never moves the columns.
      width: key === 'since' ? 5 : natural(key, key === 'state' ? 25 : 16, short && key === 'state'),
      ...(short && key === 'state' ? { short: true } : {}),
    }));
  const used = (cols: Column[]) => cols.reduce((n, c) => n + c.width + 1, 0);
  let kept = build(false);
  if (width - used(kept) < Math.min(nameNatural, COMFORTABLE_NAME)) kept = build(true);
  // Drop columns (never the name) until the name fits at its minimum.
  for (const key of DROP_ORDER.slice(1)) {
    if (used(kept) + Math.min(nameNatural, MIN_NAME) <= width) break;
    kept = kept.filter((c) => c.key !== key);
  }
  const nameWidth = Math.max(1, Math.min(nameNatural, width - used(kept)));
  const columns: Column[] = [{ key: 'name', title: TITLES.name, width: nameWidth }, ...kept];
  const left = width - used(columns);
  if (left >= MIN_DESCRIPTION + 1) columns.push({ key: 'description', title: TITLES.description, width: left - 1 });
  return columns;
}

/** Pads or cuts text to a width, marking a cut with "…". */
export function fitCell(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  if (width <= 1) return text.slice(0, width);
  return text.slice(0, width - 1) + '…';
}

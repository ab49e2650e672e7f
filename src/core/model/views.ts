// The TUI's timers and sockets views (pure): which rows, in which order, and the cells of each.
// Rows are the units' own rows, so that selection, the detail pane and actions work as in the
// unit list; the cells are the views' own columns (systemctl's, with the unit name first, and the
// activated unit's last exit and stop reason beside it).
import { formatRelative, formatTimestamp } from '../format.js';
import { cellWidth } from '../cells.js';
import { cell, type Cell } from '../table.js';
import { stateCell } from './columns.js';
import { activeTone, stopReasonTone } from './tones.js';
import { socketRows, timerRows, timestampIsSet, type DualClock, type SocketFacts, type TimerFacts } from './timers.js';
import type { UnitRow } from './unitRow.js';
import { makeUnitRow } from './unitRow.js';
import { unitFileOrder } from '../names.js';
import { rowOf, rowsOfType, type RowFilter, type UnitFileListed, type UnitsState } from './units.js';
import { presetFor, presetShown, presetWord, type PresetRule } from '../presets.js';
import type { Tone } from './styled.js';

export type { View } from './viewRegistry.js';

/** What the views read beyond the unit list (see app/timers.ts), and the host's clocks then. */
export interface ViewFacts {
  timers: TimerFacts[];
  sockets: SocketFacts[];
  /** The unit files view: the host's preset rules (undefined while they are read). */
  presets?: PresetRule[];
  clock: DualClock;
}

export interface ViewTable {
  headers: string[];
  rows: UnitRow[];
  cells: Cell[][];
  /** For each row, the units it activates ("run now" starts the first). */
  activates: string[][];
}

const LOADING = '…';

/** A unit systemd does not hold as loaded (masked, not found, unloaded): nothing to read, so none. */
const nothingToRead = (r: UnitRow) => r.load === 'masked' || r.load === 'not-found' || r.load === 'not-loaded';

/** Rows in the order of their place in the facts; rows not read yet after them, keeping their name order. */
function byPlace(place: (name: string) => number | undefined): (a: UnitRow, b: UnitRow) => number {
  return (a, b) => {
    const x = place(a.name) ?? Number.MAX_SAFE_INTEGER;
    const y = place(b.name) ?? Number.MAX_SAFE_INTEGER;
    return x - y;
  };
}

function activatedCells(state: UnitsState, names: readonly string[]): Cell[] {
  const first = names[0] ? rowOf(state, names[0]) : undefined;
  if (!first) return [cell(names.length ? '?' : '-', 'muted'), cell(names.length ? '?' : '-', 'muted')];
  return [cell(first.lastExit, stopReasonTone(first.stopReason)), cell(first.stopReason, stopReasonTone(first.stopReason))];
}

/** A timestamp in fewer cells for a narrow screen: the time alone today, else month-day and time. */
function compactStamp(us: bigint, nowUs: bigint): string {
  const full = formatTimestamp(us); // "Thu 2026-12-03 14:47:59 UTC"
  const [, date = '', time = ''] = full.split(' ');
  return date === formatTimestamp(nowUs).split(' ')[1] ? time : `${date.slice(5)} ${time}`;
}

/** How much the timers table gives up to fit: nothing, then shorter times, then LAST, then NEXT (LEFT and PASSED stay). */
const TIMER_LEVELS = [
  { compact: false, last: true, next: true },
  { compact: true, last: true, next: true },
  { compact: true, last: false, next: true },
  { compact: true, last: false, next: false },
] as const;

/**
 * Whether a table's widest line fits the list: a marker column, one space between columns, within
 * width - 1 as the list draws it. A view tries its levels until one fits.
 */
function tableFits(t: { headers: string[]; cells: Cell[][] }, width: number): boolean {
  return 1 + t.headers.reduce((sum, h, i) => sum + Math.max(cellWidth(h), ...t.cells.map((c) => cellWidth(c[i]?.text ?? ''))) + (i ? 1 : 0), 0) <= width - 1;
}

/** The widest level of columns that fits (cells are built for the first, the widest); the narrowest else. */
function fitColumns(levels: readonly (readonly string[])[], cells: Cell[][], width: number): { headers: string[]; cells: Cell[][] } {
  const full = levels[0]!;
  let table = { headers: [...full], cells };
  for (const level of levels.slice(1)) {
    if (tableFits(table, width)) break;
    const keep = level.map((h) => full.indexOf(h));
    table = { headers: [...level], cells: cells.map((c) => keep.map((i) => c[i]!)) };
  }
  return table;
}

export function timersTable(state: UnitsState, filter: RowFilter, facts: ViewFacts | undefined, nowUs: bigint, width = Infinity): ViewTable {
  const rows = rowsOfType(state, 'timer', filter);
  const known = new Map((facts ? timerRows(facts.timers, facts.clock) : []).map((t, i) => [t.unit, { t, i }]));
  // The next to elapse first (as systemctl lists them); timers not read yet after them, by name.
  const ordered = [...rows].sort(byPlace((n) => known.get(n)?.i));
  const rel = (us: bigint) => (timestampIsSet(us) ? formatRelative(us, nowUs) : '-');
  const build = (level: (typeof TIMER_LEVELS)[number]) => {
    const stamp = (us: bigint) => (!timestampIsSet(us) ? '-' : level.compact ? compactStamp(us, nowUs) : formatTimestamp(us));
    const headers = ['UNIT', ...(level.next ? ['NEXT'] : []), 'LEFT', ...(level.last ? ['LAST'] : []), 'PASSED', 'ACTIVATES', 'LAST EXIT', 'STOP REASON'];
    const cells = ordered.map((r) => {
      const t = known.get(r.name)?.t;
      const unit = cell(r.name, activeTone(r.active));
      if (!t) return [unit, cell(nothingToRead(r) ? '-' : LOADING, 'muted'), ...headers.slice(2).map(() => cell(''))];
      return [
        unit,
        ...(level.next ? [cell(stamp(t.nextUs))] : []),
        cell(rel(t.nextUs), 'muted'),
        ...(level.last ? [cell(stamp(t.lastUs))] : []),
        cell(rel(t.lastUs), 'muted'),
        cell(t.activates.join(', ') || '-'),
        ...activatedCells(state, t.activates),
      ];
    });
    return { headers, cells };
  };
  const fits = (t: { headers: string[]; cells: Cell[][] }) => tableFits(t, width);
  let table = build(TIMER_LEVELS[0]);
  for (const level of TIMER_LEVELS.slice(1)) {
    if (fits(table)) break;
    table = build(level);
  }
  return { headers: table.headers, rows: ordered, cells: table.cells, activates: ordered.map((r) => known.get(r.name)?.t.activates ?? []) };
}

/** The sockets view's columns, widest first; narrower levels give up the activated unit's columns before LISTEN. */
const SOCKET_LEVELS = [
  ['UNIT', 'STATE', 'ACTIVATES', 'ITS STATE', 'STOP REASON', 'LISTEN'],
  ['UNIT', 'STATE', 'ACTIVATES', 'ITS STATE', 'LISTEN'],
  ['UNIT', 'STATE', 'ACTIVATES', 'LISTEN'],
  ['UNIT', 'STATE', 'LISTEN'],
] as const;

export function socketsTable(state: UnitsState, filter: RowFilter, facts: ViewFacts | undefined, width = Infinity): ViewTable {
  const rows = rowsOfType(state, 'socket', filter);
  const byUnit = new Map<string, { listen: string[]; activates: string[]; i: number }>();
  (facts ? socketRows(facts.sockets) : []).forEach((s, i) => {
    const e = byUnit.get(s.unit) ?? { listen: [], activates: s.activates, i };
    e.listen.push(s.listen);
    byUnit.set(s.unit, e);
  });
  // In systemctl's order of their first listening address; one row per socket unit.
  const ordered = [...rows].sort(byPlace((n) => byUnit.get(n)?.i));
  const cells = ordered.map((r) => {
    const s = byUnit.get(r.name);
    // A socket's sub-state is its news (listening, running, failed); the paths go last, the widest.
    const own = cell(r.job ? stateCell(r) : r.sub || r.active, activeTone(r.active));
    if (!s) return [cell(r.name, activeTone(r.active)), own, cell(nothingToRead(r) ? '-' : LOADING, 'muted'), cell(''), cell(''), cell('')];
    const activated = s.activates[0] ? rowOf(state, s.activates[0]) : undefined;
    const listen = s.listen.length > 1 ? `${s.listen[0]} (+${s.listen.length - 1})` : (s.listen[0] ?? '-');
    return [cell(r.name, activeTone(r.active)), own, cell(s.activates.join(' ') || '-'), activated ? cell(stateCell(activated), activeTone(activated.active)) : cell('-', 'muted'), ...activatedCells(state, s.activates).slice(1), cell(listen)];
  });
  const table = fitColumns(SOCKET_LEVELS, cells, width);
  return { headers: table.headers, rows: ordered, cells: table.cells, activates: ordered.map((r) => byUnit.get(r.name)?.activates ?? []) };
}

/** The unit files view's columns, widest first; narrower levels give up the unit's own columns. */
const FILE_LEVELS = [
  ['UNIT FILE', 'STATE', 'PRESET', 'ACTIVE', 'LAST EXIT', 'STOP REASON'],
  ['UNIT FILE', 'STATE', 'PRESET', 'ACTIVE', 'LAST EXIT'],
  ['UNIT FILE', 'STATE', 'PRESET', 'ACTIVE'],
  ['UNIT FILE', 'STATE', 'PRESET'],
] as const;

/** Enablement words in the tones systemctl list-unit-files draws them. */
function enablementTone(state: string): Tone | undefined {
  if (['masked', 'masked-runtime', 'disabled', 'bad'].includes(state)) return 'danger';
  if (state === 'enabled' || state === 'enabled-runtime' || state === 'alias') return 'success';
  return undefined;
}

/**
 * The unit files view (systemctl list-unit-files): every unit file with its enablement and preset,
 * and the unit's own state beside it. Rows are the units' rows (a template, which is no unit, gets
 * a row of its own: not loaded), so enable, disable and the detail pane work as in the unit list.
 */
export function filesTable(state: UnitsState, filter: RowFilter, files: readonly UnitFileListed[], presets: readonly PresetRule[] | undefined, width = Infinity): ViewTable {
  const needle = filter.text.toLowerCase();
  const shown = files
    // Every type, as list-unit-files (the list's type filter is the unit list's; /.timer narrows here).
    .filter((f) => !needle || f.name.toLowerCase().includes(needle))
    .sort(unitFileOrder);
  const rows = shown.map(
    (f) => rowOf(state, f.name) ?? makeUnitRow({ name: f.name, description: '', loadState: 'not-loaded', activeState: 'inactive', subState: 'dead', unitFileState: f.state }, {}, undefined, { noRunsMeansNone: true }),
  );
  const cells = shown.map((f, i) => {
    const r = rows[i]!;
    const loaded = r.load !== 'not-loaded' && r.load !== 'not-found';
    const preset = !presetShown(f.state) ? cell('-', 'muted') : presets ? cell(presetWord(presetFor(presets, f.name))) : cell(LOADING, 'muted');
    return [
      cell(f.name, loaded ? activeTone(r.active) : 'muted'),
      cell(f.state, enablementTone(f.state)),
      preset,
      loaded ? cell(stateCell(r), activeTone(r.active)) : cell('-', 'muted'),
      cell(loaded || r.exitSource === 'history' ? r.lastExit : '-', stopReasonTone(r.stopReason)),
      cell(loaded || r.exitSource === 'history' ? r.stopReason : '-', stopReasonTone(r.stopReason)),
    ];
  });
  const table = fitColumns(FILE_LEVELS, cells, width);
  return { headers: table.headers, rows, cells: table.cells, activates: rows.map(() => []) };
}

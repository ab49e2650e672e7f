// The unit list: a column header and the visible window of rows around the selection.
import { Box } from 'ink';
import { memo } from 'react';
import { cellText, fitCell, type Column } from '../core/model/columns.js';
import { ageRedrawAt, formatAge } from '../core/format.js';
import { activeTone, stopReasonTone } from '../core/model/tones.js';
import { seg, type StyledLine, type Tone } from '../core/model/styled.js';
import type { UnitRow } from '../core/model/unitRow.js';
import { rowKey } from '../core/model/fleetRows.js';
import { StyledText } from './StyledText.js';
import { useTheme } from './ThemeContext.js';
import { useTimedText } from './useNow.js';

export interface UnitListProps {
  rows: UnitRow[];
  columns: Column[];
  selected: number;
  height: number;
  focused: boolean;
  /** For tests: a fixed clock. */
  nowUs?: bigint;
  /** The connection is lost: the rows are as they were. */
  stale?: boolean;
  /** The watch list: marked at the start of their rows. */
  watched?: readonly string[];
  /** With several hosts: hosts that are not live now (their rows are as they were: dimmed). */
  staleHosts?: ReadonlySet<string>;
  /** Marked rows' keys (space): the action keys act on them all. */
  marked?: ReadonlySet<string>;
}

/** A row is marked when its key is (a fold: when it is on each of its hosts). */
function isMarked(row: UnitRow, marked: ReadonlySet<string>): boolean {
  return row.hosts && row.hosts.length > 1 ? row.hosts.every((h) => marked.has(rowKey({ name: row.name, host: h }))) : marked.has(rowKey(row));
}

/** First row of the window so that the selection stays visible. */
export function windowStart(selected: number, total: number, height: number): number {
  if (total <= height || selected < 0) return 0;
  const half = Math.floor(height / 2);
  return Math.min(Math.max(0, selected - half), total - height);
}

function toneFor(row: UnitRow, key: Column['key']): Tone | undefined {
  if (key === 'state') return row.job ? 'warning' : activeTone(row.active);
  if (key === 'lastExit' || key === 'reason') return stopReasonTone(row.stopReason);
  if (key === 'since' || key === 'description') return 'muted';
  return undefined;
}

// A row re-renders only when its unit, the columns, the selection or its age text change: the
// clock ticking re-renders just the rows whose age reads differently.
const Row = memo(function Row({ row, columns, selected, age, stale, watched, marked }: { row: UnitRow; columns: Column[]; selected: boolean; age: string; stale: boolean; watched: boolean; marked: boolean }) {
  const { color, unicode } = useTheme();
  const marker = selected && !color ? '>' : marked ? (unicode ? '✓' : '*') : watched ? (unicode ? '◆' : '+') : ' ';
  const line: StyledLine = [seg(marker)];
  columns.forEach((c, i) => {
    const text = c.key === 'since' ? age : cellText(row, c.key, 0n, c.width);
    // Rows of a manager that went away are what was true then: dimmed, no colours of a live state.
    line.push(seg(fitCell(text, c.width) + (i < columns.length - 1 ? ' ' : ''), selected ? undefined : stale ? 'muted' : toneFor(row, c.key)));
  });
  return <StyledText line={line} inverse={selected && color} />;
});

export function UnitList({ rows, columns, selected, height, focused, nowUs: fixedNow, stale = false, watched, staleHosts, marked }: UnitListProps) {
  const bodyHeight = Math.max(0, height - 1);
  const start = windowStart(selected, rows.length, bodyHeight);
  const visible = rows.slice(start, start + bodyHeight);
  // The visible rows' ages: the list is drawn again when one of them changes (see useNow), and
  // only the rows whose age changed are rendered again.
  const ages = useTimedText((nowUs) => {
    const at = fixedNow ?? nowUs;
    let nextUs: bigint | undefined;
    for (const r of visible) {
      const next = fixedNow === undefined ? ageRedrawAt(r.sinceUs, at) : undefined;
      if (next !== undefined && (nextUs === undefined || next < nextUs)) nextUs = next;
    }
    return { text: visible.map((r) => formatAge(r.sinceUs, at)).join('\n'), nextUs };
  }).split('\n');
  const header: StyledLine = [seg(' '), seg(columns.map((c) => fitCell(c.title, c.width)).join(' '), focused ? 'emphasis' : 'muted')];
  return (
    <Box flexDirection="column" height={height}>
      <StyledText line={header} />
      {visible.length === 0 ? (
        <StyledText line={[seg(' No units match. Press / to change the filter, t for another type, a for unloaded units.', 'muted')]} />
      ) : (
        visible.map((row, i) => <Row key={rowKey(row)} row={row} columns={columns} selected={start + i === selected} age={ages[i] ?? ''} stale={stale || (row.host !== undefined && (staleHosts?.has(row.host) ?? false))} watched={watched?.includes(row.name) ?? false} marked={marked ? isMarked(row, marked) : false} />)
      )}
    </Box>
  );
}

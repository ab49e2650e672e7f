// The timers and sockets views: a table of the view's own columns (core/model/views.ts), with the
// same selection, window and colours as the unit list.
import { Box } from 'ink';
import { tableLines, type Cell } from '../core/table.js';
import { seg, type StyledLine } from '../core/model/styled.js';
import { StyledText } from './StyledText.js';
import { useTheme } from './ThemeContext.js';
import { windowStart } from './UnitList.js';

export interface ViewListProps {
  headers: string[];
  cells: Cell[][];
  selected: number;
  height: number;
  width: number;
  focused: boolean;
  empty: string;
}

export function ViewList({ headers, cells, selected, height, width, focused, empty }: ViewListProps) {
  const { color } = useTheme();
  const bodyHeight = Math.max(0, height - 1);
  const start = windowStart(selected, cells.length, bodyHeight);
  // Widths from every row (a few dozen timers), so that scrolling moves no column.
  const [head, ...lines] = tableLines(headers, cells, { indent: ' ', marks: cells.map((_, i) => (i === selected && !color ? '>' : ' ')), maxWidth: width - 1, headerTone: focused ? 'emphasis' : 'muted' });
  const visible = lines.slice(start, start + bodyHeight);
  return (
    <Box flexDirection="column" height={height}>
      <StyledText line={head ?? []} />
      {visible.length === 0 ? (
        <StyledText line={[seg(` ${empty}`, 'muted')]} />
      ) : (
        visible.map((line: StyledLine, i) => <StyledText key={i} line={start + i === selected && color ? line.map((s) => ({ text: s.text })) : line} inverse={start + i === selected && color} />)
      )}
    </Box>
  );
}

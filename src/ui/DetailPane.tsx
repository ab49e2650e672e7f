// The selected unit's status: the very view `svctui status` prints, scrollable.
import { Box } from 'ink';
import { buildStatusView } from '../model/statusView.js';
import { seg, type StyledLine } from '../model/styled.js';
import type { UnitStatusState } from './useUnitStatus.js';
import { StyledText } from './StyledText.js';

export function statusLines(s: UnitStatusState, unicode: boolean): StyledLine[] {
  if (!s.unit) return [[seg('No unit selected.', 'muted')]];
  if (s.error) return [[seg(`Cannot read ${s.unit}: ${s.error}`, 'danger')]];
  if (!s.status) return [[seg(`Reading ${s.unit}…`, 'muted')]];
  const lines = buildStatusView({ ...s.status, unicode });
  if (s.status.journalProblem) lines.push([seg('')], [seg(`Journal: ${s.status.journalProblem}`, 'warning')]);
  return lines;
}

export function DetailPane({ lines, height, scroll }: { lines: StyledLine[]; height: number; scroll: number }) {
  const visible = lines.slice(scroll, scroll + height);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {visible.map((l, i) => (
        <StyledText key={scroll + i} line={l} />
      ))}
    </Box>
  );
}

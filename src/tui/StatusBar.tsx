// One line for the outcome of the last action, the confirmation question, or the filter input.
import { Box } from 'ink';
import { seg, type StyledLine } from '../core/model/styled.js';
import type { UiState } from '../core/model/ui.js';
import { confirmPrompt } from '../core/model/ui.js';
import { StyledText } from './StyledText.js';
import { fieldParts } from '../core/model/textField.js';
import { wrapWords } from '../core/wrap.js';

export function statusBarLine(ui: UiState, busy: string | undefined): StyledLine {
  if (ui.mode === 'filter') {
    const { before, at, after } = fieldParts({ value: ui.filter.text, cursor: ui.filterCursor });
    return [seg('/', 'accent'), seg(before), seg('▏', 'accent'), seg(at === ' ' && !after ? '' : at), seg(after), seg('  (Enter keeps, Esc clears)', 'muted')];
  }
  if (ui.mode === 'search') {
    const { before, at, after } = fieldParts({ value: ui.search.text, cursor: ui.search.cursor });
    return [seg('search: ', 'accent'), seg(before), seg('▏', 'accent'), seg(at === ' ' && !after ? '' : at), seg(after), seg(`  (Enter finds${ui.search.last ? `, empty: "${ui.search.last}"` : ''}; Esc cancels)`, 'muted')];
  }
  const prompt = confirmPrompt(ui);
  if (ui.mode === 'confirm' && prompt) return [seg(prompt, 'warning')];
  if (busy) return [seg(busy, 'warning')];
  if (ui.status) return [seg(ui.status.text, ui.status.tone === 'error' ? 'danger' : ui.status.tone === 'ok' ? 'success' : undefined)];
  return [seg('')];
}

/** At most this many rows: a long message (a refusal, an error) wraps instead of being cut. */
export const STATUS_MAX_ROWS = 3;

/** The status line wrapped at spaces to the screen's width (the text fields stay one line). */
export function statusBarRows(ui: UiState, busy: string | undefined, width: number): StyledLine[] {
  const line = statusBarLine(ui, busy);
  if (ui.mode === 'filter' || ui.mode === 'search' || width < 10) return [line];
  const rows = wrapWords(line, width);
  if (rows.length <= STATUS_MAX_ROWS) return rows;
  const kept = rows.slice(0, STATUS_MAX_ROWS);
  kept[STATUS_MAX_ROWS - 1] = [...kept[STATUS_MAX_ROWS - 1]!, seg('…', 'muted')];
  return kept;
}

export function StatusBar({ rows }: { rows: StyledLine[] }) {
  return (
    <Box height={rows.length} flexDirection="column">
      {rows.map((line, i) => (
        <StyledText key={i} line={line} />
      ))}
    </Box>
  );
}

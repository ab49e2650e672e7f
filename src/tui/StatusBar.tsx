// One line for the outcome of the last action, the confirmation question, or the filter input.
import { Box } from 'ink';
import { seg, type StyledLine } from '../core/model/styled.js';
import type { UiState } from '../core/model/ui.js';
import { confirmPrompt } from '../core/model/ui.js';
import { StyledText } from './StyledText.js';
import { fieldParts } from '../core/model/textField.js';

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

export function StatusBar({ ui, busy }: { ui: UiState; busy?: string }) {
  return (
    <Box height={1}>
      <StyledText line={statusBarLine(ui, busy)} />
    </Box>
  );
}

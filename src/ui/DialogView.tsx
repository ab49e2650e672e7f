// The edit/revert dialog: the flow's messages (the newest that fit) and its question.
import { Box } from 'ink';
import { seg, type StyledLine } from '../model/styled.js';
import { StyledText } from './StyledText.js';
import type { DialogState } from './useDialog.js';

export function dialogLines(d: DialogState): StyledLine[] {
  const lines: StyledLine[] = [[seg(d.title, 'emphasis')], [seg('')]];
  for (const l of d.lines) lines.push([seg(l, /^\s*[+]/.test(l) ? 'success' : /^\s*-\s/.test(l) ? 'danger' : undefined)]);
  if (d.question) lines.push([seg('')], [seg(d.question.text, 'warning')]);
  if (d.done) lines.push([seg('Enter closes this.', 'muted')]);
  return lines;
}

export function DialogView({ dialog, height }: { dialog: DialogState; height: number }) {
  const all = dialogLines(dialog);
  // Keep the title, then the newest lines (the question is last).
  const shown = all.length <= height ? all : [all[0]!, ...all.slice(all.length - (height - 1))];
  return (
    <Box flexDirection="column" height={height} overflow="hidden" justifyContent="flex-end">
      {shown.map((l, i) => (
        <StyledText key={i} line={l} wrap="wrap" />
      ))}
    </Box>
  );
}

// The edit/revert dialog: the flow's messages (the newest that fit) and its question.
import { Box } from 'ink';
import { seg, type StyledLine } from '../core/model/styled.js';
import { StyledText } from './StyledText.js';
import type { DialogState } from './useDialog.js';

export function dialogLines(d: DialogState): StyledLine[] {
  const lines: StyledLine[] = [[seg(d.title, 'emphasis')], [seg('')]];
  for (const l of d.lines) lines.push([seg(l, /^\s*[+]/.test(l) ? 'success' : /^\s*-\s/.test(l) ? 'danger' : undefined)]);
  if (d.question?.kind === 'text') lines.push([seg('')], [seg(d.question.text, 'warning'), seg(' '), seg(d.question.value), seg('▏', 'muted')]);
  else if (d.question) lines.push([seg('')], [seg(d.question.text, 'warning')]);
  if (d.done) lines.push([seg('Enter closes this.', 'muted')]);
  return lines;
}

/** Breaks a styled line into rows of at most `width` characters (the dialog wraps; lists cut). */
export function wrapLine(line: StyledLine, width: number): StyledLine[] {
  const rows: StyledLine[] = [[]];
  let used = 0;
  for (const s of line) {
    let text = s.text;
    while (text.length > 0) {
      const room = width - used;
      if (room <= 0) {
        rows.push([]);
        used = 0;
        continue;
      }
      rows[rows.length - 1]!.push(seg(text.slice(0, room), s.tone));
      used += Math.min(room, text.length);
      text = text.slice(room);
    }
  }
  return rows.map((r) => (r.length ? r : [seg('')]));
}

export function DialogView({ dialog, height, width }: { dialog: DialogState; height: number; width: number }) {
  const [title, ...rest] = dialogLines(dialog);
  const body = rest.flatMap((l) => wrapLine(l, Math.max(10, width)));
  // Keep the title, then the newest rows (the question is last).
  const shown = [title!, ...body.slice(Math.max(0, body.length - (height - 1)))];
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((l, i) => (
        <StyledText key={i} line={l} />
      ))}
    </Box>
  );
}

// The flows' dialog: what the flow said, wrapped at word boundaries, the newest rows at the
// bottom with the question (or scrolled up, with a hint saying how to get back).
import { Box } from 'ink';
import { fieldParts } from '../core/model/textField.js';
import { seg, type StyledLine } from '../core/model/styled.js';
import { wrapWords } from '../core/wrap.js';
import type { DialogState } from '../core/model/dialog.js';
import { StyledText } from './StyledText.js';

export function dialogLines(d: DialogState): StyledLine[] {
  const lines: StyledLine[] = [];
  for (const l of d.lines) lines.push([seg(l, /^\s*[+]/.test(l) ? 'success' : /^\s*-\s/.test(l) ? 'danger' : undefined)]);
  if (d.progress) lines.push([seg(d.progress, 'accent')]);
  const q = d.question;
  if (q?.kind === 'text') {
    const { before, at, after } = fieldParts(q.field);
    lines.push([seg('')], [seg(q.text, 'warning'), seg(' '), seg(before), seg('▏', 'accent'), seg(at === ' ' && !after ? '' : at), seg(after)]);
  } else if (q) {
    lines.push([seg('')], [seg(q.text, 'warning')]);
    // A question that does not mark its answers itself ([y/N], [a]lways…) gets them listed: every
    // choice, the letter that picks it, and what Enter does.
    if (!q.text.includes('[')) lines.push([seg(`Answers: ${q.choices.map((c) => `[${c[0]}]${c.slice(1)}`).join(' ')} · Enter: ${q.fallback} · Esc: cancel`, 'muted')]);
  }
  if (d.done) lines.push([seg('Enter or Esc closes this.', 'muted')]);
  return lines;
}

const bodyRows = (d: DialogState, width: number) => dialogLines(d).flatMap((l) => wrapWords(l, Math.max(10, width)));

/** How far the dialog can scroll up at this size. */
export function dialogMaxUp(d: DialogState, height: number, width: number): number {
  return Math.max(0, bodyRows(d, width).length - Math.max(1, height - 2));
}

/** The rows shown for a height: the title, then the body scrolled up by `scrollUp` from the end. */
export function dialogRows(d: DialogState, height: number, width: number): StyledLine[] {
  const body = bodyRows(d, width);
  const room = Math.max(1, height - 2);
  const maxUp = Math.max(0, body.length - room);
  const up = Math.min(d.scrollUp, maxUp);
  const end = body.length - up;
  const shown = body.slice(Math.max(0, end - room), end);
  const above = Math.max(0, end - room);
  const hint =
    maxUp === 0
      ? [seg('')]
      : [seg(`${above ? `${above} line${above === 1 ? '' : 's'} above` : 'the top'}${up ? ` · ${up} below` : ''} · ↑/↓ PgUp/PgDn scroll`, 'muted')];
  return [[seg(d.title, 'emphasis')], hint, ...shown];
}

export function DialogView({ dialog, height, width }: { dialog: DialogState; height: number; width: number }) {
  return (
    <Box flexDirection="column" height={height}>
      {dialogRows(dialog, height, width).map((l, i) => (
        <StyledText key={i} line={l} />
      ))}
    </Box>
  );
}

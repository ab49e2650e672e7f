// Renders styled lines as ANSI text: for the commands' output, and for the TUI's lines (one string
// per line is far cheaper for Ink than a Text element per segment).
import { styleText } from 'node:util';
import type { StyledLine } from './model/styled.js';
import { DARK, type Palette } from './theme.js';
import { escapeControl } from './model/text.js';

export function renderAnsi(line: StyledLine, color: boolean, palette: Palette = DARK): string {
  return line
    .map((seg) => {
      // The only way text reaches the terminal: control characters in it (from a unit, the
      // journal) are shown as escapes, never sent (see model/text.ts).
      const s = { tone: seg.tone, text: escapeControl(seg.text) };
      if (!color || !s.tone || s.text === '') return s.text;
      const style = palette[s.tone];
      const formats: Parameters<typeof styleText>[0] = [];
      if (style.color) formats.push(style.color);
      if (style.bold) formats.push('bold');
      if (style.dim) formats.push('dim');
      if (style.inverse) formats.push('inverse');
      return formats.length ? styleText(formats, s.text, { validateStream: false }) : s.text;
    })
    .join('');
}

/**
 * OSC 52: asks the terminal to put `text` on its clipboard, as it is shown: control characters, C1
 * and bidirectional overrides escaped (a paste into a shell must read as what was seen).
 */
export function osc52(text: string): string {
  const clean = escapeControl(text);
  return `\x1b]52;c;${Buffer.from(clean, 'utf8').toString('base64')}\x07`;
}

// Renders styled lines as ANSI text: for the commands' output, and for the TUI's lines (one string
// per line is far cheaper for Ink than a Text element per segment).
import { styleText } from 'node:util';
import type { StyledLine } from '../model/styled.js';
import { TONES } from './theme.js';

export function renderAnsi(line: StyledLine, color: boolean): string {
  return line
    .map((s) => {
      if (!color || !s.tone || s.text === '') return s.text;
      const style = TONES[s.tone];
      const formats: Parameters<typeof styleText>[0] = [];
      if (style.color) formats.push(style.color);
      if (style.bold) formats.push('bold');
      if (style.dim) formats.push('dim');
      return formats.length ? styleText(formats, s.text, { validateStream: false }) : s.text;
    })
    .join('');
}

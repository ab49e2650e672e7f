// Renders styled lines for plain terminals and pipes (the non-interactive commands).
import { styleText } from 'node:util';
import type { StyledLine } from '../model/styled.js';
import { TONES } from '../ui/theme.js';

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

// Every key binding with its description, generated from the keymap.
import { Box } from 'ink';
import { BINDINGS, helpSections, type Binding } from '../core/keymap.js';
import { useBindings } from './ThemeContext.js';
import { seg, type StyledLine } from '../core/model/styled.js';
import { StyledText } from './StyledText.js';
import { cellWidth, padCells } from '../core/cells.js';
import { wrapWords } from '../core/wrap.js';

/**
 * The help screen's lines at this width: each key, and what it does wrapped below itself (never
 * cut), aligned after the widest key of its section.
 */
export function helpLines(bindings: readonly Binding[] = BINDINGS, width = Infinity): StyledLine[] {
  const lines: StyledLine[] = [[seg('svctui keys', 'emphasis'), seg('  (↑/↓ PgUp/PgDn g/G scroll · ? or Esc closes)', 'muted')]];
  for (const section of helpSections(bindings)) {
    lines.push([seg('')], [seg(section.title, 'emphasis')]);
    const keysWidth = Math.max(0, ...section.rows.map((r) => cellWidth(r.keys)));
    const indent = 2 + keysWidth + 2;
    for (const r of section.rows) {
      const wrapped = width === Infinity ? [[seg(r.description)]] : wrapWords([seg(r.description)], Math.max(20, width - indent - 1));
      wrapped.forEach((row, i) => lines.push([seg(i === 0 ? `  ${padCells(r.keys, keysWidth)}  ` : ' '.repeat(indent), i === 0 ? 'accent' : undefined), ...row]));
    }
  }
  return lines;
}

export function HelpScreen({ height, scroll, width }: { height: number; scroll: number; width: number }) {
  const lines = helpLines(useBindings(), width);
  const start = Math.min(scroll, Math.max(0, lines.length - height));
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(start, start + height).map((l, i) => (
        <StyledText key={start + i} line={l} />
      ))}
    </Box>
  );
}

// Every key binding with its description, generated from the keymap.
import { Box } from 'ink';
import { BINDINGS, helpSections, type Binding } from '../core/keymap.js';
import { useBindings } from './ThemeContext.js';
import { seg, type StyledLine } from '../core/model/styled.js';
import { StyledText } from './StyledText.js';
import { cell, tableLines } from '../core/table.js';

export function helpLines(bindings: readonly Binding[] = BINDINGS): StyledLine[] {
  const lines: StyledLine[] = [[seg('svctui keys', 'emphasis'), seg('  (↑/↓ PgUp/PgDn g/G scroll · ? or Esc closes)', 'muted')]];
  for (const section of helpSections(bindings)) {
    lines.push([seg('')], [seg(section.title, 'emphasis')]);
    lines.push(...tableLines(['', ''], section.rows.map((r) => [cell(r.keys, 'accent'), cell(r.description)]), { indent: '  ', gap: '  ' }));
  }
  return lines;
}

export function HelpScreen({ height, scroll }: { height: number; scroll: number }) {
  const lines = helpLines(useBindings());
  const start = Math.min(scroll, Math.max(0, lines.length - height));
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(start, start + height).map((l, i) => (
        <StyledText key={start + i} line={l} />
      ))}
    </Box>
  );
}

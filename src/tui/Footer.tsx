// The keys that apply now, generated from the keymap.
import { Box, useWindowSize } from 'ink';
import { fitFooter, footerEntries, type Mode } from '../core/keymap.js';
import { seg, type StyledLine } from '../core/model/styled.js';
import { StyledText } from './StyledText.js';
import { useBindings } from './ThemeContext.js';

export function Footer({ mode, asking }: { mode: Mode; asking?: boolean }) {
  const { columns } = useWindowSize();
  const bindings = useBindings();
  const line: StyledLine = [];
  for (const e of fitFooter(footerEntries(mode, bindings, { asking }), columns)) {
    if (line.length) line.push(seg('  '));
    line.push(seg(e.keys, 'accent'), seg(` ${e.label}`));
  }
  return (
    <Box height={1}>
      <StyledText line={line} />
    </Box>
  );
}

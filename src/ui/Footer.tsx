// The keys that apply now, generated from the keymap.
import { Box } from 'ink';
import { footerEntries, type Mode } from '../keymap/keymap.js';
import { seg, type StyledLine } from '../model/styled.js';
import { StyledText } from './StyledText.js';

export function Footer({ mode }: { mode: Mode }) {
  const line: StyledLine = [];
  for (const e of footerEntries(mode)) {
    if (line.length) line.push(seg('  '));
    line.push(seg(e.keys, 'accent'), seg(` ${e.label}`));
  }
  return (
    <Box height={1}>
      <StyledText line={line} />
    </Box>
  );
}

// One styled line (segments with tones) as one Ink Text: the tones become ANSI colours here (only
// when colour is on), so Ink lays out and measures a single string per line.
import { Text } from 'ink';
import type { StyledLine } from '../core/model/styled.js';
import { renderAnsi } from '../core/ansi.js';
import { useTheme } from './ThemeContext.js';

export function StyledText({ line, inverse = false, wrap = 'truncate' }: { line: StyledLine; inverse?: boolean; wrap?: 'truncate' | 'wrap' }) {
  const { color, palette } = useTheme();
  const text = renderAnsi(line, color, palette);
  // An empty Text has no height in Ink; a blank line must still take its row.
  return (
    <Text wrap={wrap} inverse={inverse}>
      {text === '' ? ' ' : text}
    </Text>
  );
}

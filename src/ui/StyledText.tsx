// One styled line (segments with tones) as Ink text; tones become colours only when colour is on.
import { Text } from 'ink';
import type { StyledLine } from '../model/styled.js';
import { TONES } from './theme.js';
import { useTheme } from './ThemeContext.js';

export function StyledText({ line, inverse = false, wrap = 'truncate' }: { line: StyledLine; inverse?: boolean; wrap?: 'truncate' | 'wrap' }) {
  const { color } = useTheme();
  // An empty Text has no height in Ink; a blank line must still take its row.
  if (line.every((s) => s.text === '')) return <Text> </Text>;
  return (
    <Text wrap={wrap} inverse={inverse}>
      {line.map((s, i) => {
        const style = s.tone && color ? TONES[s.tone] : undefined;
        return (
          <Text key={i} color={style?.color} bold={style?.bold} dimColor={style?.dim}>
            {s.text}
          </Text>
        );
      })}
    </Text>
  );
}

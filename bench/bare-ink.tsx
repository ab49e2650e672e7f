// The floor for any Ink app: a static 40-row list, bundled like svctui; marks its first frame.
import { appendFileSync } from 'node:fs';
import { Box, render, Text } from 'ink';
import { useEffect } from 'react';

function List() {
  useEffect(() => {
    const file = process.env.SVCTUI_BENCH_MARK;
    if (file) appendFileSync(file, `first-frame ${(performance.timeOrigin + performance.now()).toFixed(3)} ${performance.now().toFixed(3)} rows=40\n`);
  }, []);
  return (
    <Box flexDirection="column">
      {Array.from({ length: 40 }, (_, i) => (
        <Text key={i}>{`unit-${i}.service   active   running   -   -   1min   Row ${i}`}</Text>
      ))}
    </Box>
  );
}

render(<List />, { alternateScreen: true, interactive: true });

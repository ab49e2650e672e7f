// The floor for any Ink app: a static 40-row list, bundled like svctui; marks its first frame the
// way svctui does (at the write that carried it).
import { Box, render, Text } from 'ink';
import { useLayoutEffect } from 'react';
import { benchMark, frameMark, frameWrites, watchFrames } from '../src/benchMark.js';

benchMark('bundle-loaded');

function List() {
  const writesAtRender = frameWrites();
  useLayoutEffect(() => frameMark('first-frame', 'rows=40', writesAtRender), []);
  return (
    <Box flexDirection="column">
      {Array.from({ length: 40 }, (_, i) => (
        <Text key={i}>{`unit-${i}.service   active   running   -   -   1min   Row ${i}`}</Text>
      ))}
    </Box>
  );
}

watchFrames(process.stdout);
render(<List />, { alternateScreen: true, interactive: true });

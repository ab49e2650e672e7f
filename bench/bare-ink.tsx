// The floor for any Ink app: a static 40-row list, bundled like svctui; marks its first frame the
// way svctui does (when Ink has put it out).
import { Box, render, Text } from 'ink';
import { useLayoutEffect } from 'react';
import { benchMark, frameDone, frameMark, framesDone, writePending } from '../src/host/benchMark.js';

benchMark('bundle-loaded');

function List() {
  const framesAtRender = framesDone();
  useLayoutEffect(() => frameMark('first-frame', 'rows=40', framesAtRender), []);
  return (
    <Box flexDirection="column">
      {Array.from({ length: 40 }, (_, i) => (
        <Text key={i}>{`unit-${i}.service   active   running   -   -   1min   Row ${i}`}</Text>
      ))}
    </Box>
  );
}

// Its peak memory, as the yardstick for svctui's.
process.on('exit', () => {
  benchMark('peak-rss', (process.resourceUsage().maxRSS / 1024).toFixed(1));
  writePending();
});
render(<List />, { alternateScreen: true, interactive: true, onRender: frameDone });

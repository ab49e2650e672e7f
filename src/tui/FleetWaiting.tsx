// The fleet's first frame, before any host is live: every host and where its connection is, so
// the screen is up at once and a host that is slow or refuses is seen, in words, from the start.
import { Box, useApp, useInput, useWindowSize } from 'ink';
import { useSyncExternalStore } from 'react';
import { fleetHeader, hostSummaries, type FleetLive } from '../app/fleetLive.js';
import { fleetWords, hostsTable } from '../core/model/hostsView.js';
import { seg } from '../core/model/styled.js';
import { StyledText } from './StyledText.js';
import { ViewList } from './ViewList.js';

export function FleetWaiting({ fleet }: { fleet: FleetLive }) {
  const { exit } = useApp();
  const { columns: width, rows: height } = useWindowSize();
  useSyncExternalStore(fleet.subscribe, fleet.getSnapshot);
  useInput((input, key) => {
    if (input === 'q') exit(0);
    if (key.ctrl && input === 'c') exit(130);
  });
  const table = hostsTable(hostSummaries(fleet), 0n);
  const words = fleetWords(fleetHeader(fleet), 3);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <StyledText line={[seg('svctui', 'emphasis'), seg(' · system managers · '), seg(words.live, 'warning'), ...(words.down ? [seg(' · '), seg(words.down, 'danger')] : [])]} />
      <ViewList headers={table.headers} cells={table.cells} selected={-1} height={Math.max(2, height - 2)} width={width} focused={false} empty="No hosts." />
      <StyledText line={[seg(' Connecting… (q quits)', 'muted')]} />
    </Box>
  );
}

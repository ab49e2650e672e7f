// Top line: which manager, its version, the connection, counts by state, the active filter.
import { Box, Text } from 'ink';
import type { StateCounts, RowFilter } from '../model/units.js';
import type { ConnectionState } from '../systemd/live.js';
import { StyledText } from './StyledText.js';
import { seg, type StyledLine } from '../model/styled.js';
import { useTheme } from './ThemeContext.js';

export interface HeaderProps {
  manager: string;
  host: string;
  version: string;
  connection: ConnectionState;
  counts: StateCounts;
  filter: RowFilter;
  loading: boolean;
}

const CONNECTION_TONES = { connected: 'success', reloading: 'warning', disconnected: 'danger' } as const;

export function Header(p: HeaderProps) {
  const line: StyledLine = [
    seg('svctui', 'emphasis'),
    seg(` · ${p.manager} on ${p.host} · systemd ${p.version} · `),
    seg(p.connection === 'connected' ? (p.loading ? 'loading…' : 'live') : p.connection, CONNECTION_TONES[p.connection]),
    seg(' · '),
    seg(`${p.counts.running} running`, 'success'),
    seg(' '),
    seg(`${p.counts.failed} failed`, p.counts.failed ? 'danger' : undefined),
    seg(` ${p.counts.inactive} inactive · `),
    seg(p.filter.type === 'all' ? 'all types' : `${p.filter.type}s`, 'accent'),
  ];
  if (p.filter.all) line.push(seg(' +unloaded', 'accent'));
  if (p.filter.text) line.push(seg(` /${p.filter.text}`, 'accent'));
  return (
    <Box height={1}>
      <StyledText line={line} />
    </Box>
  );
}

export function Separator({ title, width }: { title: string; width: number }) {
  const { unicode } = useTheme();
  const rule = unicode ? '─' : '-';
  const text = `${rule}${rule} ${title} `;
  return (
    <Box height={1}>
      <Text dimColor wrap="truncate">
        {text + rule.repeat(Math.max(0, width - text.length))}
      </Text>
    </Box>
  );
}

// Top line: which manager, its version, the connection, counts by state, the active filter.
import { Box, Text } from 'ink';
import type { StateCounts, RowFilter } from '../core/model/units.js';
import type { ConnectionState } from '../app/live.js';
import type { Authorization } from '../app/manager.js';
import { StyledText } from './StyledText.js';
import { seg, type StyledLine, type Tone } from '../core/model/styled.js';
import { useTheme } from './ThemeContext.js';

export interface HeaderProps {
  manager: string;
  host: string;
  version: string;
  connection: ConnectionState;
  counts: StateCounts;
  filter: RowFilter;
  loading: boolean;
  /** What actions will need from this user (polkit), when it is not "allowed". */
  authorization?: Authorization;
  /** Attempts so far to get the connection back. */
  reconnecting?: number;
}

const CONNECTION_WORDS: Record<ConnectionState, [string, Tone]> = {
  connected: ['live', 'success'],
  reloading: ['reloading', 'warning'],
  'manager-gone': ['manager gone: rows as they were', 'danger'],
  disconnected: ['disconnected: rows as they were', 'danger'],
};

const AUTH_WORDS: Partial<Record<Authorization, string>> = {
  password: 'actions ask for a password',
  denied: 'read-only: actions need root or a polkit rule',
};

/**
 * One line, most important first (a narrow terminal cuts the end): whose manager, whether what is
 * shown is live, the failed count, the filter, what actions need, the version.
 */
export function headerLine(p: HeaderProps): StyledLine {
  const [conn, tone] = CONNECTION_WORDS[p.connection];
  const line: StyledLine = [
    seg('svctui', 'emphasis'),
    seg(` · ${p.manager} on ${p.host} · `),
    seg(p.connection === 'connected' && p.loading ? 'loading…' : conn, tone),
  ];
  if (p.reconnecting) line.push(seg(` (reconnecting, try ${p.reconnecting})`, 'warning'));
  line.push(
    seg(' · '),
    seg(`${p.counts.failed} failed`, p.counts.failed ? 'danger' : undefined),
    seg(' '),
    seg(`${p.counts.running} running`, 'success'),
    seg(` ${p.counts.inactive} inactive · `),
    seg(p.filter.type === 'all' ? 'all types' : `${p.filter.type}s`, 'accent'),
  );
  if (p.filter.all) line.push(seg(' +unloaded', 'accent'));
  if (p.filter.text) line.push(seg(` /${p.filter.text}`, 'accent'));
  const auth = p.authorization && AUTH_WORDS[p.authorization];
  if (auth) line.push(seg(' · '), seg(auth, 'warning'));
  line.push(seg(` · systemd ${p.version}`, 'muted'));
  return line;
}

export function Header(p: HeaderProps) {
  return (
    <Box height={1}>
      <StyledText line={headerLine(p)} />
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

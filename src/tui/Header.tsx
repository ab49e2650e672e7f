// Top line: which manager, its version, the connection, counts by state, the active filter.
import { Box, Text, useWindowSize } from 'ink';
import type { View } from '../core/model/views.js';
import type { StateCounts, RowFilter } from '../core/model/units.js';
import type { ConnectionState } from '../app/live.js';
import type { Authorization } from '../app/manager.js';
import { StyledText } from './StyledText.js';
import { SORT_LABELS, STATE_LABELS } from '../core/model/ui.js';
import { lineText, seg, type StyledLine, type Tone } from '../core/model/styled.js';
import { cellWidth, truncateCells } from '../core/cells.js';
import { useTheme } from './ThemeContext.js';
import { fleetWords, type FleetHeaderFacts } from '../core/model/hostsView.js';
import { viewSpec } from '../core/model/viewRegistry.js';

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
  /** The timers or sockets view, when one is shown. */
  view?: View;
  /** Several hosts: how many are live, which are not. */
  fleet?: FleetHeaderFacts;
  /** Rows marked (space) for an action on all of them. */
  marked?: number;
}

const CONNECTION_WORDS: Record<ConnectionState, [string, Tone]> = {
  connected: ['live', 'success'],
  reloading: ['reloading', 'warning'],
  stalled: ['stalled: the manager does not answer', 'danger'],
  'manager-gone': ['manager gone: rows as they were', 'danger'],
  disconnected: ['disconnected: rows as they were', 'danger'],
};

const AUTH_WORDS: Partial<Record<Authorization, string>> = {
  password: 'actions ask for a password',
  denied: 'read-only: actions need root or a polkit rule',
};

/** How much of the header there is room for: everything, then less and less (see headerLine). */
interface Detail {
  version: boolean;
  counts: boolean;
  host: boolean;
  longManager: boolean;
  longConnection: boolean;
  name: boolean;
}

const DETAILS: Detail[] = [
  { version: true, counts: true, host: true, longManager: true, longConnection: true, name: true },
  { version: false, counts: true, host: true, longManager: true, longConnection: true, name: true },
  { version: false, counts: true, host: true, longManager: false, longConnection: true, name: true },
  { version: false, counts: false, host: true, longManager: false, longConnection: true, name: true },
  { version: false, counts: false, host: false, longManager: false, longConnection: true, name: true },
  { version: false, counts: false, host: false, longManager: false, longConnection: false, name: false },
];

const SHORT_CONNECTION: Record<ConnectionState, string> = { connected: 'live', reloading: 'reloading', stalled: 'stalled', 'manager-gone': 'manager gone', disconnected: 'disconnected' };

function lineFor(p: HeaderProps, d: Detail): StyledLine {
  const [conn, tone] = CONNECTION_WORDS[p.connection];
  const manager = d.longManager ? p.manager : p.manager.replace(/ manager\b/, '');
  const line: StyledLine = [];
  if (d.name) line.push(seg('svctui', 'emphasis'), seg(' · '));
  if (p.fleet) {
    // The fleet: whose managers, how many hosts answer, and (never left out) the ones that do not.
    const words = fleetWords(p.fleet, d.longConnection ? 3 : 1);
    line.push(seg(`${manager}s${p.fleet.hostOnly ? ` · only ${p.fleet.hostOnly}` : ''} · `), seg(words.live, words.down ? 'warning' : 'success'));
    if (words.down) line.push(seg(' · '), seg(words.down, 'danger'));
  } else {
    line.push(seg(`${manager}${d.host ? ` on ${p.host}` : ''} · `));
    line.push(seg(p.connection === 'connected' && p.loading ? 'loading…' : d.longConnection ? conn : SHORT_CONNECTION[p.connection], tone));
  }
  if (p.reconnecting) line.push(seg(d.longConnection ? ` (reconnecting, try ${p.reconnecting})` : ` (try ${p.reconnecting})`, 'warning'));
  // The failed count is never left out: it is why most people look.
  line.push(seg(' · '), seg(`${p.counts.failed} failed`, p.counts.failed ? 'danger' : undefined));
  if (d.counts) line.push(seg(' '), seg(`${p.counts.running} running`, 'success'), seg(` ${p.counts.inactive} inactive`));
  // Unit files changed on disk: what runs is not what the files say until a daemon-reload.
  if (p.counts.changedOnDisk) line.push(seg(' · '), seg(d.counts ? `${p.counts.changedOnDisk} changed on disk (*): D reloads` : `${p.counts.changedOnDisk}* D`, 'warning'));
  line.push(seg(' · '), seg(p.view && p.view !== 'units' ? viewSpec(p.view).title : p.filter.type === 'all' ? 'all types' : `${p.filter.type}s`, 'accent'));
  if (p.filter.all) line.push(seg(' +unloaded', 'accent'));
  if (p.filter.state && p.filter.state !== 'all') line.push(seg(` · ${STATE_LABELS[p.filter.state]}`, 'accent'));
  if (p.filter.sort && p.filter.sort !== 'failed-first') line.push(seg(` · ${SORT_LABELS[p.filter.sort].replace(/,.*/, '')}`, 'accent'));
  if (p.filter.text) line.push(seg(` /${p.filter.text}`, 'accent'));
  if (p.marked) line.push(seg(' · '), seg(`${p.marked} marked`, 'warning'));
  const auth = p.authorization && AUTH_WORDS[p.authorization];
  if (auth) line.push(seg(' · '), seg(d.counts ? auth : p.authorization === 'password' ? 'password' : 'read-only', 'warning'));
  if (d.version && !p.fleet) line.push(seg(` · systemd ${p.version}`, 'muted'));
  return line;
}

/**
 * One line, most important first: whose manager, whether what is shown is live, the failed count,
 * the filter, what actions need, the version. On a narrow terminal it says less rather than
 * cutting the failed count off: the version goes first, then the other counts, the host...
 */
export function headerLine(p: HeaderProps, width = Infinity): StyledLine {
  for (const d of DETAILS) {
    const line = lineFor(p, d);
    if (cellWidth(lineText(line)) <= width) return line;
  }
  return lineFor(p, DETAILS[DETAILS.length - 1]!);
}

export function Header(p: HeaderProps) {
  const { columns } = useWindowSize();
  return (
    <Box height={1}>
      <StyledText line={headerLine(p, columns)} />
    </Box>
  );
}

export function Separator({ title, width }: { title: string; width: number }) {
  const { unicode } = useTheme();
  const rule = unicode ? '─' : '-';
  const text = truncateCells(`${rule}${rule} ${title} `, width);
  return (
    <Box height={1}>
      <Text dimColor wrap="truncate">
        {text + rule.repeat(Math.max(0, width - cellWidth(text)))}
      </Text>
    </Box>
  );
}

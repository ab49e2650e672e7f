// The hosts view (pure): one row per host of the fleet — its connection in words, how many units
// failed, the last failure and why, its systemd — and the detail pane's lines for the selected host.
import { formatAge } from '../format.js';
import { cell, type Cell } from '../table.js';
import { seg, type StyledLine, type Tone } from './styled.js';
import { stopReasonTone } from './tones.js';
import type { UnitRow } from './unitRow.js';
import type { ViewTable } from './views.js';

export interface HostSummary {
  name: string;
  /** Where its connection is ("live", "connecting", "unreachable"…). */
  phase: string;
  /** Why it is not live, in words. */
  why?: string;
  /** Its failed units (as its list shows them), newest failure first; undefined until it is live. */
  failed?: readonly UnitRow[];
  /** systemd's version there. */
  version?: string;
  /** Inventory groups. */
  groups?: readonly string[];
}

/** What the header says of a fleet. */
export interface FleetHeaderFacts {
  total: number;
  live: number;
  /** Hosts not live now, in the inventory's order, and where each is. */
  down: readonly { name: string; phase: string }[];
  /** Only this host's units are listed. */
  hostOnly?: string;
}

/** "11 of 12 hosts live · web12 unreachable, web7 connecting" (at most `most` named, then "+N"). */
export function fleetWords(f: FleetHeaderFacts, most = 3): { live: string; down?: string } {
  const live = f.live === f.total ? `${f.total} hosts live` : `${f.live} of ${f.total} hosts live`;
  if (!f.down.length) return { live };
  const named = f.down.slice(0, most).map((d) => `${d.name} ${d.phase}`);
  return { live, down: `${named.join(', ')}${f.down.length > most ? `, +${f.down.length - most} more (4: hosts)` : ''}` };
}

const PHASE_TONE: Record<string, Tone> = { live: 'success', connecting: 'warning', waiting: 'muted', reloading: 'warning', reconnecting: 'warning' };
const phaseTone = (phase: string): Tone => PHASE_TONE[phase] ?? 'danger';

/** The host's row: a UnitRow carrying the host's name, so selection and the window work as in the lists. */
function hostRow(h: HostSummary): UnitRow {
  return { name: h.name, host: h.name, load: '', active: h.phase, sub: '', description: h.why ?? '', exitCode: 0, exitStatus: 0, lastExit: '', stopReason: '-', sinceUs: 0n, exitSource: 'none' };
}

export function hostsTable(hosts: readonly HostSummary[], nowUs: bigint): ViewTable {
  const rows = hosts.map(hostRow);
  const cells: Cell[][] = hosts.map((h) => {
    const last = h.failed?.[0];
    return [
      cell(h.name),
      cell(h.phase, phaseTone(h.phase)),
      cell(h.failed === undefined ? '?' : String(h.failed.length), h.failed?.length ? 'danger' : h.failed ? undefined : 'muted'),
      cell(last ? last.name : h.failed ? '-' : '?', last ? undefined : 'muted'),
      cell(last ? `${last.lastExit} ${last.stopReason}` : '', last ? stopReasonTone(last.stopReason) : undefined),
      cell(last ? formatAge(last.sinceUs, nowUs) : '', 'muted'),
      cell(h.version ?? '', 'muted'),
      // Why it is not live: last, as long as it is (cut at the screen's edge; whole in the pane).
      cell(h.phase !== 'live' ? (h.why ?? '') : '', phaseTone(h.phase)),
    ];
  });
  return { headers: ['HOST', 'STATE', 'FAILED', 'LAST FAILURE', 'EXIT, REASON', 'SINCE', 'SYSTEMD', 'WHY'], rows, cells, activates: hosts.map(() => []) };
}

/** The detail pane for a host: its connection, groups, and every failed unit with its exit and reason. */
export function hostDetailLines(h: HostSummary | undefined): StyledLine[] {
  if (!h) return [[seg('No host is selected', 'muted')]];
  const out: StyledLine[] = [[seg(h.name, 'emphasis'), seg(' · '), seg(h.phase, phaseTone(h.phase)), ...(h.version ? [seg(` · systemd ${h.version}`, 'muted')] : [])]];
  if (h.why && h.phase !== 'live') out.push([seg(`  ${h.why}`, phaseTone(h.phase))]);
  if (h.groups?.length) out.push([seg(`  groups: ${h.groups.join(', ')}`, 'muted')]);
  out.push([]);
  if (h.failed === undefined) out.push([seg('  Its units are not known yet.', 'muted')]);
  else if (!h.failed.length) out.push([seg('  No failed units.', 'success')]);
  else {
    out.push([seg(`  Failed units (${h.failed.length}):`, 'emphasis')]);
    for (const r of h.failed) out.push([seg(`  ${r.name}  `), seg(`${r.lastExit}  ${r.stopReason}`, stopReasonTone(r.stopReason))]);
  }
  out.push([], [seg('  Enter shows its units; 1 every host\'s.', 'muted')]);
  return out;
}

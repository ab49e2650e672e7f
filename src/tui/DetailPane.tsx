// The selected unit's status: the very view `svctui status` prints, scrollable.
import { Box } from 'ink';
import { buildStatusView, daemonReloadWarning } from '../core/model/statusView.js';
import { seg, type StyledLine } from '../core/model/styled.js';
import { nextLine, runsTable, sourcesLine } from '../core/model/runsView.js';
import type { UnitRuns } from '../app/unitRuns.js';
import type { UnitStatusState } from './useUnitStatus.js';
import { StyledText } from './StyledText.js';

/** The status view as of `nowUs` (the relative times tick like the list's SINCE column). */
export function statusLines(s: UnitStatusState, unicode: boolean, nowUs?: bigint, scope: 'system' | 'user' = 'system'): StyledLine[] {
  if (!s.unit) return [[seg('No unit selected.', 'muted')]];
  if (s.error) return [[seg(`Cannot read ${s.unit}: ${s.error}`, 'danger')]];
  if (!s.status) return [[seg(`Reading ${s.unit}…`, 'muted')]];
  const now = nowUs !== undefined && nowUs > s.status.nowUs ? { nowUs, nowMonotonicUs: s.status.nowMonotonicUs + (nowUs - s.status.nowUs) } : {};
  const lines = buildStatusView({ ...s.status, ...now, unicode });
  if (s.status.journalProblem) lines.push([seg('')], [seg(`Journal: ${s.status.journalProblem}`, 'warning')]);
  // Where systemctl prints it: after the status, on its own (D reloads here).
  // Two lines: a detail pane cuts long lines, and this one must be read whole.
  if (s.status.props.NeedDaemonReload === true) {
    const [what, run] = daemonReloadWarning(s.unit, scope).split(' Run ');
    lines.push([seg('')], [seg(what!, 'warning')], [seg(`Run ${run} D does that here.`, 'warning')]);
  }
  return lines;
}

/**
 * The Runs section under the status view: the last runs, where that is known from, what a "?"
 * means and why svctui cannot say more, what happens next, and a run's journal.
 */
export function runsSection(info: UnitRuns | undefined, selected: number | undefined, journal: { lines?: string[]; error?: string }, notes: readonly string[] = []): StyledLine[] {
  if (!info) return [];
  const lines: StyledLine[] = [[seg('')], [seg('Runs', 'emphasis'), seg(info.runs.length ? `  (] older, [ newer: a run's journal)` : '', 'muted')]];
  if (info.runs.length === 0) lines.push([seg('  none known (not in this boot\'s journal, not seen by svctui)', 'muted')]);
  else lines.push(...runsTable(info.runs, { max: RUNS_SHOWN, selected }), ...sourcesLine(info.runs[Math.min(selected ?? 0, info.runs.length - 1)]!));
  for (const n of notes) lines.push([seg(`  Note: ${n}`, 'warning')]);
  const next = nextLine(info.next);
  if (next) lines.push([seg('')], next);
  const run = selected === undefined ? undefined : info.runs[selected];
  if (run) {
    lines.push([seg('')], [seg(`Journal of run ${run.invocationId}`, 'emphasis')]);
    if (journal.error) lines.push([seg(`  ${journal.error}`, 'warning')]);
    else if (!journal.lines) lines.push([seg('  reading…', 'muted')]);
    else if (journal.lines.length === 0) lines.push([seg('  no journal lines for this run', 'muted')]);
    else for (const l of journal.lines) lines.push([seg(l)]);
  }
  return lines;
}

export const RUNS_SHOWN = 10;

export function DetailPane({ lines, height, scroll }: { lines: StyledLine[]; height: number; scroll: number }) {
  const visible = lines.slice(scroll, scroll + height);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {visible.map((l, i) => (
        <StyledText key={scroll + i} line={l} />
      ))}
    </Box>
  );
}

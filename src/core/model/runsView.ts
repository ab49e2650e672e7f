// The Runs section (detail pane and `svctui history`): one line per run, newest first, and what
// systemd does next. Pure.
import { formatTimespan, formatTimestamp, USEC_PER_MSEC } from '../format.js';
import type { RestartPrediction } from './restartPolicy.js';
import { verdict, type Run, type RunSource } from './runs.js';
import { UNCERTAIN_WORDS } from './stopReason.js';
import { seg, type StyledLine } from './styled.js';
import { cell, tableLines } from '../table.js';
import { stopReasonTone } from './tones.js';

export const RUN_COLUMNS = ['STARTED', 'DURATION', 'LAST EXIT', 'STOP REASON', 'ENDED BY', 'INVOCATION'] as const;

const ENDED_BY_WORDS = { stop: 'stop job', restart: 'restart job', itself: 'itself', signal: 'a signal', systemd: 'systemd' } as const;

/** ENDED BY in words (from the shared verdict): "stop job", "itself (restart #2)", "?" when not known. */
export function endedBy(r: Run): string {
  if (r.running) return 'running';
  const by = verdict(r).endedBy;
  if (!by) return r.result === 'exec-condition' ? '-' : '?';
  return by === 'itself' && r.autoRestart ? `itself (restart #${r.autoRestart})` : ENDED_BY_WORDS[by];
}

export function runCells(r: Run, timeZone?: string): string[] {
  const v = verdict(r);
  // Without a known start (or end), the duration is not known either: "?", never a guess.
  const duration = r.startUs && r.endUs && r.endUs >= r.startUs ? formatTimespan(r.endUs - r.startUs, USEC_PER_MSEC) : r.running ? 'running' : '?';
  return [r.startUs ? formatTimestamp(r.startUs, timeZone) : '?', duration, v.lastExit, v.reason, endedBy(r), r.invocationId.slice(0, 12)];
}

export function runsTable(runs: Run[], options: { max?: number; selected?: number; timeZone?: string } = {}): StyledLine[] {
  const shown = runs.slice(0, options.max ?? runs.length);
  const rows = shown.map((r) => {
    const c = runCells(r, options.timeZone);
    const tone = stopReasonTone(verdict(r).reason);
    return c.map((text, i) => cell(text, i === 2 || i === 3 ? tone : undefined));
  });
  return tableLines(RUN_COLUMNS, rows, { indent: '  ', marks: shown.map((_, n) => (options.selected === n ? '> ' : undefined)) });
}

export function nextLine(next: RestartPrediction | undefined): StyledLine | undefined {
  if (!next || next.text === 'running') return undefined;
  return [seg('Next: ', 'emphasis'), seg(next.text, next.restarts ? 'warning' : undefined)];
}

/** One line about a run systemd no longer knows: "Last run (svctui history): … exit-code 3, ended …". */
export function lastRunLine(r: Run, timeZone?: string): StyledLine {
  const v = verdict(r);
  const when = r.endUs ? `, ended ${formatTimestamp(r.endUs, timeZone)}` : r.startUs ? `, started ${formatTimestamp(r.startUs, timeZone)}` : '';
  return [
    seg('Last run (svctui history; systemd no longer has it): ', 'muted'),
    seg(`${v.reason}${v.lastExit !== '-' ? ` ${v.lastExit}` : ''}`, stopReasonTone(v.reason)),
    seg(`${when} · ended by ${endedBy(r)} · invocation ${r.invocationId}`),
  ];
}

const SOURCE_WORDS: Record<RunSource, string> = { dbus: 'systemd (D-Bus)', journal: 'the journal', live: 'seen live by svctui', store: "svctui's store" };

/** Where a run's facts come from, and what its "?" or "unknown" means. */
export function sourcesLine(r: Run): StyledLine[] {
  const out: StyledLine[] = [[seg(`  Known from ${r.sources.map((s) => SOURCE_WORDS[s]).join(', ')}.`, 'muted')]];
  const v = verdict(r);
  const words = UNCERTAIN_WORDS[v.reason];
  if (words) out.push([seg(`  ${v.reason}: ${words}.`, 'warning')]);
  return out;
}

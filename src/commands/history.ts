// `svctui history UNIT`: the unit's runs, newest first, and what systemd does next.
import { runToJson } from '../model/runs.js';
import { nextLine, runsTable } from '../model/runsView.js';
import { seg } from '../model/styled.js';
import { fetchUnitRuns } from '../systemd/unitRuns.js';
import { colorWanted } from '../ui/theme.js';
import { renderAnsi } from '../ui/ansi.js';
import { unitArgument, type CommandContext } from './context.js';

export async function runHistory(ctx: CommandContext, o: { unit: string; json: boolean }): Promise<number> {
  const unit = unitArgument(o.unit);
  ctx.history.loadStore([unit]);
  await ctx.history.loadJournal([unit]);
  for (const p of ctx.history.problems) ctx.stderr.write(`svctui: note: ${p}\n`);
  const { runs, next } = await fetchUnitRuns(ctx.systemd, ctx.history, unit);
  if (o.json) {
    ctx.stdout.write(JSON.stringify({ unit, runs: runs.map(runToJson), next: next && next.text !== 'running' ? next : null }, null, 2) + '\n');
    return 0;
  }
  const color = colorWanted(ctx.stdout.isTTY);
  if (runs.length === 0) {
    ctx.stdout.write(`${unit}: no runs known (not in this boot's journal, not seen by svctui).\n`);
    return 0;
  }
  const sources = [...new Set(runs.flatMap((r) => r.sources))].join(', ');
  ctx.stdout.write(renderAnsi([seg(unit, 'emphasis'), seg(` — ${runs.length} run${runs.length === 1 ? '' : 's'} (from ${sources})`)], color) + '\n');
  for (const line of runsTable(runs)) ctx.stdout.write(renderAnsi(line, color).trimEnd() + '\n');
  const n = nextLine(next);
  if (n) ctx.stdout.write('\n' + renderAnsi(n, color) + '\n');
  return 0;
}

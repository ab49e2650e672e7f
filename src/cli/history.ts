// `svctui history UNIT`: the unit's runs, newest first, and what systemd does next.
import { runToJson } from '../core/model/runs.js';
import { nextLine, runsTable, sourcesLine } from '../core/model/runsView.js';
import { seg } from '../core/model/styled.js';
import { fetchUnitRuns } from '../app/unitRuns.js';
import { colorWanted } from '../core/theme.js';
import { renderAnsi } from '../core/ansi.js';
import { EXIT_NO_SUCH_UNIT, unitArgument, type CommandContext } from '../app/context.js';
import { jsonOutput } from '../core/model/text.js';

export async function runHistory(ctx: CommandContext, o: { units: string[]; json: boolean }): Promise<number> {
  const units = o.units.map(unitArgument);
  const history = await ctx.history();
  history.loadStore(units);
  await history.loadJournal(units);
  for (const p of history.problems) ctx.stderr.write(`svctui: note: ${p}\n`);
  const color = colorWanted(ctx.stdout.isTTY);
  const objects = [];
  let first = true;
  let missing = false;
  for (const unit of units) {
    const { runs, next } = await fetchUnitRuns(ctx.systemd, history, unit);
    // A unit systemd cannot find, and of which nothing is known: like systemctl status, exit 4.
    if (runs.length === 0 && (await ctx.systemd.unitProperty(unit, 'org.freedesktop.systemd1.Unit', 'LoadState').catch(() => '')) === 'not-found') {
      ctx.stderr.write(`Unit ${unit} could not be found.\n`);
      missing = true;
      continue;
    }
    if (o.json) {
      objects.push({ unit, runs: runs.map(runToJson), next: next && next.text !== 'running' ? next : null });
      continue;
    }
    if (!first) ctx.stdout.write('\n');
    first = false;
    if (runs.length === 0) {
      ctx.stdout.write(`${unit}: no runs known (not in this boot's journal, not seen by svctui).\n`);
      continue;
    }
    const sources = [...new Set(runs.flatMap((r) => r.sources))].join(', ');
    ctx.stdout.write(renderAnsi([seg(unit, 'emphasis'), seg(` — ${runs.length} run${runs.length === 1 ? '' : 's'} (from ${sources})`)], color) + '\n');
    for (const line of [...runsTable(runs), ...sourcesLine(runs[0]!)]) ctx.stdout.write(renderAnsi(line, color).trimEnd() + '\n');
    const n = nextLine(next);
    if (n) ctx.stdout.write('\n' + renderAnsi(n, color) + '\n');
  }
  // One unit: its object (as before); several: an array of them.
  if (o.json && objects.length) ctx.stdout.write(jsonOutput(objects.length === 1 && units.length === 1 ? objects[0] : objects) + '\n');
  return missing ? EXIT_NO_SUCH_UNIT : 0;
}

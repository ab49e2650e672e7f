// `svctui timers` and `svctui sockets`: what systemctl list-timers --all and list-sockets --all
// show, the same columns and order, and (with --json) the last exit and stop reason of the unit
// each one activates.
import type { CommandContext } from '../app/context.js';
import { readSockets, readTimers } from '../app/timers.js';
import { formatRelative, formatTimestamp } from '../core/format.js';
import { globToRegExp, isGlob } from '../core/names.js';
import { socketRows, timerRows, timestampIsSet } from '../core/model/timers.js';
import { cell, tableLines } from '../core/table.js';
import { renderAnsi } from '../core/ansi.js';
import { colorWanted } from '../core/theme.js';
import { collectRows } from './list.js';
import type { UnitRow } from '../core/model/unitRow.js';
import { jsonOutput } from '../core/model/text.js';

export interface TimersOptions {
  json: boolean;
  patterns: string[];
}

/** The loaded units of a type that the patterns name (a bare name gets the type's suffix, as systemctl expands them). */
async function loadedOfType(ctx: CommandContext, suffix: '.timer' | '.socket', patterns: string[]): Promise<string[]> {
  const res = patterns.map((p) => globToRegExp(isGlob(p) || p.includes('.') ? p : `${p}${suffix}`));
  const wanted = (name: string) => !res.length || res.some((re) => re.test(name));
  return (await ctx.systemd.listLoadedUnits()).map((u) => u.name).filter((n) => n.endsWith(suffix) && wanted(n));
}

const usOrNull = (us: bigint) => (timestampIsSet(us) ? Number(us) : null);

/** The last exit and stop reason of the units these activate (JSON only: the table is systemctl's). */
async function activated(ctx: CommandContext, names: string[]): Promise<Map<string, UnitRow>> {
  if (!names.length) return new Map();
  const rows = await collectRows(ctx, { all: true, json: false, patterns: [], names: new Set(names) });
  return new Map(rows.map((r) => [r.name, r]));
}

/** A table as systemctl prints its listings: '-' for an empty cell, and "N things listed." after. */
export function printListing(ctx: CommandContext, headers: string[], rows: string[][], what: string, o: { plural?: 'always' } = {}): void {
  const color = colorWanted(ctx.stdout.isTTY);
  const maxWidth = ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : undefined;
  for (const line of tableLines(headers, rows.map((r) => r.map((t) => cell(t || '-'))), { maxWidth })) ctx.stdout.write(renderAnsi(line, color) + '\n');
  ctx.stdout.write(`\n${rows.length} ${what}${rows.length === 1 && o.plural !== 'always' ? '' : 's'} listed.\n`);
}

export async function runTimers(ctx: CommandContext, o: TimersOptions): Promise<number> {
  const units = await loadedOfType(ctx, '.timer', o.patterns);
  const [facts, now] = await Promise.all([readTimers(ctx.systemd, units), ctx.systemd.host.clock()]);
  const rows = timerRows(facts, now);
  if (o.json) {
    const next = await activated(ctx, [...new Set(rows.flatMap((r) => r.activates))]);
    const out = rows.map((r) => ({
      unit: r.unit,
      next: usOrNull(r.nextUs),
      last: usOrNull(r.lastUs),
      activates: r.activates,
      activated: r.activates.map((a) => ({ unit: a, lastExit: next.get(a)?.lastExit ?? null, stopReason: next.get(a)?.stopReason ?? null })),
    }));
    ctx.stdout.write(jsonOutput(out) + '\n');
    return 0;
  }
  const stamp = (us: bigint) => (timestampIsSet(us) ? formatTimestamp(us) : '');
  const rel = (us: bigint) => (timestampIsSet(us) ? formatRelative(us, now.realtimeUs) : '');
  printListing(
    ctx,
    ['NEXT', 'LEFT', 'LAST', 'PASSED', 'UNIT', 'ACTIVATES'],
    rows.map((r) => [stamp(r.nextUs), rel(r.nextUs), stamp(r.lastUs), rel(r.lastUs), r.unit, r.activates.join(', ')]),
    'timer',
  );
  return 0;
}

export async function runSockets(ctx: CommandContext, o: TimersOptions): Promise<number> {
  const units = await loadedOfType(ctx, '.socket', o.patterns);
  const rows = socketRows(await readSockets(ctx.systemd, units));
  if (o.json) {
    ctx.stdout.write(jsonOutput(rows.map((r) => ({ listen: r.listen, type: r.type, unit: r.unit, activates: r.activates }))) + '\n');
    return 0;
  }
  printListing(ctx, ['LISTEN', 'UNIT', 'ACTIVATES'], rows.map((r) => [r.listen, r.unit, r.activates.join(' ')]), 'socket');
  return 0;
}

// `svctui -H 'web[1-3]' list`, `svctui --inventory hosts.ini list`: every host's rows in one table
// with a HOST column (--json: a "host" field), hosts in their order; a host that does not answer
// is said in words and makes the exit status 1 (0: every host answered).
import { onEachHost, type FleetHost } from '../app/fleet.js';
import type { GlobalOptions } from '../app/context.js';
import { rowToJson } from '../core/model/unitRow.js';
import { jsonOutput } from '../core/model/text.js';
import { cell, tableLines } from '../core/table.js';
import { colorWanted } from '../core/theme.js';
import { renderAnsi } from '../core/ansi.js';
import { escapeControlKeepLines } from '../core/model/text.js';
import { nowRealtimeUs } from '../app/status.js';
import { collectRows, HEADERS, rowCells, type ListOptions } from './list.js';

export async function runFleetList(hosts: readonly FleetHost[], options: GlobalOptions, o: ListOptions, io: { stdout: NodeJS.WriteStream | NodeJS.WritableStream; stderr: NodeJS.WritableStream }, concurrency?: number): Promise<number> {
  const outcomes = await onEachHost(hosts, options, (ctx) => collectRows(ctx, o), { concurrency });
  const failed = outcomes.filter((x) => !x.ok);
  for (const f of failed) if (!f.ok) io.stderr.write(`svctui: ${escapeControlKeepLines(f.host.name)}: ${escapeControlKeepLines(f.why)}\n`);
  if (o.json) {
    const rows = outcomes.flatMap((x) => (x.ok ? x.value.map((r) => ({ host: x.host.name, ...rowToJson(r) })) : []));
    io.stdout.write(jsonOutput(rows) + '\n');
  } else {
    const now = nowRealtimeUs();
    const cells = outcomes.flatMap((x) => (x.ok ? x.value.map((r) => [cell(x.host.name), ...rowCells(r, now)]) : []));
    const out = io.stdout as NodeJS.WriteStream;
    const color = colorWanted(Boolean(out.isTTY));
    for (const line of tableLines(['HOST', ...HEADERS], cells, { maxWidth: out.isTTY && out.columns ? out.columns : undefined })) io.stdout.write(renderAnsi(line, color) + '\n');
    const answered = outcomes.length - failed.length;
    io.stdout.write(`\n${cells.length} unit${cells.length === 1 ? '' : 's'} listed from ${answered} of ${outcomes.length} host${outcomes.length === 1 ? '' : 's'}${failed.length ? ` (${failed.map((f) => f.host.name).join(', ')} did not answer)` : ''}.\n`);
  }
  return failed.length ? 1 : 0;
}

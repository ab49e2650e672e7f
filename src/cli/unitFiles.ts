// `svctui list-unit-files`: systemctl list-unit-files — every unit file, its enablement and its
// preset, in systemctl's order and words; exit 1 when nothing is listed, as systemctl.
import type { CommandContext } from '../app/context.js';
import { listUnitFileEntries } from '../app/unitFileList.js';
import { jsonOutput } from '../core/model/text.js';
import { printListing } from './timers.js';

export interface UnitFilesOptions {
  patterns: string[];
  states?: string[];
  types?: string[];
  json: boolean;
}

export async function runListUnitFiles(ctx: CommandContext, o: UnitFilesOptions): Promise<number> {
  const entries = await listUnitFileEntries(ctx.systemd, o);
  if (o.json) ctx.stdout.write(jsonOutput(entries.map((e) => ({ unit_file: e.name, state: e.state, preset: e.preset || null, path: e.path }))) + '\n');
  else printListing(ctx, ['UNIT FILE', 'STATE', 'PRESET'], entries.map((e) => [e.name, e.state, e.preset]), 'unit file', { plural: 'always' });
  return entries.length ? 0 : 1;
}

// `svctui show [UNIT...] [-p NAME,...] [--value]`: systemctl show — every property of each unit (or
// of the manager), a blank line between units; globs match loaded units, as systemctl's do.
import type { CommandContext } from '../app/context.js';
import { showProperties } from '../app/show.js';
import { verbUnits } from '../app/verbs.js';
import { escapeControlKeepLines } from '../core/model/text.js';

export interface ShowCliOptions {
  units: string[];
  properties: string[];
  valueOnly: boolean;
}

export async function runShow(ctx: CommandContext, o: ShowCliOptions): Promise<number> {
  const units = o.units.length ? await verbUnits(ctx.systemd, { name: 'show', globs: 'loaded' }, o.units) : [undefined];
  let first = true;
  for (const unit of units) {
    const lines = await showProperties(ctx.systemd, unit, { properties: o.properties, valueOnly: o.valueOnly });
    if (!first) ctx.stdout.write('\n');
    first = false;
    // (Values are the unit's own words: control characters are shown, never sent to the terminal.)
    for (const l of lines) ctx.stdout.write(`${ctx.stdout.isTTY ? escapeControlKeepLines(l) : l}\n`);
  }
  return 0;
}

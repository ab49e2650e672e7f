// `svctui dependencies UNIT`: the tree systemctl list-dependencies --full prints, the circles in
// the state's colour on a terminal.
import type { CommandContext } from '../app/context.js';
import { readDependencyTree } from '../app/dependencies.js';
import { requireUnit, unitArgument } from '../app/context.js';
import { renderAnsi } from '../core/ansi.js';
import { dependencyTone, type DependencyKind } from '../core/model/dependencies.js';
import { seg } from '../core/model/styled.js';
import { glyphs } from '../core/model/statusView.js';
import { colorWanted, unicodeWanted } from '../core/theme.js';

export async function runDependencies(ctx: CommandContext, o: { unit: string; kind: DependencyKind; all: boolean }): Promise<number> {
  const unit = unitArgument(o.unit);
  await requireUnit(ctx.systemd, unit);
  const tree = await readDependencyTree(ctx.systemd, unit, o.kind, glyphs(unicodeWanted()), o.all);
  const color = colorWanted(ctx.stdout.isTTY);
  ctx.stdout.write(`${unit}\n`);
  for (const l of tree.lines) {
    const line = l.unit === '...' ? [seg(`${l.prefix}...`)] : [seg(l.glyph, dependencyTone(l.state)), seg(` ${l.unit}`)];
    ctx.stdout.write(renderAnsi(line, color) + '\n');
  }
  return 0;
}

// `svctui status UNIT...`: the systemctl status view, with systemctl's exit codes.
import { buildStatusView, daemonReloadWarning } from '../core/model/statusView.js';
import { SystemdError } from '../host/bus.js';
import { isGlob, globToRegExp } from '../core/names.js';
import { collectStatus } from '../app/status.js';
import { unitRuns } from '../app/unitRuns.js';
import { lastRunLine } from '../core/model/runsView.js';
import { seg } from '../core/model/styled.js';
import { colorWanted, unicodeWanted } from '../core/theme.js';
import { renderAnsi } from '../core/ansi.js';
import { benchMark } from '../host/benchMark.js';
import { CommandError, EXIT_NO_SUCH_UNIT, unitArgument, type CommandContext } from '../app/context.js';

export interface StatusOptions {
  units: string[];
  lines: number;
}

/** systemctl's status exit code for a unit that is not active (0 when active; 4 no such unit). */
export const EXIT_NOT_ACTIVE = 3;

export async function runStatus(ctx: CommandContext, o: StatusOptions): Promise<number> {
  const names: string[] = [];
  for (const raw of o.units) {
    if (isGlob(raw)) {
      const re = globToRegExp(raw);
      for (const u of await ctx.systemd.listLoadedUnits()) if (re.test(u.name)) names.push(u.name);
      continue;
    }
    names.push(unitArgument(raw));
  }
  // svctui's store and the journal's records are read only for a unit systemd has forgotten (see
  // below): for the others, systemd's own answer is the whole truth, and a journalctl is saved.
  let historyLoaded = false;
  const color = colorWanted(ctx.stdout.isTTY);
  const unicode = unicodeWanted();
  let exitCode = 0;
  let first = true;
  for (const name of names) {
    let collected;
    try {
      collected = await collectStatus(ctx.systemd, name, { journal: ctx.journal, lines: o.lines });
    } catch (err) {
      if (err instanceof SystemdError) throw new CommandError(err.message, 1);
      throw err;
    }
    const p = collected.props;
    if (p.LoadState === 'not-found' && p.ActiveState === 'inactive') {
      ctx.stderr.write(`Unit ${name} could not be found.\n`);
      if (exitCode === 0) exitCode = EXIT_NO_SUCH_UNIT;
      continue;
    }
    if (!first) ctx.stdout.write('\n');
    first = false;
    const lines = buildStatusView({ ...collected, unicode });
    // When systemd has forgotten the last run (garbage collection), say what svctui remembers.
    const forgotten = !p.ExecMainCode && (p.ActiveState === 'inactive' || p.ActiveState === 'failed');
    if (forgotten && !historyLoaded) {
      historyLoaded = true;
      const history = await ctx.history();
      history.loadStore(names);
      await history.loadJournal(names);
    }
    const last = forgotten ? unitRuns(await ctx.history(), name, p).runs[0] : undefined;
    if (last) lines.push([seg('')], lastRunLine({ ...last, running: false }));
    ctx.stdout.write(lines.map((l) => renderAnsi(l, color)).join('\n') + '\n');
    if (p.NeedDaemonReload === true) ctx.stderr.write(`${daemonReloadWarning(name, ctx.systemd.scope)}\n`);
    benchMark('status-printed');
    const active = p.ActiveState === 'active' || p.ActiveState === 'reloading';
    if (!active && exitCode === 0) exitCode = EXIT_NOT_ACTIVE;
  }
  return exitCode;
}

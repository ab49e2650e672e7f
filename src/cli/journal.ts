// `svctui journal UNIT... [-p PRIO] [--since T] [--until T] [-b N] [-n N]`: the units' journal as
// journalctl shows it, with journalctl's own filters.
import type { CommandContext } from '../app/context.js';
import { CommandError } from '../app/context.js';
import { JournalError } from '../app/journal.js';
import { journalView, priorityProblem, type JournalFilter } from '../app/journalView.js';
import { escapeControlKeepLines } from '../core/model/text.js';

export async function runJournal(ctx: CommandContext, f: JournalFilter): Promise<number> {
  if (f.priority) {
    const problem = priorityProblem(f.priority);
    if (problem) throw new CommandError(problem, 2);
  }
  if (f.boot !== undefined && !/^(-?\d+|[0-9a-f]{32})$/.test(f.boot)) throw new CommandError(`-b takes a boot offset (0, -1, …) or a boot id, not "${f.boot}"`, 2);
  try {
    for (const line of await journalView(ctx.journal, f, ctx.systemd.scope)) ctx.stdout.write(`${escapeControlKeepLines(line)}\n`);
  } catch (err) {
    if (err instanceof JournalError) throw new CommandError(`cannot read the journal: ${err.message}`, 1);
    throw err;
  }
  return 0;
}

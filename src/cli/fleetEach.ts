// A per-host command over the fleet (status, history): each host's output under a header line, in
// the hosts' order whatever order they answer in. The exit status says first whether every host
// answered (1 when one did not), then the first host's own non-zero status (3: a unit not active).
import { CollectedOutput, onEachHost, type FleetHost } from '../app/fleet.js';
import type { CommandContext, GlobalOptions } from '../app/context.js';
import { escapeControlKeepLines } from '../core/model/text.js';

export async function runFleetEach(
  hosts: readonly FleetHost[],
  options: GlobalOptions,
  run: (ctx: CommandContext) => Promise<number>,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const outcomes = await onEachHost(hosts, options, async (ctx) => {
    const out = new CollectedOutput();
    const err = new CollectedOutput();
    const code = await run({ ...ctx, stdout: out as unknown as CommandContext['stdout'], stderr: err as unknown as CommandContext['stderr'] });
    return { code, out: out.text, err: err.text };
  });
  let first = 0;
  let unanswered = false;
  for (const [i, x] of outcomes.entries()) {
    io.stdout.write(`${i ? '\n' : ''}── ${escapeControlKeepLines(x.host.name)} ──\n`);
    if (!x.ok) {
      unanswered = true;
      io.stderr.write(`svctui: ${escapeControlKeepLines(x.host.name)}: ${escapeControlKeepLines(x.why)}\n`);
      io.stdout.write(`(no answer: ${escapeControlKeepLines(x.why)})\n`);
      continue;
    }
    io.stdout.write(x.value.out);
    for (const line of x.value.err.split('\n').filter(Boolean)) io.stderr.write(`${escapeControlKeepLines(x.host.name)}: ${line.replace(/^svctui: /, '')}\n`);
    first ||= x.value.code;
  }
  return unanswered ? 1 : first;
}

// systemctl's verbs over the fleet (svctui -H 'web[1-6]' restart nginx): one line per host, in the
// hosts' order, each printed as soon as the hosts before it are done. --rolling: one host at a time,
// each unit active again before the next host; the first failure stops it and says where.
// Exit status: 0 when every host answered and succeeded; 1 when a host did not answer or a rolling
// run stopped; else the first host's own non-zero status (3: not active, as systemctl).
import { onEachHost, type FleetHost, type HostOutcome } from '../app/fleet.js';
import { CommandError, type CommandContext, type GlobalOptions } from '../app/context.js';
import { verbUnits, type VerbOptions, type VerbSpec } from '../app/verbs.js';
import type { Systemd } from '../app/manager.js';
import { escapeControlKeepLines } from '../core/model/text.js';

interface HostResult {
  code: number;
  out: string[];
  err: string[];
  units: string[];
}

export interface RollingOptions {
  pauseMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (a rolling run) until each unit is active; why not, in words, when it is not. */
async function activeAgain(systemd: Systemd, units: readonly string[], deadlineMs: number): Promise<string | undefined> {
  const end = Date.now() + deadlineMs;
  for (const unit of units) {
    for (;;) {
      const p = await systemd.unitPropertiesIfLoaded(unit);
      const state = p ? String(p.ActiveState ?? 'unknown') : 'inactive';
      if (state === 'active') break;
      if (state !== 'activating' && state !== 'reloading') return `${unit} is ${state}${p?.Result && p.Result !== 'success' ? ` (${String(p.Result)})` : ''}`;
      if (Date.now() > end) return `${unit} is still ${state} after ${Math.round(deadlineMs / 1000)} s`;
      await sleep(200);
    }
  }
  return undefined;
}

/** One host's line: the verb's own output (queries) or "done", and its complaints. */
function hostLine(host: string, verb: VerbSpec, x: HostOutcome<HostResult>): string {
  const name = escapeControlKeepLines(host);
  if (!x.ok) return `${name}: no answer: ${escapeControlKeepLines(x.why)}`;
  const r = x.value;
  const said = [...r.out, ...r.err].map((l) => escapeControlKeepLines(l)).join('; ');
  if (r.code === 0) return `${name}: ${said || `${verb.name} ${r.units.join(' ') || '(no unit matched)'}: done`}`;
  return `${name}: ${said || `${verb.name} failed`} (exit ${r.code})`;
}

export async function runFleetVerb(
  hosts: readonly FleetHost[],
  options: GlobalOptions,
  verb: VerbSpec,
  args: string[],
  o: VerbOptions,
  rolling: RollingOptions | undefined,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const lines: (string | undefined)[] = new Array(hosts.length);
  let printed = 0;
  let stoppedAt: string | undefined;
  const flush = () => {
    while (printed < hosts.length && lines[printed] !== undefined) io.stdout.write(`${lines[printed++]}\n`);
  };
  const outcomes = await onEachHost(
    hosts,
    options,
    async (ctx: CommandContext, host: FleetHost): Promise<HostResult> => {
      const out: string[] = [];
      const err: string[] = [];
      const units = await verbUnits(ctx.systemd, verb, args);
      let code = await verb.run(ctx.systemd, units, o, { out: (l) => out.push(l), err: (l) => err.push(l) });
      if (rolling && code === 0) {
        const why = await activeAgain(ctx.systemd, units, (options.timeoutMs ?? 25_000) + 65_000);
        if (why) {
          err.push(`not active again: ${why}`);
          code = 1;
        }
      }
      if (rolling && code === 0 && rolling.pauseMs && host !== hosts.at(-1)) await sleep(rolling.pauseMs);
      return { code, out, err, units };
    },
    {
      concurrency: rolling ? 1 : undefined,
      onDone: (i, x) => {
        lines[i] = hostLine(hosts[i]!.name, verb, x);
        flush();
      },
      stop: (x) => {
        const failed = !x.ok || x.value.code !== 0;
        if (rolling && failed) stoppedAt = x.host.name;
        return Boolean(rolling && failed);
      },
    },
  );
  flush();
  const left = hosts.filter((_, i) => !outcomes[i]).map((h) => h.name);
  if (stoppedAt) {
    io.stderr.write(`svctui: the rolling ${verb.name} stopped at ${escapeControlKeepLines(stoppedAt)}${left.length ? `; not done: ${left.map(escapeControlKeepLines).join(', ')}` : ''}\n`);
    return 1;
  }
  const unanswered = outcomes.filter((x) => x && !x.ok).map((x) => x.host.name);
  const failed = outcomes.filter((x) => x?.ok && x.value.code !== 0).map((x) => x.host.name);
  if (unanswered.length || failed.length) io.stderr.write(`svctui: ${unanswered.length + failed.length} of ${hosts.length} hosts did not succeed: ${[...failed, ...unanswered].map(escapeControlKeepLines).join(', ')}\n`);
  if (unanswered.length) return 1;
  for (const x of outcomes) if (x?.ok && x.value.code !== 0) return x.value.code;
  return 0;
}

/** --pause in seconds, checked. */
export function pauseMs(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 86_400) throw new CommandError(`--pause takes seconds (0 to 86400), not "${text}"`, 2);
  return Math.round(n * 1000);
}

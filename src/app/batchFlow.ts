// An action on many units at once (the marked rows, across hosts): one question listing every
// (host, unit), then the results per host as they come. Restarts and starts can go rolling: one
// host at a time, each unit active again before the next host, stopping at the first failure (or
// at Esc) and saying where.
import { actionTitle, ACTION_VERBS, type UnitAction } from '../core/model/actions.js';
import { FlowCancelled, type Prompter } from './prompter.js';
import type { LiveUnits } from './live.js';

export interface BatchTarget {
  /** undefined: the one host there is. */
  host?: string;
  unit: string;
}

/** Actions that can go host by host, waiting for each unit to be active again. */
const ROLLABLE = new Set<UnitAction>(['start', 'restart', 'reload']);
/** Hosts acted on at once (all at once). */
const AT_ONCE = 10;
/** How long a unit may take to be active again before a rolling run calls it a failure. */
const ACTIVE_DEADLINE_MS = 90_000;

export interface BatchDeps {
  /** A host's live model (undefined: the host is not connected). */
  liveOf(host: string | undefined): LiveUnits | undefined;
  /** Esc was pressed: a rolling run stops before its next host. */
  cancelled(): boolean;
  /** A rolling run waits this long between hosts (config.toml's [fleet] pause). */
  pauseMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Targets by host, in the order given. */
function byHost(targets: readonly BatchTarget[]): [string | undefined, string[]][] {
  const out = new Map<string | undefined, string[]>();
  for (const t of targets) out.set(t.host, [...(out.get(t.host) ?? []), t.unit]);
  return [...out];
}

const where = (host: string | undefined) => host ?? 'this host';

/** Runs the action on one host's units; a line per unit said as it ends. False when one did not succeed. */
async function onHost(action: UnitAction, host: string | undefined, units: readonly string[], deps: BatchDeps, p: Prompter): Promise<boolean> {
  const live = deps.liveOf(host);
  if (!live) {
    p.say(`${where(host)}: not connected; nothing was done there`);
    return false;
  }
  let ok = true;
  for (const unit of units) {
    const outcome = await live.runAction(action, unit);
    p.say(`${host ? `${host}: ` : ''}${outcome.text}`);
    if (outcome.ok) p.changed?.(`${actionTitle(action, unit)}${host ? ` on ${host}` : ''}`);
    ok &&= outcome.ok;
  }
  return ok;
}

/** A rolling run's wait: each unit active (from the host's live list), or why not. */
async function activeAgain(live: LiveUnits, units: readonly string[], deps: BatchDeps): Promise<string | undefined> {
  const end = Date.now() + ACTIVE_DEADLINE_MS;
  for (const unit of units) {
    for (;;) {
      const e = live.state.units.get(unit);
      const state = e?.activeState ?? 'inactive';
      if (state === 'active' && !e?.job) break;
      if (!e?.job && state !== 'activating' && state !== 'reloading') return `${unit} is ${state}${e?.Result && e.Result !== 'success' ? ` (${e.Result})` : ''}`;
      if (Date.now() > end) return `${unit} is still ${state} after ${ACTIVE_DEADLINE_MS / 1000} s`;
      if (deps.cancelled()) return undefined;
      await sleep(100);
    }
  }
  return undefined;
}

export async function batchFlow(action: UnitAction, targets: readonly BatchTarget[], deps: BatchDeps, p: Prompter): Promise<number> {
  const hosts = byHost(targets);
  const verb = ACTION_VERBS[action].verb;
  p.say(`${verb} ${targets.length} unit(s)${hosts.length > 1 || hosts[0]?.[0] ? ` on ${hosts.length} host(s)` : ''}:`);
  for (const [host, units] of hosts) p.say(`  ${host ? `${host}: ` : ''}${units.join(', ')}`);
  const rollable = ROLLABLE.has(action) && hosts.length > 1;
  const answer = await p.ask(
    rollable ? `${verb} them? yes: every host at once · rolling: one host at a time, each unit active before the next, stopping at the first failure (Esc stops it) · no` : `${verb} them? [y/N]`,
    rollable ? ['yes', 'rolling', 'no'] : ['yes', 'no'],
    'no',
    'no',
  );
  if (answer === 'no') {
    p.say('Nothing was done.');
    return 1;
  }
  if (answer === 'rolling') return rolling(action, hosts, deps, p);
  // Every host at once (at most AT_ONCE), each host's units in turn; lines as results come.
  let next = 0;
  let failed = 0;
  const worker = async () => {
    for (let i = next++; i < hosts.length; i = next++) {
      const [host, units] = hosts[i]!;
      if (!(await onHost(action, host, units, deps, p))) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, hosts.length) }, worker));
  p.say(failed ? `Done on ${hosts.length - failed} of ${hosts.length} host(s); ${failed} did not succeed (above).` : `Done on every host (${hosts.length}).`);
  return failed ? 1 : 0;
}

async function rolling(action: UnitAction, hosts: [string | undefined, string[]][], deps: BatchDeps, p: Prompter): Promise<number> {
  const notDone = (i: number) => hosts.slice(i).map(([h]) => where(h)).join(', ');
  for (const [i, [host, units]] of hosts.entries()) {
    if (deps.cancelled()) {
      p.say(`Stopped (Esc) before ${where(host)}; not done: ${notDone(i)}.`);
      throw new FlowCancelled();
    }
    const ok = await onHost(action, host, units, deps, p);
    const live = deps.liveOf(host);
    const why = ok && live ? await activeAgain(live, units, deps) : ok ? 'not connected' : 'the action did not succeed';
    if (why) {
      p.say(`Stopped at ${where(host)}: ${why}.${i + 1 < hosts.length ? ` Not done: ${notDone(i + 1)}.` : ''}`);
      return 1;
    }
    p.say(`${where(host)}: active again.`);
    if (deps.pauseMs && i + 1 < hosts.length) {
      p.say(`Waiting ${deps.pauseMs / 1000} s before ${where(hosts[i + 1]![0])} (Esc stops).`);
      const until = Date.now() + deps.pauseMs;
      while (Date.now() < until && !deps.cancelled()) await sleep(Math.min(100, until - Date.now()));
    }
  }
  p.say(`Done, one host at a time (${hosts.length}).`);
  return 0;
}

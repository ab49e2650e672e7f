// The fleet: many hosts, each reached over SSH as with -H, asked with bounded concurrency (sshd's
// MaxStartups is 10:30:100 by default) and a deadline per host, so one host that hangs or refuses
// never holds up the others. A row of the fleet names its host and unit (a UnitRef).
import { expandHosts, HostRangeError } from '../core/hostRange.js';
import { InventoryError, type InventoryHost } from '../core/inventoryHost.js';
import type { BecomeOptions, Host } from '../host/host.js';
import { CommandError, connect, journalSource, lazyHistory, openHistory, openHost, type CommandContext, type GlobalOptions } from './context.js';

/** A unit on a host: what a fleet row, a selection or an action names. */
export interface UnitRef {
  host: string;
  unit: string;
}

export interface FleetHost {
  /** The name shown (the inventory's, or what -H said). */
  name: string;
  /** What ssh is given. */
  destination: string;
  /** Its inventory groups (filters: @group). */
  groups?: readonly string[];
  /** Act there through sudo (the inventory's ansible_become; --become for every host). */
  become?: BecomeOptions;
}

/** Hosts at once by default (sshd's MaxStartups starts refusing at 10 unauthenticated connections). */
export const FLEET_CONCURRENCY = 10;

/** The fleet from -H (ranges expanded) and an inventory; each destination once. */
export async function fleetHosts(hArgs: readonly string[], inventory: string | undefined, limit: string | undefined): Promise<FleetHost[]> {
  const hosts: FleetHost[] = [];
  try {
    for (const h of hArgs) for (const d of expandHosts(h)) hosts.push({ name: d, destination: d });
  } catch (err) {
    if (err instanceof HostRangeError) throw new CommandError(`-H ${err.message}`, 2);
    throw err;
  }
  if (inventory !== undefined) {
    const { readInventory } = await import('../host/local/inventory.js');
    let listed: InventoryHost[];
    try {
      listed = (await readInventory(inventory, limit)).hosts;
    } catch (err) {
      if (err instanceof InventoryError) throw new CommandError(`--inventory ${inventory}: ${err.message}`, 1);
      throw err;
    }
    if (!listed.length) throw new CommandError(`--inventory ${inventory}${limit ? ` --limit ${limit}` : ''}: no host matches`, 1);
    hosts.push(...listed.map((h) => ({ name: h.name, destination: h.destination, groups: h.groups, ...(h.become ? { become: h.become } : {}) })));
  } else if (limit !== undefined) throw new CommandError('--limit selects hosts of an --inventory: give one', 2);
  const seen = new Set<string>();
  return hosts.filter((h) => !seen.has(h.destination) && seen.add(h.destination));
}

export type HostOutcome<T> = { host: FleetHost; ok: true; value: T } | { host: FleetHost; ok: false; why: string };

/**
 * Runs `fn` on each host (at most `concurrency` at once, each within `deadlineMs`), in the hosts'
 * order; `onDone` hears of each as it ends; once `stop` says so, hosts not started are left (their
 * places in the result empty).
 */
export async function onEachHost<T>(
  hosts: readonly FleetHost[],
  options: GlobalOptions,
  fn: (ctx: CommandContext, host: FleetHost) => Promise<T>,
  o: { concurrency?: number; deadlineMs?: number; onDone?: (index: number, outcome: HostOutcome<T>) => void; stop?: (outcome: HostOutcome<T>) => boolean } = {},
): Promise<HostOutcome<T>[]> {
  const out: HostOutcome<T>[] = new Array(hosts.length);
  let next = 0;
  const deadlineMs = o.deadlineMs ?? (options.timeoutMs ?? 25_000) + 15_000;
  let stopped = false;
  const worker = async () => {
    for (let i = next++; i < hosts.length && !stopped; i = next++) {
      const host = hosts[i]!;
      const deadline = new HostDeadline(deadlineMs);
      // Time a person spends at this host's sudo question is not the host's.
      const become = host.become ?? options.become;
      const ask = become?.askPassword;
      const held: FleetHost = ask ? { ...host, become: { ...become, askPassword: (q) => deadline.hold(ask(q)) } } : host;
      try {
        out[i] = { host, ok: true, value: await Promise.race([onHost(held, options, (ctx) => fn(ctx, host)), deadline.late]) };
      } catch (err) {
        out[i] = { host, ok: false, why: (err as Error).message };
      } finally {
        deadline.clear();
      }
      o.onDone?.(i, out[i]!);
      // (Rolling: the first failure stops the hosts not started yet.)
      if (o.stop?.(out[i]!)) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? FLEET_CONCURRENCY, hosts.length) }, worker));
  return out;
}

/**
 * Opens each host's SSH connection (at most FLEET_CONCURRENCY at once, each within its deadline,
 * not counting time at a password question), asking sudo's password through `ask` where sudo wants
 * one; hands each opened host to `keep`. Hosts that fail are left (the caller tries them again).
 */
export async function onEachHostOpened(hosts: readonly FleetHost[], options: GlobalOptions, ask: (prompt: string) => Promise<string | undefined>, keep: (h: FleetHost, host: Host) => void): Promise<void> {
  let next = 0;
  const deadlineMs = (options.timeoutMs ?? 25_000) + 15_000;
  const worker = async () => {
    for (let i = next++; i < hosts.length; i = next++) {
      const h = hosts[i]!;
      const deadline = new HostDeadline(deadlineMs);
      const become = h.become ?? options.become;
      const opening = openHost({ ...options, host: h.destination, interactive: false, become: become && { ...become, askPassword: (q) => deadline.hold(ask(q)) } });
      try {
        keep(h, await Promise.race([opening, deadline.late]));
      } catch {
        void opening.then((host) => host.close(), () => undefined);
      } finally {
        deadline.clear();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FLEET_CONCURRENCY, hosts.length) }, worker));
}

/** A host's deadline, which stops running while the host waits on a person (a password question). */
export class HostDeadline {
  readonly late: Promise<never>;
  private timer: NodeJS.Timeout | undefined;
  private heldMs = 0;
  private holding = 0;
  private heldSince = 0;
  private readonly start = Date.now();
  private fail!: (err: Error) => void;

  constructor(private readonly ms: number) {
    this.late = new Promise<never>((_, reject) => (this.fail = reject));
    this.late.catch(() => undefined);
    this.arm(ms);
  }

  private arm(wait: number): void {
    this.timer = setTimeout(() => {
      if (this.holding) return this.arm(500);
      const used = Date.now() - this.start - this.heldMs;
      if (used >= this.ms) this.fail(new CommandError(`no answer within ${Math.round(this.ms / 1000)} s`, 1));
      else this.arm(this.ms - used);
    }, wait);
  }

  async hold<T>(p: Promise<T>): Promise<T> {
    if (this.holding++ === 0) this.heldSince = Date.now();
    try {
      return await p;
    } finally {
      if (--this.holding === 0) this.heldMs += Date.now() - this.heldSince;
    }
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** A command's output on one host, kept to be printed in the hosts' order (hosts answer in any order). */
export class CollectedOutput {
  private readonly chunks: string[] = [];
  isTTY = false;
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

async function onHost<T>(fleetHost: FleetHost, global: GlobalOptions, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const options: GlobalOptions = { ...global, host: fleetHost.destination, interactive: false, become: fleetHost.become ?? global.become };
  const host = await openHost(options);
  try {
    const systemd = await connect(host, options);
    const { history, close } = lazyHistory(() => openHistory(host, options));
    try {
      return await fn({ systemd, journal: journalSource(host, options), history, options, stdout: process.stdout, stderr: process.stderr });
    } finally {
      systemd.close();
      await close();
    }
  } finally {
    await host.close();
  }
}

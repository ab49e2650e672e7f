// The fleet, live: one LiveUnits per host under one model the TUI subscribes to. Hosts connect at
// most FLEET_CONCURRENCY at a time, staggered, each within a deadline; a host that is slow,
// refuses or hangs is said in words and never holds up the others or the first frame. A host whose
// connection drops reconnects by itself with backoff, its rows kept (dimmed) meanwhile.
import type { Host } from '../host/host.js';
import { FLEET_CONCURRENCY, type FleetHost } from './fleet.js';
import { connected, journalSource, managerKey, openHistory, openHost, openInWorker, type GlobalOptions } from './context.js';
import type { JournalSource } from './journal.js';
import { LiveUnits } from './live.js';
import { FramePacer } from '../core/model/framePacing.js';
import { benchMark, benchMarking } from '../host/benchMark.js';
import { fleetRows, type FleetOrder, type HostRows } from '../core/model/fleetRows.js';
import type { FleetHeaderFacts, HostSummary } from '../core/model/hostsView.js';
import type { UnitRow } from '../core/model/unitRow.js';
import { countStates, rowOf, visibleRows, type RowFilter, type StateCounts, type TypeFilter, type UnitsState } from '../core/model/units.js';

/** Where a host's connection is, in the words the header and the hosts view use. */
export type HostPhase = 'waiting' | 'connecting' | 'live' | 'reloading' | 'stalled' | 'manager gone' | 'reconnecting' | 'unreachable' | 'auth needed';

export interface HostSlot {
  readonly host: FleetHost;
  phase: HostPhase;
  /** Why it is not live (the last failure), in words. */
  why?: string;
  live?: LiveUnits;
  remote?: Host;
  journal?: JournalSource;
  /** Failed attempts in a row (reconnects wait longer each time). */
  attempts: number;
  /** A connection attempt is queued or under way. */
  pending?: boolean;
  /** Its manager's key for svctui's stores (pending edits, runs). */
  managerKey?: string;
}

/** Waits before connecting again: quick at first, then every 30 s (a host down for long is not hammered). */
export function fleetRetryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

/** Between two connections started at once: sshd counts unauthenticated connections (MaxStartups). */
const STAGGER_MS = 40;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A failure's words → the phase a person would name it by. */
function phaseOf(why: string): HostPhase {
  return /permission denied|authentication|host key verification failed|passphrase|password/i.test(why) ? 'auth needed' : 'unreachable';
}

export class FleetLive {
  readonly slots: HostSlot[];
  /** The list's last merged order (fleetRows reuses it while no host's membership changed). */
  readonly lastOrder: FleetOrder = {};
  private readonly listeners = new Set<() => void>();
  private snapshot = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly unsubscribe = new Map<HostSlot, () => void>();
  private queue: HostSlot[] = [];
  private running = 0;
  private lastStart = 0;
  private readonly pacer = new FramePacer();
  /** Each host's state version last announced (how many changes an announcement carries). */
  private readonly seenVersion = new Map<HostSlot, number>();
  private flushTimer: NodeJS.Timeout | undefined;
  private pendingChanges = 0;
  private lastFlushAt = 0;
  private lastFlushCost = 0;

  /** SSH connections opened before the UI (by host name), taken by each host's first attempt. */
  private readonly opened: Map<string, Host>;

  constructor(
    hosts: readonly FleetHost[],
    private readonly options: GlobalOptions,
    private readonly o: { concurrency?: number; deadlineMs?: number; opened?: Map<string, Host> } = {},
  ) {
    this.slots = hosts.map((host) => ({ host, phase: 'waiting', attempts: 0 }));
    this.opened = o.opened ?? new Map();
  }

  /** Starts connecting every host (returns at once; the slots say how each is doing). */
  start(): this {
    for (const s of this.slots) this.enqueue(s, 0);
    return this;
  }

  private enqueue(slot: HostSlot, delayMs: number): void {
    if (slot.pending || this.closed) return;
    slot.pending = true;
    this.later(delayMs, () => {
      this.queue.push(slot);
      this.pump();
    });
  }

  slot(host: string): HostSlot | undefined {
    return this.slots.find((s) => s.host.name === host);
  }

  /** The live model of a host (undefined while it is not connected). */
  liveOf(host: string | undefined): LiveUnits | undefined {
    return host === undefined ? undefined : this.slot(host)?.live;
  }

  /** A live host's model (the first in the inventory's order), for what is not about one host. */
  anyLive(): LiveUnits | undefined {
    return this.slots.find((s) => s.live && s.phase === 'live')?.live ?? this.slots.find((s) => s.live)?.live;
  }

  get liveCount(): number {
    return this.slots.filter((s) => s.phase === 'live').length;
  }

  getSnapshot = (): number => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Announced at most once a frame across every host (each host paces its own changes, but fifty
   * hosts each announcing once a frame would be fifty renders a frame), slower in a burst.
   */
  private changed(units = 1): void {
    this.pendingChanges += units;
    if (this.flushTimer || this.closed) return;
    const now = performance.now();
    // What the last announcement cost (the render it caused runs in the same turn): the next one
    // waits at least twice that, so that keys get half the thread however slow frames get.
    const wait = Math.max(this.pacer.delay(now), this.lastFlushAt + 2 * this.lastFlushCost - now);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const t0 = performance.now();
      this.pacer.shown(t0, this.pendingChanges);
      this.pendingChanges = 0;
      this.snapshot++;
      for (const l of this.listeners) l();
      setImmediate(() => {
        this.lastFlushAt = performance.now();
        this.lastFlushCost = this.lastFlushAt - t0;
      });
    }, wait);
  }

  private pump(): void {
    this.pumpBackground();
    const limit = this.o.concurrency ?? FLEET_CONCURRENCY;
    while (!this.closed && this.running < limit && this.queue.length) {
      const slot = this.queue.shift()!;
      this.running++;
      const wait = Math.max(0, this.lastStart + STAGGER_MS - Date.now());
      this.lastStart = Date.now() + wait;
      // The slot is given back once the host's ssh is authenticated (what sshd's MaxStartups
      // counts), or when the attempt ends: the bus and the listing then overlap the next hosts.
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        this.running--;
        this.pump();
      };
      this.later(wait, () => void this.connectSlot(slot, release).finally(release));
    }
  }

  /**
   * The hosts' journals and run stores, read after every host that can connect has (reading and
   * parsing fifty journals while hosts connect would slow every connection), two at a time.
   */
  private readonly background: (() => Promise<void>)[] = [];
  private backgroundRunning = 0;

  private pumpBackground(): void {
    if (this.closed || this.running > 0 || this.queue.length) return;
    while (this.backgroundRunning < 2 && this.background.length) {
      const load = this.background.shift()!;
      this.backgroundRunning++;
      void load().finally(() => {
        this.backgroundRunning--;
        this.pumpBackground();
      });
    }
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private async connectSlot(slot: HostSlot, authenticated: () => void = () => undefined): Promise<void> {
    slot.pending = false;
    if (this.closed) return;
    slot.phase = slot.attempts ? 'reconnecting' : 'connecting';
    this.changed();
    const options: GlobalOptions = { ...this.options, host: slot.host.destination, interactive: false, become: slot.host.become ?? this.options.become };
    const deadlineMs = this.o.deadlineMs ?? (this.options.timeoutMs ?? 25_000) + 5_000;
    let remote: Host | undefined;
    let timer: NodeJS.Timeout | undefined;
    // A host already reached keeps its SSH connection (and what sudo was given there) when only
    // its bus went: opened before the UI (--become's password questions), or by the last attempt.
    const kept = this.opened.get(slot.host.name) ?? (slot.remote && !slot.remote.isClosed ? slot.remote : undefined);
    this.opened.delete(slot.host.name);
    const attempt = (async () => {
      if (benchMarking) benchMark('fleet-host', `${slot.host.name} connecting`);
      remote = kept ?? (await openHost(options));
      if (benchMarking) benchMark('fleet-host', `${slot.host.name} ssh`);
      authenticated();
      // Its bus in the fleet's one worker thread: decoding fifty hosts' signals here would take the keys' turns.
      const systemd = await connected(openInWorker(remote, options, { shared: true }));
      if (benchMarking) benchMark('fleet-host', `${slot.host.name} bus`);
      return LiveUnits.open(systemd);
    })();
    try {
      const live = await Promise.race([
        attempt,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(deadlineMs / 1000)} s`)), deadlineMs);
        }),
      ]);
      if (this.closed) {
        live.close();
        await remote?.close();
        return;
      }
      this.attach(slot, live, remote!, options);
    } catch (err) {
      // A late success after the deadline is closed when it comes.
      void attempt.then((live) => live.close(), () => undefined).finally(() => void (remote !== kept && remote?.close()));
      if (this.closed) return;
      slot.attempts++;
      // (The host is named on its row: "cannot connect to web12: web12 is unreachable: …" says it twice.)
      slot.why = (err as Error).message.replace(/\s+/g, ' ').trim().replace(new RegExp(`^cannot connect to ${escapeRegExp(slot.host.destination)}: (${escapeRegExp(slot.host.destination)} is )?`), '');
      slot.phase = phaseOf(slot.why);
      this.changed();
      this.enqueue(slot, fleetRetryDelay(slot.attempts - 1));
    } finally {
      clearTimeout(timer);
    }
  }

  private attach(slot: HostSlot, live: LiveUnits, remote: Host, options: GlobalOptions): void {
    slot.live?.close();
    if (slot.remote && slot.remote !== remote) void slot.remote.close();
    slot.managerKey = managerKey(options);
    slot.live = live;
    slot.remote = remote;
    slot.journal = journalSource(remote, options);
    slot.attempts = 0;
    slot.why = undefined;
    slot.phase = 'live';
    if (benchMarking) benchMark('fleet-host', `${slot.host.name} live`);
    this.unsubscribe.get(slot)?.();
    this.unsubscribe.set(
      slot,
      live.subscribe(() => this.onHostChange(slot, live)),
    );
    // The journal and the run store after the host's first rows, as with one host.
    this.background.push(() => live.loadBackground(() => openHistory(remote, options)).catch(() => undefined));
    this.pumpBackground();
    this.changed();
  }

  private onHostChange(slot: HostSlot, live: LiveUnits): void {
    if (slot.live !== live) return;
    const phase: HostPhase = live.connection === 'connected' ? 'live' : live.connection === 'manager-gone' ? 'manager gone' : live.connection === 'disconnected' ? 'reconnecting' : live.connection;
    if (phase !== slot.phase) slot.phase = phase;
    const version = live.state.version;
    const units = version - (this.seenVersion.get(slot) ?? 0);
    this.seenVersion.set(slot, version);
    // The connection dropped: connect again (the rows stay, dimmed, until then).
    if (live.connection === 'disconnected' && !slot.pending) {
      slot.why = 'the connection was lost';
      slot.attempts++;
      this.enqueue(slot, fleetRetryDelay(0));
    }
    this.changed(Math.max(1, units));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.flushTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const off of this.unsubscribe.values()) off();
    for (const s of this.slots) {
      s.live?.close();
      void s.remote?.close();
    }
    for (const h of this.opened.values()) void h.close();
  }
}

/** What the list asks of the fleet besides the filter. */
export interface FleetRowsWanted {
  /** Units whose folds are open. */
  unfolded?: readonly string[];
  /** Only this host's units. */
  hostOnly?: string;
  /** The selected row's key (its unit keeps its row on its host although systemd unloads it). */
  selected?: string;
}

/**
 * The fleet's list: each live host's rows under the filter, merged and folded (fleetRows). The
 * filter's text also names hosts: a host whose name has it shows all its units, and "@group"
 * shows the units of an inventory group's hosts.
 */
export function fleetListRows(fleet: FleetLive, filter: RowFilter, w: FleetRowsWanted = {}): UnitRow[] {
  const text = filter.text.toLowerCase();
  const group = text.startsWith('@') ? text.slice(1) : undefined;
  const [selName, selHost] = w.selected?.includes('\t') && !w.selected.includes('\t*') ? w.selected.split('\t') : [];
  const perHost: HostRows[] = [];
  for (const s of fleet.slots) {
    if (!s.live || (w.hostOnly !== undefined && s.host.name !== w.hostOnly)) continue;
    const name = s.host.name.toLowerCase();
    if (group !== undefined && !(s.host.groups ?? []).some((g) => g.toLowerCase() === group)) continue;
    const hostMatches = group !== undefined || (text !== '' && name.includes(text));
    const f: RowFilter = { ...filter, text: hostMatches ? '' : filter.text, keep: selHost === s.host.name && selName ? [selName] : undefined };
    // (What the host's list is a function of: which units it has, and the filter.)
    const sig = `${s.live.state.membership}|${f.type}|${f.all}|${f.state}|${f.text}|${f.keep?.[0] ?? ''}|${(f.patterns ?? []).map((p) => p.source).join(' ')}`;
    perHost.push({ host: s.host.name, rows: visibleRows(s.live.state, f), membership: sig });
  }
  return fleetRows(perHost, { sort: filter.sort, pinned: filter.pinned, unfolded: w.unfolded }, fleet.lastOrder);
}

/** Each host as the hosts view shows it: connection, failed units (newest first), systemd. */
export function hostSummaries(fleet: FleetLive): HostSummary[] {
  return fleet.slots.map((s) => {
    const live = s.live;
    let failed: UnitRow[] | undefined;
    if (live && s.phase !== 'connecting') {
      failed = [];
      for (const e of live.state.units.values()) if (e.activeState === 'failed') failed.push(rowOf(live.state, e.name)!);
      failed.sort((a, b) => (b.sinceUs > a.sinceUs ? 1 : b.sinceUs < a.sinceUs ? -1 : 0));
    }
    return { name: s.host.name, phase: s.phase, why: s.why, failed, version: live ? String(live.systemd.versionNumber || live.systemd.version) : undefined, groups: s.host.groups };
  });
}

/**
 * One host's counts, counted again only when that host changed (its state's version): the header
 * is drawn at every change of any host, and fifty hosts of 200 units are 10,000 units to walk.
 */
const hostCounts = new WeakMap<UnitsState, { version: number; type: TypeFilter; counts: StateCounts }>();
function countsOf(state: UnitsState, type: TypeFilter): StateCounts {
  const hit = hostCounts.get(state);
  if (hit && hit.version === state.version && hit.type === type) return hit.counts;
  const counts = countStates(state, type);
  hostCounts.set(state, { version: state.version, type, counts });
  return counts;
}

/** The header's counts over every host that is live. */
export function fleetCounts(fleet: FleetLive, type: TypeFilter): StateCounts {
  const c: StateCounts = { running: 0, failed: 0, inactive: 0 };
  for (const s of fleet.slots) {
    if (!s.live) continue;
    const h = countsOf(s.live.state, type);
    c.running += h.running;
    c.failed += h.failed;
    c.inactive += h.inactive;
    if (h.changedOnDisk) c.changedOnDisk = (c.changedOnDisk ?? 0) + h.changedOnDisk;
  }
  return c;
}

/** The header's words for the fleet: how many hosts are live, and which are not (with why, in the hosts view). */
export function fleetHeader(fleet: FleetLive, hostOnly?: string): FleetHeaderFacts {
  const down = fleet.slots.filter((s) => s.phase !== 'live').map((s) => ({ name: s.host.name, phase: s.phase }));
  return { total: fleet.slots.length, live: fleet.slots.length - down.length, down, hostOnly };
}

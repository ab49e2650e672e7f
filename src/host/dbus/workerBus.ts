// A Bus whose connection lives in a worker thread (worker.ts). The UI thread never loads
// dbus-next nor decodes a message: it gets plain values, and signals in batches. Calls may be
// made before the connection is up; the worker runs them once it is (or fails them with why not).
// One host has a worker of its own; the fleet's hosts share one (WorkerChannel: one inbox, one
// budget per turn for all of them, so fifty hosts' bursts still leave the keys their turn).
import type { Worker } from 'node:worker_threads';
import { startBusWorker } from './workerStart.js';
import { benchMarking, watchWorkerMemory } from '../benchMark.js';
import {
  errorFromData,
  resolveBusAddress,
  SYSTEMD_BUS_NAME,
  SystemdError,
  BusBase,
  type BusTarget,
  type CallOptions,
} from '../bus.js';
import type { WorkerData, WorkerMessage, WorkerRequest } from './worker.js';
import type { Follower, FollowOptions, ToolOptions, ToolResult } from '../tools.js';

/** The most the UI thread spends on the worker's messages before it lets other events in. */
const PUMP_BUDGET_MS = 8;

/**
 * bin/svctui starts the worker before the UI's code is even loaded, when svctui looks interactive
 * (it boots on the other core meanwhile), and leaves it here. The first RemoteBus takes it.
 */
export const EARLY_WORKER = Symbol.for('svctui.busWorker');

function takeEarlyWorker(): Worker | undefined {
  const g = globalThis as { [EARLY_WORKER]?: Worker };
  const w = g[EARLY_WORKER];
  delete g[EARLY_WORKER];
  // A worker that already ended (threadId -1) would never answer: start a new one instead.
  return w && w.threadId >= 0 ? w : undefined;
}

/** A worker and the buses it serves: its messages, in order, handed to each bus within one budget per turn. */
class WorkerChannel {
  private readonly buses = new Map<number, RemoteBus>();
  private readonly inbox: WorkerMessage[] = [];
  /** How far into the first inbox message (a batch of signals) the pump got. */
  private signalIndex = 0;
  private pumping = false;
  private nextConn = 1;

  constructor(
    readonly worker: Worker,
    /** Serves several buses (the fleet's); else one, whose close ends the worker. */
    readonly shared: boolean,
  ) {
    if (benchMarking) watchWorkerMemory(worker);
    worker.on('message', (m: WorkerMessage) => {
      this.inbox.push(m);
      if (!this.pumping) this.pump();
    });
    worker.on('error', (err) => {
      for (const b of [...this.buses.values()]) b.workerFailed(err);
    });
    worker.on('exit', () => {
      for (const b of [...this.buses.values()]) b.workerGone();
      if (sharedChannel === this) sharedChannel = undefined;
    });
  }

  /** A bus joins: its connection's number in the worker (0: the worker's only one). */
  attach(bus: RemoteBus): number {
    const conn = this.shared ? this.nextConn++ : 0;
    this.buses.set(conn, bus);
    if (this.shared) this.worker.ref();
    return conn;
  }

  detach(conn: number): void {
    this.buses.delete(conn);
    // A shared worker with nothing to serve keeps svctui from nothing.
    if (this.shared && this.buses.size === 0) this.worker.unref();
  }

  post(message: WorkerRequest): void {
    this.worker.postMessage(message);
  }

  /**
   * Hands the worker's messages over in order, for at most PUMP_BUDGET_MS per turn: a burst of
   * thousands of signals is then taken in slices, and keys typed meanwhile are read in between.
   */
  private readonly pump = (): void => {
    this.pumping = true;
    const deadline = performance.now() + PUMP_BUDGET_MS;
    try {
      while (this.inbox.length) {
        const m = this.inbox[0]!;
        const bus = this.buses.get(m.conn ?? 0);
        if (m.type === 'signals') {
          while (this.signalIndex < m.signals.length) {
            bus?.deliverSignal(m.signals[this.signalIndex++]!);
            if (performance.now() > deadline) {
              setImmediate(this.pump);
              return;
            }
          }
          this.signalIndex = 0;
        } else bus?.handle(m);
        this.inbox.shift();
        if (performance.now() > deadline && this.inbox.length) {
          setImmediate(this.pump);
          return;
        }
      }
      this.pumping = false;
    } catch (err) {
      this.pumping = false;
      throw err;
    }
  };
}

/** The fleet's worker, started with its first bus. */
let sharedChannel: WorkerChannel | undefined;

export class RemoteBus extends BusBase {
  managerVersion = '';
  uniqueName = '';
  /** Settles when the connection is up (or could not be made: a SystemdError in words). */
  readonly ready: Promise<void>;
  private closed = false;
  /** The worker was told to end (close): once per worker. */
  private ended = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (body: unknown) => void; reject: (err: SystemdError) => void }>();
  private readonly followers = new Map<number, { onText: (text: string) => void; ended: (end: { exitCode: number | null; stderr: string }) => void }>();
  private readonly matches = new Set<string>();
  private readonly channel: WorkerChannel;
  /** This bus's connection in the worker. */
  private readonly conn: number;
  private settleReady!: { resolve: () => void; reject: (err: SystemdError) => void };
  readonly address: string;

  constructor(
    readonly target: BusTarget,
    options: { timeoutMs?: number; shared?: boolean } = {},
  ) {
    super();
    this.address = resolveBusAddress(target);
    const data: WorkerData = { target: { ...target, address: this.address }, timeoutMs: options.timeoutMs };
    let settle!: { resolve: () => void; reject: (err: SystemdError) => void };
    this.ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.ready.catch(() => undefined); // a caller may only learn of it through a failed call
    this.settleReady = settle;
    if (options.shared) {
      this.channel = sharedChannel ??= new WorkerChannel(startBusWorker(), true);
      this.conn = this.channel.attach(this);
      this.channel.post({ type: 'connect', conn: this.conn, ...data });
      return;
    }
    const early = takeEarlyWorker();
    this.channel = new WorkerChannel(early ?? startBusWorker(data), false);
    this.conn = this.channel.attach(this);
    if (early) {
      early.ref();
      early.postMessage({ type: 'connect', ...data } satisfies WorkerRequest);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** From the channel: one signal, in the bus's order. */
  deliverSignal(signal: unknown): void {
    this.emit('signal', signal);
  }

  workerFailed(err: Error): void {
    this.settleReady.reject(new SystemdError('disconnected', `the D-Bus worker failed: ${err.message}`));
    this.gone(`the D-Bus worker failed: ${err.message}`);
  }

  workerGone(): void {
    this.gone('the D-Bus worker stopped');
  }

  /** From the channel: a reply, a failure, a follower's text, the connection's news. */
  handle(m: Exclude<WorkerMessage, { type: 'signals' }>): void {
    switch (m.type) {
      case 'connected':
        this.managerVersion = m.managerVersion;
        this.uniqueName = m.uniqueName;
        this.settleReady.resolve();
        return;
      case 'connect-failed': {
        const err = errorFromData(m.error);
        this.settleReady.reject(err);
        this.gone(err.message, false);
        return;
      }
      case 'reply':
        this.settle(m.id, (p) => p.resolve(m.body));
        return;
      case 'fail':
        this.settle(m.id, (p) => p.reject(errorFromData(m.error)));
        return;
      case 'follow-text':
        this.followers.get(m.id)?.onText(m.text);
        return;
      case 'follow-ended': {
        const f = this.followers.get(m.id);
        this.followers.delete(m.id);
        f?.ended({ exitCode: m.exitCode, stderr: m.stderr });
        return;
      }
      case 'disconnect':
        this.gone(`the connection to ${this.address} was lost`);
        return;
    }
  }

  private settle(id: number, fn: (p: { resolve: (body: unknown) => void; reject: (err: SystemdError) => void }) => void): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    fn(p);
  }

  private request(message: WorkerRequest & { id: number }, what: string): Promise<unknown> {
    if (this.closed) return Promise.reject(new SystemdError('disconnected', `${what}: the connection to ${this.address} is closed`));
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.channel.post({ ...message, conn: this.conn });
    });
  }

  async call(path: string, iface: string, member: string, signature: string, body: unknown[], options: CallOptions = {}, destination = SYSTEMD_BUS_NAME): Promise<unknown[]> {
    const reply = await this.request({ type: 'call', id: this.nextId++, path, iface, member, signature, body, options, destination }, member);
    return (reply ?? []) as unknown[];
  }

  keepSignalProperties(names: readonly string[] | undefined): void {
    if (!this.closed) this.channel.post({ type: 'keep-properties', conn: this.conn, names: names && [...names] });
  }

  /** Runs a tool (journalctl, systemd-analyze) in the worker thread; see run.ts. */
  runTool(file: string, args: string[], options: ToolOptions): Promise<ToolResult> {
    return this.request({ type: 'run', id: this.nextId++, file, args, options }, file) as Promise<ToolResult>;
  }

  /** Follows a tool's output (journalctl -f) from the worker thread; see tools.ts. */
  followTool(file: string, args: string[], options: FollowOptions, onText: (text: string) => void): Follower {
    const id = this.nextId++;
    let settle!: (end: { exitCode: number | null; stderr: string }) => void;
    const ended = new Promise<{ exitCode: number | null; stderr: string }>((resolve) => (settle = resolve));
    if (this.closed) {
      settle({ exitCode: null, stderr: `the connection to ${this.address} is closed` });
      return { stop: () => undefined, ended };
    }
    this.followers.set(id, { onText, ended: settle });
    this.channel.post({ type: 'follow', conn: this.conn, id, file, args, env: options.env, input: options.input });
    return {
      stop: () => {
        if (this.followers.has(id) && !this.closed) this.channel.post({ type: 'follow-stop', conn: this.conn, id });
      },
      ended,
    };
  }

  async addMatch(rule: string): Promise<void> {
    if (this.matches.has(rule)) return;
    this.matches.add(rule);
    await this.request({ type: 'add-match', id: this.nextId++, rule }, 'AddMatch');
  }

  close(): void {
    this.gone('the connection was closed', false);
    // Also when the connection failed or dropped first (gone already): a worker left running would
    // keep its thread and memory for good, one per failed reconnect.
    if (this.ended) return;
    this.ended = true;
    this.channel.post({ type: 'close', conn: this.conn, endWorker: !this.channel.shared });
    // A worker of its own closes the socket and ends; if it cannot, it is ended, and never keeps svctui alive.
    if (!this.channel.shared) setTimeout(() => void this.channel.worker.terminate(), 1000).unref();
  }

  private gone(reason: string, announce = true): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.detach(this.conn);
    if (!this.channel.shared) this.channel.worker.unref();
    for (const p of this.pending.values()) p.reject(new SystemdError('disconnected', reason));
    this.pending.clear();
    for (const f of this.followers.values()) f.ended({ exitCode: null, stderr: reason });
    this.followers.clear();
    if (announce) this.emit('disconnect');
  }
}

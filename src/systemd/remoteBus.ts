// A Bus whose connection lives in a worker thread (busWorker.ts). The UI thread never loads
// dbus-next nor decodes a message: it gets plain values, and signals in batches. Calls may be
// made before the connection is up; the worker runs them once it is (or fails them with why not).
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import {
  errorFromData,
  propertyValues,
  PROPERTIES_IFACE,
  resolveBusAddress,
  SYSTEMD_BUS_NAME,
  SystemdError,
  variantValue,
  type Bus,
  type BusTarget,
  type CallOptions,
  type SignalMessage,
} from './busCore.js';
import type { WorkerData, WorkerMessage, WorkerRequest } from './busWorker.js';
import type { ToolOptions, ToolResult } from './run.js';


/** The worker's script: dist/bus-worker.mjs when built (this code is then in dist/chunks/), the source when run from src/. */
function workerUrl(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./busWorker.ts', import.meta.url);
  return new URL(import.meta.url.includes('/chunks/') ? '../bus-worker.mjs' : './bus-worker.mjs', import.meta.url);
}

/**
 * bin/svctui starts the worker before the UI's code is even loaded, when svctui looks interactive
 * (it boots on the other core meanwhile). The first RemoteBus takes it; later ones start their own.
 */
export const EARLY_WORKER = Symbol.for('svctui.busWorker');

function takeEarlyWorker(): Worker | undefined {
  const g = globalThis as { [EARLY_WORKER]?: Worker };
  const w = g[EARLY_WORKER];
  delete g[EARLY_WORKER];
  return w;
}

export class RemoteBus extends EventEmitter implements Bus {
  managerVersion = '';
  /** Settles when the connection is up (or could not be made: a SystemdError in words). */
  readonly ready: Promise<void>;
  private closed = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (body: unknown) => void; reject: (err: SystemdError) => void }>();
  private readonly matches = new Set<string>();
  private readonly worker: Worker;
  readonly address: string;

  constructor(
    readonly target: BusTarget,
    options: { timeoutMs?: number } = {},
  ) {
    super();
    this.address = resolveBusAddress(target);
    const data: WorkerData = { target: { ...target, address: this.address }, timeoutMs: options.timeoutMs };
    const early = takeEarlyWorker();
    this.worker = early ?? new Worker(workerUrl(), { workerData: data });
    if (early) {
      early.ref();
      early.postMessage({ type: 'connect', ...data } satisfies WorkerRequest);
    }
    let settle!: { resolve: () => void; reject: (err: SystemdError) => void };
    this.ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.ready.catch(() => undefined); // a caller may only learn of it through a failed call
    this.worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'connected':
          this.managerVersion = m.managerVersion;
          settle.resolve();
          return;
        case 'connect-failed': {
          const err = errorFromData(m.error);
          settle.reject(err);
          this.gone(err.message, false);
          return;
        }
        case 'reply':
          this.settle(m.id, (p) => p.resolve(m.body));
          return;
        case 'fail':
          this.settle(m.id, (p) => p.reject(errorFromData(m.error)));
          return;
        case 'signals':
          for (const s of m.signals) this.emit('signal', s satisfies SignalMessage);
          return;
        case 'disconnect':
          this.gone(`the connection to ${this.address} was lost`);
          return;
      }
    });
    this.worker.on('error', (err) => {
      settle.reject(new SystemdError('disconnected', `the D-Bus worker failed: ${err.message}`));
      this.gone(`the D-Bus worker failed: ${err.message}`);
    });
    this.worker.on('exit', () => this.gone('the D-Bus worker stopped'));
  }

  get isClosed(): boolean {
    return this.closed;
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
      this.worker.postMessage(message);
    });
  }

  async call(path: string, iface: string, member: string, signature: string, body: unknown[], options: CallOptions = {}, destination = SYSTEMD_BUS_NAME): Promise<unknown[]> {
    const reply = await this.request({ type: 'call', id: this.nextId++, path, iface, member, signature, body, options, destination }, member);
    return (reply ?? []) as unknown[];
  }

  async getProperty(path: string, iface: string, name: string): Promise<unknown> {
    const [value] = await this.call(path, PROPERTIES_IFACE, 'Get', 'ss', [iface, name]);
    return variantValue(value);
  }

  async getAllProperties(path: string, iface = ''): Promise<Record<string, unknown>> {
    const [dict] = await this.call(path, PROPERTIES_IFACE, 'GetAll', 's', [iface]);
    return propertyValues(dict);
  }

  /** Runs a tool (journalctl, systemd-analyze) in the worker thread; see run.ts. */
  runTool(file: string, args: string[], options: ToolOptions): Promise<ToolResult> {
    return this.request({ type: 'run', id: this.nextId++, file, args, options }, file) as Promise<ToolResult>;
  }

  async addMatch(rule: string): Promise<void> {
    if (this.matches.has(rule)) return;
    this.matches.add(rule);
    await this.request({ type: 'add-match', id: this.nextId++, rule }, 'AddMatch');
  }

  close(): void {
    if (this.closed) return;
    this.gone('the connection was closed', false);
    this.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    // The worker closes the socket and ends; if it cannot, it does not keep svctui alive.
    setTimeout(() => void this.worker.terminate(), 1000).unref();
  }

  private gone(reason: string, announce = true): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.unref();
    for (const p of this.pending.values()) p.reject(new SystemdError('disconnected', reason));
    this.pending.clear();
    if (announce) this.emit('disconnect');
  }
}

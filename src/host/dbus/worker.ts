// The worker thread behind workerBus.ts: owns the D-Bus connections (bus.ts), so reading and decoding
// systemd's signals never holds up the UI thread; it also runs journalctl and friends for it.
// One worker serves one connection (one host), or — the fleet — many, each message naming its
// connection (`conn`): a thread per host would cost megabytes each. Signals go out in batches, one
// per turn per connection, and always before that connection's next reply, so the UI sees
// everything in the order the bus delivered it.
import { parentPort, workerData } from 'node:worker_threads';
import { benchMark } from '../benchMark.js';
import { BusConnection } from './connection.js';
import { followInThread, runInThread, type Follower, type ToolOptions } from '../tools.js';
import { errorData, SystemdError, translateError, type BusTarget, type CallOptions, type ErrorData, type SignalMessage } from '../bus.js';

/** Which connection of the worker a message is about (0: the only one). */
interface OnConn {
  conn?: number;
}

export type WorkerRequest = OnConn &
  (
    | ({ type: 'connect' } & WorkerData)
    | { type: 'call'; id: number; path: string; iface: string; member: string; signature: string; body: unknown[]; options?: CallOptions; destination?: string }
    | { type: 'add-match'; id: number; rule: string }
    | { type: 'run'; id: number; file: string; args: string[]; options: ToolOptions }
    | { type: 'follow'; id: number; file: string; args: string[]; env?: Record<string, string>; input?: string }
    | { type: 'follow-stop'; id: number }
    | { type: 'keep-properties'; names: string[] | undefined }
    /** Closes the connection; `endWorker`: and the worker with it (it served that one alone). */
    | { type: 'close'; endWorker?: boolean }
  );

export type WorkerMessage = OnConn &
  (
    | { type: 'connected'; managerVersion: string; uniqueName: string }
    | { type: 'connect-failed'; error: ErrorData }
    | { type: 'reply'; id: number; body: unknown }
    | { type: 'fail'; id: number; error: ErrorData }
    | { type: 'signals'; signals: SignalMessage[] }
    | { type: 'follow-text'; id: number; text: string }
    | { type: 'follow-ended'; id: number; exitCode: number | null; stderr: string }
    | { type: 'disconnect' }
  );

export interface WorkerData {
  target: BusTarget;
  timeoutMs?: number;
}

/** Plain data for postMessage: a Buffer would drag its whole backing memory along, a Variant is a class. */
function plain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (Array.isArray(v)) return v.map(plain);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plain(x);
  return out;
}

const port = parentPort!;

/** One connection's state: its bus, the signals not sent yet, its followers (journalctl -f). */
interface Served {
  connecting?: Promise<BusConnection>;
  batch: SignalMessage[];
  flushScheduled: boolean;
  followers: Map<number, Follower>;
}
const served = new Map<number, Served>();

function servedFor(conn: number): Served {
  let s = served.get(conn);
  if (!s) served.set(conn, (s = { batch: [], flushScheduled: false, followers: new Map() }));
  return s;
}

function post(conn: number, message: WorkerMessage): void {
  flushSignals(conn);
  port.postMessage(conn ? { ...message, conn } : message);
}

function flushSignals(conn: number): void {
  const s = served.get(conn);
  if (!s?.batch.length) return;
  const signals = s.batch;
  s.batch = [];
  port.postMessage({ type: 'signals', signals, ...(conn ? { conn } : {}) } satisfies WorkerMessage);
}

function connect(conn: number, { target, timeoutMs }: WorkerData): Promise<BusConnection> {
  benchMark('worker-connecting');
  const s = servedFor(conn);
  const connection = BusConnection.connect(target, { timeoutMs });
  connection.then(
    (c) => {
      benchMark('worker-connected');
      post(conn, { type: 'connected', managerVersion: c.managerVersion, uniqueName: c.uniqueName });
      c.on('signal', (sig: SignalMessage) => {
        s.batch.push(plain(sig) as SignalMessage);
        if (s.flushScheduled) return;
        s.flushScheduled = true;
        setImmediate(() => {
          s.flushScheduled = false;
          flushSignals(conn);
        });
      });
      c.on('disconnect', () => post(conn, { type: 'disconnect' }));
    },
    (err: unknown) => post(conn, { type: 'connect-failed', error: errorData(translateError(err, 'connecting')) }),
  );
  return connection;
}

// Started with its target, or started early (bin/svctui, while the UI loads) and told it later.
if (workerData) servedFor(0).connecting = connect(0, workerData as WorkerData);

port.on('message', (m: WorkerRequest) => {
  const conn = m.conn ?? 0;
  const s = servedFor(conn);
  if (m.type === 'connect') {
    s.connecting ??= connect(conn, m);
    return;
  }
  if (m.type === 'keep-properties') {
    void s.connecting?.then((c) => c.keepSignalProperties(m.names), () => undefined);
    return;
  }
  if (m.type === 'close') {
    for (const f of s.followers.values()) f.stop();
    served.delete(conn);
    void (s.connecting ?? Promise.reject(new Error('not connected')))
      .then((c) => c.close(), () => undefined)
      .finally(() => {
        if (m.endWorker) port.close();
      });
    return;
  }
  if (m.type === 'follow') {
    // Followed here too (journalctl -f): a new selection starts one, and a fork must not hold up keys.
    const follower = followInThread(m.file, m.args, { env: m.env, input: m.input }, (text) => post(conn, { type: 'follow-text', id: m.id, text }));
    s.followers.set(m.id, follower);
    void follower.ended.then((end) => {
      s.followers.delete(m.id);
      post(conn, { type: 'follow-ended', id: m.id, ...end });
    });
    return;
  }
  if (m.type === 'follow-stop') {
    s.followers.get(m.id)?.stop();
    return;
  }
  if (m.type === 'run') {
    // Tools run here, not on the UI thread: starting a process forks the whole process.
    void runInThread(m.file, m.args, m.options).then(
      (result) => post(conn, { type: 'reply', id: m.id, body: result }),
      (err: unknown) => post(conn, { type: 'reply', id: m.id, body: { stdout: '', stderr: '', timedOut: false, notFound: false, failure: (err as Error).message } }),
    );
    return;
  }
  void (async () => {
    try {
      if (!s.connecting) throw new SystemdError('disconnected', `${m.type === 'call' ? m.member : 'AddMatch'}: not connected yet`);
      const c = await s.connecting;
      const body = m.type === 'call' ? await c.call(m.path, m.iface, m.member, m.signature, m.body, m.options, m.destination) : await c.addMatch(m.rule);
      if (m.type === 'call' && m.member.startsWith('List')) benchMark(`worker-${m.member}`);
      post(conn, { type: 'reply', id: m.id, body: plain(body) });
    } catch (err) {
      const e = err instanceof SystemdError ? err : translateError(err, m.type === 'call' ? m.member : 'AddMatch');
      post(conn, { type: 'fail', id: m.id, error: errorData(e) });
    }
  })();
});

// The worker thread behind remoteBus.ts: owns the D-Bus connection (bus.ts), so reading and decoding
// systemd's signals never holds up the UI thread; it also runs journalctl and friends for it.
// Signals go out in batches, one per turn, and always before the next reply, so the UI sees
// everything in the order the bus delivered it.
import { parentPort, workerData } from 'node:worker_threads';
import { benchMark } from '../benchMark.js';
import { BusConnection } from './connection.js';
import { followInThread, runInThread, type Follower, type ToolOptions } from '../tools.js';
import { errorData, SystemdError, translateError, type BusTarget, type CallOptions, type ErrorData, type SignalMessage } from '../bus.js';

export type WorkerRequest =
  | ({ type: 'connect' } & WorkerData)
  | { type: 'call'; id: number; path: string; iface: string; member: string; signature: string; body: unknown[]; options?: CallOptions; destination?: string }
  | { type: 'add-match'; id: number; rule: string }
  | { type: 'run'; id: number; file: string; args: string[]; options: ToolOptions }
  | { type: 'follow'; id: number; file: string; args: string[]; env?: Record<string, string> }
  | { type: 'follow-stop'; id: number }
  | { type: 'keep-properties'; names: string[] | undefined }
  | { type: 'close' };

export type WorkerMessage =
  | { type: 'connected'; managerVersion: string; uniqueName: string }
  | { type: 'connect-failed'; error: ErrorData }
  | { type: 'reply'; id: number; body: unknown }
  | { type: 'fail'; id: number; error: ErrorData }
  | { type: 'signals'; signals: SignalMessage[] }
  | { type: 'follow-text'; id: number; text: string }
  | { type: 'follow-ended'; id: number; exitCode: number | null; stderr: string }
  | { type: 'disconnect' };

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
let batch: SignalMessage[] = [];
let flushScheduled = false;
let connecting: Promise<BusConnection> | undefined;
const followers = new Map<number, Follower>();

function post(message: WorkerMessage): void {
  flushSignals();
  port.postMessage(message);
}

function flushSignals(): void {
  if (!batch.length) return;
  const signals = batch;
  batch = [];
  port.postMessage({ type: 'signals', signals } satisfies WorkerMessage);
}

function connect({ target, timeoutMs }: WorkerData): Promise<BusConnection> {
  benchMark('worker-connecting');
  const conn = BusConnection.connect(target, { timeoutMs });
  conn.then(
    (c) => {
      benchMark('worker-connected');
      post({ type: 'connected', managerVersion: c.managerVersion, uniqueName: c.uniqueName });
      c.on('signal', (s: SignalMessage) => {
        batch.push(plain(s) as SignalMessage);
        if (flushScheduled) return;
        flushScheduled = true;
        setImmediate(() => {
          flushScheduled = false;
          flushSignals();
        });
      });
      c.on('disconnect', () => post({ type: 'disconnect' }));
    },
    (err: unknown) => post({ type: 'connect-failed', error: errorData(translateError(err, 'connecting')) }),
  );
  return conn;
}

// Started with its target, or started early (bin/svctui, while the UI loads) and told it later.
if (workerData) connecting = connect(workerData as WorkerData);

port.on('message', (m: WorkerRequest) => {
  if (m.type === 'connect') {
    connecting ??= connect(m);
    return;
  }
  if (m.type === 'keep-properties') {
    void connecting?.then((conn) => conn.keepSignalProperties(m.names), () => undefined);
    return;
  }
  if (m.type === 'close') {
    for (const f of followers.values()) f.stop();
    void (connecting ?? Promise.reject(new Error('not connected'))).then((conn) => conn.close(), () => undefined).finally(() => port.close());
    return;
  }
  if (m.type === 'follow') {
    // Followed here too (journalctl -f): a new selection starts one, and a fork must not hold up keys.
    const follower = followInThread(m.file, m.args, { env: m.env }, (text) => post({ type: 'follow-text', id: m.id, text }));
    followers.set(m.id, follower);
    void follower.ended.then((end) => {
      followers.delete(m.id);
      post({ type: 'follow-ended', id: m.id, ...end });
    });
    return;
  }
  if (m.type === 'follow-stop') {
    followers.get(m.id)?.stop();
    return;
  }
  if (m.type === 'run') {
    // Tools run here, not on the UI thread: starting a process forks the whole process.
    void runInThread(m.file, m.args, m.options).then(
      (result) => post({ type: 'reply', id: m.id, body: result }),
      (err: unknown) => post({ type: 'reply', id: m.id, body: { stdout: '', stderr: '', timedOut: false, notFound: false, failure: (err as Error).message } }),
    );
    return;
  }
  void (async () => {
    try {
      if (!connecting) throw new SystemdError('disconnected', `${m.type === 'call' ? m.member : 'AddMatch'}: not connected yet`);
      const conn = await connecting;
      const body = m.type === 'call' ? await conn.call(m.path, m.iface, m.member, m.signature, m.body, m.options, m.destination) : await conn.addMatch(m.rule);
      if (m.type === 'call' && m.member.startsWith('List')) benchMark(`worker-${m.member}`);
      post({ type: 'reply', id: m.id, body: plain(body) });
    } catch (err) {
      const e = err instanceof SystemdError ? err : translateError(err, m.type === 'call' ? m.member : 'AddMatch');
      post({ type: 'fail', id: m.id, error: errorData(e) });
    }
  })();
});

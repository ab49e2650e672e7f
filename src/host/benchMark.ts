// Timing marks for `npm run bench`, written only when SVCTUI_BENCH_MARK names a file. A line is a
// label, the epoch time in ms (performance.timeOrigin + now(), comparable across processes on one
// machine), the ms since this process started, then free text. No React here: any layer may mark.
import { appendFileSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.SVCTUI_BENCH_MARK;
export const benchMarking = Boolean(file);
/** More marks, for finding where time goes (SVCTUI_BENCH_TRACE=1 with SVCTUI_BENCH_MARK). */
export const benchTracing = benchMarking && Boolean(process.env.SVCTUI_BENCH_TRACE);
// A worker thread has its own time origin; its marks still count from the process start.
const offset = isMainThread ? 0 : performance.timeOrigin - (Date.now() - process.uptime() * 1000);

// Marks carry their own times, so they are written once per turn, not one write each (a storm
// makes thousands): the measuring must not be what slows svctui down.
let pending: string[] = [];

function append(label: string, since: number, text: string): void {
  if (!file) return;
  if (pending.length === 0) setImmediate(writePending).unref();
  pending.push(`${label} ${(performance.timeOrigin + since).toFixed(3)} ${(since + offset).toFixed(3)}${text ? ` ${text}` : ''}\n`);
}

/** Writes the marks made so far now (at exit, where no later turn comes). */
export function writePending(): void {
  if (!file || pending.length === 0) return;
  const lines = pending.join('');
  pending = [];
  appendFileSync(file, lines);
}

if (file) process.on('exit', writePending);

export function benchMark(label: string, text = ''): void {
  append(label, performance.now(), text);
}

export function memoryText(): string {
  const m = process.memoryUsage();
  const mb = (x: number) => (x / 2 ** 20).toFixed(1);
  return `rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}`;
}

// Where the memory is (npm run bench's memory phases): on SIGUSR2 a mark with this thread's heap by
// V8 space, its external and array-buffer memory, and each D-Bus worker's own heap (a second
// isolate); with SVCTUI_HEAP_SNAPSHOT_DIR, a heap snapshot of the UI thread too.
const workers = new Set<import('node:worker_threads').Worker>();

/** A D-Bus worker whose heap the memory marks report (while it runs). */
export function watchWorkerMemory(worker: import('node:worker_threads').Worker): void {
  workers.add(worker);
  worker.once('exit', () => workers.delete(worker));
}

async function memoryDetail(phase: string): Promise<void> {
  const v8 = await import('node:v8');
  const mb = (x: number) => Number((x / 2 ** 20).toFixed(2));
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]));
  const heap = v8.getHeapStatistics();
  const workerHeaps = await Promise.all(
    [...workers].map((w) =>
      w.getHeapStatistics().then(
        (s) => ({ total: mb(s.total_heap_size), used: mb(s.used_heap_size), external: mb(s.external_memory ?? 0), malloced: mb(s.malloced_memory) }),
        () => undefined,
      ),
    ),
  );
  const detail = { phase, rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), malloced: mb(heap.malloced_memory), spaces, workers: workerHeaps.filter(Boolean) };
  const dir = process.env.SVCTUI_HEAP_SNAPSHOT_DIR;
  if (dir) v8.writeHeapSnapshot(`${dir}/ui-${phase}.heapsnapshot`);
  benchMark('memory-detail', JSON.stringify(detail));
  writePending();
}

if (file && isMainThread) process.on('SIGUSR2', () => void memoryDetail(process.env.SVCTUI_MEMORY_PHASE_FILE ? readPhase() : 'now'));

/** The phase the bench says it is in (it writes the word before the signal). */
function readPhase(): string {
  try {
    return readFileSync(process.env.SVCTUI_MEMORY_PHASE_FILE!, 'utf8').trim() || 'now';
  } catch {
    return 'now';
  }
}

// Frame marks carry the time Ink finished a frame (wrote it, or found nothing changed), not the time
// React committed it: Ink may hold a frame back, so a mark then waits for the next frame.
let frames = 0;
let lastFrameAt = 0;
let waiting: { label: string; text: string }[] = [];

/** Ink's onRender callback (when marking): a frame is out. */
export function frameDone(): void {
  frames++;
  lastFrameAt = performance.now();
  const due = waiting;
  waiting = [];
  for (const m of due) append(m.label, lastFrameAt, m.text);
}

/** Frames so far: read while rendering, passed to frameMark after the commit. */
export const framesDone = (): number => frames;

/** Marks what a commit showed: at the frame that carried it (already out, or the next one). */
export function frameMark(label: string, text: string, framesAtRender: number): void {
  if (!file) return;
  if (frames > framesAtRender) append(label, lastFrameAt, text);
  else waiting.push({ label, text });
}

/**
 * Tracing only: marks each turn of the event loop that came late (over 15 ms) and each write to the
 * terminal that blocked (over 2 ms; a terminal's writes are synchronous), to tell a busy thread
 * from a slow terminal when keys wait.
 */
export function traceStalls(out: NodeJS.WriteStream): void {
  if (!benchTracing) return;
  let expected = performance.now() + 5;
  setInterval(() => {
    const now = performance.now();
    if (now - expected > 15) benchMark('loop-late', (now - expected).toFixed(1));
    expected = now + 5;
  }, 5).unref();
  const write = out.write.bind(out) as (...args: unknown[]) => boolean;
  let bytes = 0;
  setInterval(() => {
    if (bytes) benchMark('written', String(bytes));
    bytes = 0;
  }, 500).unref();
  out.write = ((...args: unknown[]) => {
    const t0 = performance.now();
    bytes += (args[0] as string | Uint8Array).length;
    const r = write(...args);
    const ms = performance.now() - t0;
    if (ms > 2) benchMark('write-blocked', `${ms.toFixed(1)} bytes=${String((args[0] as string | Uint8Array).length)}`);
    return r;
  }) as typeof out.write;
}

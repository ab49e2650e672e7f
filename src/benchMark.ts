// Timing marks for `npm run bench`, written only when SVCTUI_BENCH_MARK names a file. A line is a
// label, the epoch time in ms (performance.timeOrigin + now(), comparable across processes on one
// machine), the ms since this process started, then free text. No React here: any layer may mark.
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.SVCTUI_BENCH_MARK;
export const benchMarking = Boolean(file);
/** More marks, for finding where time goes (SVCTUI_BENCH_TRACE=1 with SVCTUI_BENCH_MARK). */
export const benchTracing = benchMarking && Boolean(process.env.SVCTUI_BENCH_TRACE);
// A worker thread has its own time origin; its marks still count from the process start.
const offset = isMainThread ? 0 : performance.timeOrigin - (Date.now() - process.uptime() * 1000);

function append(label: string, since: number, text: string): void {
  if (file) appendFileSync(file, `${label} ${(performance.timeOrigin + since).toFixed(3)} ${(since + offset).toFixed(3)}${text ? ` ${text}` : ''}\n`);
}

export function benchMark(label: string, text = ''): void {
  append(label, performance.now(), text);
}

export function memoryText(): string {
  const m = process.memoryUsage();
  const mb = (x: number) => (x / 2 ** 20).toFixed(1);
  return `rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}`;
}

// Frame marks carry the time the frame reached the terminal, not the time React committed it:
// Ink may hold a frame back (maxFps), so a mark waits for the next write to the terminal.
let writes = 0;
let lastWriteAt = 0;
let waiting: { label: string; text: string }[] = [];

/** Counts writes to the terminal (when marking); frame marks are stamped with them. */
export function watchFrames(stream: NodeJS.WriteStream): void {
  if (!file) return;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((...args: unknown[]) => {
    const ok = write(...args);
    writes++;
    lastWriteAt = performance.now();
    const due = waiting;
    waiting = [];
    for (const m of due) append(m.label, lastWriteAt, m.text);
    return ok;
  }) as typeof stream.write;
}

/** Writes to the terminal so far: read while rendering, passed to frameMark after the commit. */
export const frameWrites = (): number => writes;

/** Marks what a commit showed: at the write that carried it (already done, or the next one). */
export function frameMark(label: string, text: string, writesAtRender: number): void {
  if (!file) return;
  if (writes > writesAtRender) append(label, lastWriteAt, text);
  else waiting.push({ label, text });
}

// Starts the D-Bus worker thread (busWorker.ts). Its own small entry (dist/bus-worker-start.mjs), so
// that bin/svctui can start the worker before the UI's code is loaded, with the same settings.
import { Worker } from 'node:worker_threads';
import type { WorkerData } from './worker.js';

/** The worker's script: dist/bus-worker.mjs when built (this code may be in dist/chunks/), the source when run from src/. */
function workerUrl(): URL {
  // The single executable carries the worker's code itself (src/cli/sea.ts): started from memory.
  const embedded = (globalThis as Record<symbol, unknown>)[Symbol.for('svctui.workerSource')];
  if (typeof embedded === 'string') return new URL(`data:text/javascript,${encodeURIComponent(embedded)}`);
  if (import.meta.url.endsWith('.ts')) return new URL('./worker.ts', import.meta.url);
  return new URL(import.meta.url.includes('/chunks/') ? '../bus-worker.mjs' : './bus-worker.mjs', import.meta.url);
}

/**
 * The worker decodes bursts of signals into short-lived objects: a small young generation keeps
 * its memory low (at the default, a restart storm grows it by ~20 MB) at the cost of more, shorter
 * scavenges.
 */
const LIMITS = { maxYoungGenerationSizeMb: 4 };

/** A worker connecting at once (with data), or waiting to be told where (a 'connect' message). */
export function startBusWorker(data?: WorkerData): Worker {
  return new Worker(workerUrl(), { workerData: data, resourceLimits: LIMITS });
}

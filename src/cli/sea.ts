// The single executable's entry (npm run package): Node and svctui in one file. The D-Bus worker's
// code is an asset of the executable, started from memory (workerStart reads it from here), since
// there is no dist/ folder beside it on a server.
import { getAsset } from 'node:sea';
import { run } from './main.js';

(globalThis as Record<symbol, unknown>)[Symbol.for('svctui.workerSource')] = getAsset('bus-worker.mjs', 'utf8');
await run();

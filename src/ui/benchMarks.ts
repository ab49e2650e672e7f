// Timing marks for `npm run bench`, written only when SVCTUI_BENCH_MARK names a file. Times are
// epoch milliseconds with sub-millisecond precision (performance.timeOrigin + now()), comparable
// across processes on one machine.
import { appendFileSync } from 'node:fs';
import { useEffect, useRef } from 'react';
import type { UnitRow } from '../model/unitRow.js';

const file = process.env.SVCTUI_BENCH_MARK;
const now = () => (performance.timeOrigin + performance.now()).toFixed(3);

function mark(line: string): void {
  if (file) appendFileSync(file, `${line}\n`);
}

/** Marks the first frame that lists units, every change of a unit's state on screen, and frames after keys. */
export function useBenchMarks(rows: UnitRow[], keyCount: number): void {
  const first = useRef(false);
  const states = useRef(new Map<string, string>());
  const keys = useRef(0);
  useEffect(() => {
    if (!file) return;
    if (!first.current && rows.length > 0) {
      first.current = true;
      mark(`first-frame ${now()} ${(performance.now() / 1).toFixed(3)} rows=${rows.length}`);
      const memory = () => {
        const m = process.memoryUsage();
        return `rss=${(m.rss / 2 ** 20).toFixed(1)} heapUsed=${(m.heapUsed / 2 ** 20).toFixed(1)} heapTotal=${(m.heapTotal / 2 ** 20).toFixed(1)} external=${(m.external / 2 ** 20).toFixed(1)} arrayBuffers=${(m.arrayBuffers / 2 ** 20).toFixed(1)}`;
      };
      mark(`memory-first-frame ${memory()}`);
      setTimeout(() => mark(`memory-5s ${memory()}`), 5000).unref();
    }
    const changes: string[] = [];
    for (const r of rows) {
      const state = `${r.active}/${r.sub}`;
      if (states.current.get(r.name) !== state) {
        states.current.set(r.name, state);
        changes.push(`${r.name}=${state}`);
      }
    }
    if (changes.length) mark(`frame ${now()} ${changes.join(' ')}`);
    if (keyCount !== keys.current) {
      keys.current = keyCount;
      mark(`key-frame ${now()} ${keyCount}`);
    }
  });
}

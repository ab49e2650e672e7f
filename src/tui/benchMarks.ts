// The UI's marks for `npm run bench` (see src/benchMark.ts): the first frame that lists units, every
// change of a unit's state on screen, and frames after keys, each when Ink put that frame out.
import { useLayoutEffect, useRef } from 'react';
import { benchMark, benchMarking, frameMark, framesDone, memoryText } from '../host/benchMark.js';
import type { UnitRow } from '../core/model/unitRow.js';

/** Marks the first frame that lists units, every change of a unit's state on screen, and frames after keys. */
export function useBenchMarks(rows: UnitRow[], keyCount: number): void {
  const first = useRef(false);
  const states = useRef(new Map<string, string>());
  const seen = useRef(new Map<string, UnitRow>());
  const keys = useRef(0);
  const lastRows = useRef<UnitRow[]>(undefined);
  const framesAtRender = framesDone();
  // A layout effect runs in the commit itself, right after Ink wrote the frame (if it did).
  useLayoutEffect(() => {
    if (!benchMarking) return;
    // A render for anything else (the clock, a key) leaves the rows as they were: nothing to look
    // through (the bench measures idle with these marks on; they must cost nothing then).
    if (rows === lastRows.current && keyCount === keys.current) return;
    lastRows.current = rows;
    if (!first.current && rows.length > 0) {
      first.current = true;
      frameMark('first-frame', `rows=${rows.length}`, framesAtRender);
      benchMark('memory-first-frame', memoryText());
      setTimeout(() => benchMark('memory-5s', memoryText()), 5000).unref();
    }
    const changes: string[] = [];
    for (const r of rows) {
      // Rows are cached per unit version: an unchanged unit is the same object (cheap to skip).
      if (seen.current.get(r.name) === r) continue;
      seen.current.set(r.name, r);
      const state = `${r.active}/${r.sub}`;
      if (states.current.get(r.name) !== state) {
        states.current.set(r.name, state);
        changes.push(`${r.name}=${state}`);
      }
    }
    // A stopped template instance is garbage-collected and leaves the list: its row going is its change.
    if (seen.current.size > rows.length) {
      const present = new Set(rows.map((r) => r.name));
      for (const name of seen.current.keys()) {
        if (present.has(name)) continue;
        seen.current.delete(name);
        states.current.delete(name);
        changes.push(`${name}=gone`);
      }
    }
    if (changes.length) frameMark('frame', changes.join(' '), framesAtRender);
    if (keyCount !== keys.current) {
      keys.current = keyCount;
      frameMark('key-frame', String(keyCount), framesAtRender);
    }
  });
}

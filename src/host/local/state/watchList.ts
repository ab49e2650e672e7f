// The watch list: units pinned to the top of the list, with a notification when one fails. Kept
// per manager in the state folder (0600, written atomically, read without following links and only
// when it is this user's own file), so it is there the next time svctui starts.
import { join } from 'node:path';
import { readOwnFile, writeFileAtomic } from '../safeFs.js';
import { stateFolder } from './stateDir.js';

type Stored = Record<string, string[]>;

export class WatchList {
  readonly file?: string;
  readonly problem?: string;

  constructor(file?: string) {
    if (file) this.file = file;
    else {
      const folder = stateFolder();
      this.file = folder.path && join(folder.path, 'watch.json');
      this.problem = folder.problem;
    }
  }

  private readAll(): Stored {
    if (!this.file) return {};
    try {
      const parsed = JSON.parse(readOwnFile(this.file) ?? '{}') as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).map(String)]));
    } catch {
      // a damaged or foreign file: start an empty list (it is rewritten on the next change)
      return {};
    }
  }

  /** The watched units of one manager (see app/context.ts managerKey), in the order watched. */
  get(manager: string): string[] {
    return this.readAll()[manager] ?? [];
  }

  /** Saves one manager's list; false (with why) when there is nowhere safe to keep it. */
  async set(manager: string, units: readonly string[]): Promise<{ ok: boolean; problem?: string }> {
    if (!this.file) return { ok: false, problem: this.problem };
    const all = this.readAll();
    if (units.length) all[manager] = [...units];
    else delete all[manager];
    try {
      await writeFileAtomic(this.file, JSON.stringify(all, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
      return { ok: true };
    } catch (err) {
      return { ok: false, problem: (err as Error).message };
    }
  }
}

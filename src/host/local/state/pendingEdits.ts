// Edited text that is not applied yet, kept from the moment the editor exits until it is applied
// or discarded: an interrupted session (svctui killed, SSH dropped) finds it on the next start.
// Records live in the checked state folder, are written without following links and read only
// when they are this user's own files (see SECURITY.md).
import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FileError, readOwnFile, writeFileAtomic } from '../safeFs.js';
import { stateFolder } from './stateDir.js';

export interface PendingEdit {
  manager: string;
  unit: string;
  /** The file the text is meant for. */
  target: string;
  kind: 'drop-in' | 'full';
  text: string;
  savedAt: string;
}

/** The folder of pending edits, or why there is none. */
export function editsDir(env: NodeJS.ProcessEnv = process.env): { path?: string; problem?: string } {
  const folder = stateFolder(env);
  return folder.path ? { path: join(folder.path, 'edits') } : { problem: folder.problem };
}

/** The file name for one target of one manager (also the stem of its editor buffer). */
export function editKey(manager: string, target: string): string {
  return createHash('sha256').update(`${manager}\n${target}`).digest('hex').slice(0, 24);
}

function parse(text: string | undefined): PendingEdit | undefined {
  if (!text) return undefined;
  try {
    const e = JSON.parse(text) as PendingEdit;
    return typeof e.text === 'string' && typeof e.target === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}

export class PendingEdits {
  /** Undefined when svctui has no state folder it can trust: edits are then not kept. */
  readonly dir?: string;
  readonly problem?: string;

  constructor(dir?: string) {
    if (dir) this.dir = dir;
    else {
      const d = editsDir();
      this.dir = d.path;
      this.problem = d.problem;
    }
  }

  private fileFor(manager: string, target: string): string | undefined {
    return this.dir && join(this.dir, `${editKey(manager, target)}.json`);
  }

  /** Keeps the text; false when there is nowhere safe to keep it. */
  async save(edit: Omit<PendingEdit, 'savedAt'>): Promise<boolean> {
    const file = this.fileFor(edit.manager, edit.target);
    if (!file) return false;
    await writeFileAtomic(file, JSON.stringify({ ...edit, savedAt: new Date().toISOString() }, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
    return true;
  }

  async find(manager: string, target: string): Promise<PendingEdit | undefined> {
    const file = this.fileFor(manager, target);
    if (!file) return undefined;
    try {
      return parse(readOwnFile(file));
    } catch (err) {
      if (err instanceof FileError) return undefined;
      throw err;
    }
  }

  async remove(manager: string, target: string): Promise<void> {
    const file = this.fileFor(manager, target);
    if (file) await rm(file, { force: true });
  }

  /** Every pending edit of this manager (for "unsaved edits found" on start). */
  async list(manager: string): Promise<PendingEdit[]> {
    if (!this.dir) return [];
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const edits: PendingEdit[] = [];
    for (const n of names) {
      try {
        const e = parse(readOwnFile(join(this.dir, n)));
        if (e?.manager === manager) edits.push(e);
      } catch {
        // not one of ours
      }
    }
    return edits;
  }
}

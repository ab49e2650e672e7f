// Edited text that is not applied yet, kept from the moment the editor exits until it is applied
// or discarded: an interrupted session (svctui killed, SSH dropped) finds it on the next start.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../util/atomicFile.js';
import { defaultStorePath } from './historyStore.js';

export interface PendingEdit {
  manager: string;
  unit: string;
  /** The file the text is meant for. */
  target: string;
  kind: 'drop-in' | 'full';
  text: string;
  savedAt: string;
}

export function editsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(defaultStorePath(env)), 'edits');
}

function fileFor(dir: string, manager: string, target: string): string {
  return join(dir, `${createHash('sha256').update(`${manager}\n${target}`).digest('hex').slice(0, 24)}.json`);
}

export class PendingEdits {
  constructor(readonly dir: string = editsDir()) {}

  async save(edit: Omit<PendingEdit, 'savedAt'>): Promise<string> {
    const file = fileFor(this.dir, edit.manager, edit.target);
    await writeFileAtomic(file, JSON.stringify({ ...edit, savedAt: new Date().toISOString() }, null, 2) + '\n', 0o600);
    return file;
  }

  async find(manager: string, target: string): Promise<PendingEdit | undefined> {
    try {
      return JSON.parse(await readFile(fileFor(this.dir, manager, target), 'utf8')) as PendingEdit;
    } catch {
      return undefined;
    }
  }

  async remove(manager: string, target: string): Promise<void> {
    await rm(fileFor(this.dir, manager, target), { force: true });
  }

  /** Every pending edit of this manager (for "unsaved edits found" on start). */
  async list(manager: string): Promise<PendingEdit[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const edits: PendingEdit[] = [];
    for (const n of names) {
      try {
        const e = JSON.parse(await readFile(join(this.dir, n), 'utf8')) as PendingEdit;
        if (e.manager === manager) edits.push(e);
      } catch {
        // not one of ours
      }
    }
    return edits;
  }

  pathFor(manager: string, target: string): string {
    return fileFor(this.dir, manager, target);
  }
}

// The files the editor works on. Each buffer sits in the state folder with a note of the svctui
// process that opened it: if that process is gone (killed, SSH dropped) while its editor had
// already saved, the next edit of the same file finds the text and offers it — nothing typed is lost.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileError, readOwnFile, writeFileAtomic } from '../safeFs.js';
import { editKey, editsDir } from './pendingEdits.js';

interface BufferNote {
  pid: number;
  /** The process's start time (from /proc), so a reused pid is not taken for the owner. */
  started: string;
  manager: string;
  unit: string;
  target: string;
  kind: 'drop-in' | 'full';
  /** sha256 of the text as svctui wrote it: anything else was typed by the user. */
  written: string;
  createdAt: string;
}

export interface InterruptedEdit {
  text: string;
  kind: 'drop-in' | 'full';
  /** When the editor last saved it. */
  savedAt: string;
}

export type BufferState = { kind: 'free' } | { kind: 'in-use'; pid: number } | { kind: 'interrupted'; edit: InterruptedEdit };

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A process's start time (field 22 of /proc/PID/stat), '' when it is gone. */
export function processStarted(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

export class EditBuffers {
  readonly dir?: string;
  /** Why there is no folder for buffers (the state folder's problem). */
  readonly problem?: string;

  constructor(dir?: string) {
    const edits = dir ? undefined : editsDir();
    this.dir = dir ?? (edits?.path && join(edits.path, 'buffers'));
    this.problem = edits?.problem;
  }

  private paths(manager: string, target: string) {
    if (!this.dir) throw new FileError(`cannot edit: ${this.problem ?? 'svctui has no state folder'}. svctui keeps the text you edit there; set XDG_STATE_HOME to a folder of your own`);
    const stem = editKey(manager, target);
    // The target's name helps editors pick a syntax; cut so the name fits in 255 bytes.
    const name = target.slice(target.lastIndexOf('/') + 1).slice(0, 150);
    return { buffer: join(this.dir, `${stem}-${name}`), note: join(this.dir, `${stem}.owner`) };
  }

  /** Whether a buffer for this file is free, open in a live svctui, or left by one that ended. */
  async state(manager: string, target: string): Promise<BufferState> {
    if (!this.dir) return { kind: 'free' };
    const { buffer, note } = this.paths(manager, target);
    let n: BufferNote;
    try {
      const text = readOwnFile(note);
      if (!text) return { kind: 'free' };
      n = JSON.parse(text) as BufferNote;
    } catch {
      return { kind: 'free' };
    }
    if (n.pid !== process.pid && n.started && processStarted(n.pid) === n.started) return { kind: 'in-use', pid: n.pid };
    let text: string | undefined;
    try {
      text = readOwnFile(buffer);
    } catch {
      text = undefined;
    }
    if (text === undefined || sha(text) === n.written) {
      await this.end(manager, target);
      return { kind: 'free' };
    }
    const savedAt = (await stat(buffer).catch(() => undefined))?.mtime.toISOString() ?? n.createdAt;
    return { kind: 'interrupted', edit: { text, kind: n.kind, savedAt } };
  }

  /** Writes the buffer (0600) and the note naming this process as its owner; returns its path. */
  async begin(o: { manager: string; unit: string; target: string; kind: 'drop-in' | 'full' }, text: string): Promise<string> {
    const { buffer, note } = this.paths(o.manager, o.target);
    const n: BufferNote = { pid: process.pid, started: processStarted(process.pid), ...o, written: sha(text), createdAt: new Date().toISOString() };
    await writeFileAtomic(note, JSON.stringify(n) + '\n', { mode: 0o600, dirMode: 0o700 });
    await writeFileAtomic(buffer, text, { mode: 0o600, dirMode: 0o700 });
    return buffer;
  }

  /** The buffer's text after the editor (not through a link, and only if it is still ours). */
  read(manager: string, target: string): string {
    return readOwnFile(this.paths(manager, target).buffer) ?? '';
  }

  /** Removes the buffer and its note. */
  async end(manager: string, target: string): Promise<void> {
    if (!this.dir) return;
    const { buffer, note } = this.paths(manager, target);
    await rm(buffer, { force: true });
    await rm(note, { force: true });
  }
}

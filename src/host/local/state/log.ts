// svctui's own log (crashes of the TUI), in its checked state folder: the screen belongs to the
// UI, so diagnostics never go to stdout.
import { appendFileSync, closeSync, constants, openSync } from 'node:fs';
import { join } from 'node:path';
import { stateFolder } from './stateDir.js';

/** The crash log, in svctui's checked state folder (undefined when there is none). */
export function logFile(): string | undefined {
  const folder = stateFolder();
  return folder.path && join(folder.path, 'svctui.log');
}

/** Appends to the log file; the screen belongs to the UI, so diagnostics never go to stdout. */
export function log(message: string): void {
  const file = logFile();
  if (!file) return;
  try {
    // O_NOFOLLOW: the folder is ours and closed, but the log is never written through a link.
    const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    try {
      appendFileSync(fd, `${new Date().toISOString()} ${message}\n`);
    } finally {
      closeSync(fd);
    }
  } catch {
    // logging must never break the UI
  }
}

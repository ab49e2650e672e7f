// Checks that need no Ink, so the entry can run them before loading the UI.
import { CommandError } from '../app/context.js';

/** The interactive UI needs a terminal on both ends; say what to use instead. */
export function assertTerminal(): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CommandError('the interactive UI needs a terminal. In scripts and pipes, use "svctui list" or "svctui status UNIT".', 1);
  }
}

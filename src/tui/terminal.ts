// Checks that need no Ink, so the entry can run them before loading the UI.
import { CommandError } from '../app/context.js';

/** The interactive UI needs a terminal on both ends; say what to use instead. */
export function assertTerminal(): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CommandError('the interactive UI needs a terminal. In scripts and pipes, use "svctui list" or "svctui status UNIT".', 1);
  }
}

/**
 * What $COLORFGBG (set by some terminals: "15;0" is white on black) says of the background: light,
 * dark, or undefined when it is not set or says nothing clear.
 */
export function colorFgBgIsLight(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const fgbg = env.COLORFGBG;
  if (!fgbg || !/^\d+(;\d+)*$/.test(fgbg)) return undefined;
  const bg = Number(fgbg.split(';').pop());
  return bg === 7 || bg === 15 || (bg >= 9 && bg <= 14) ? true : bg <= 6 || bg === 8 ? false : undefined;
}

/** Asks the terminal for its background colour (OSC 11); the answer comes as input (see mouse.ts). */
export const BACKGROUND_QUERY = '\x1b]11;?\x1b\\';

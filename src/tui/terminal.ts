// Checks that need no Ink, so the entry can run them before loading the UI.
import { CommandError } from '../app/context.js';

/** The interactive UI needs a terminal on both ends; say what to use instead. */
export function assertTerminal(): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CommandError('the interactive UI needs a terminal. In scripts and pipes, use "svctui list" or "svctui status UNIT".', 1);
  }
}

/**
 * Whether the terminal's background is light: $COLORFGBG when the terminal sets it, else its answer
 * to OSC 11 (asked before the UI takes the keyboard, for at most `timeoutMs`); undefined when it
 * does not say (then dark). Bytes that are not the answer (keys typed meanwhile) are given back.
 */
export async function terminalBackgroundIsLight(timeoutMs = 150): Promise<boolean | undefined> {
  const fgbg = process.env.COLORFGBG;
  if (fgbg && /^\d+(;\d+)*$/.test(fgbg)) {
    const bg = Number(fgbg.split(';').pop());
    return bg === 7 || bg === 15 || (bg >= 9 && bg <= 14) ? true : bg <= 6 || bg === 8 ? false : undefined;
  }
  const { backgroundIsLight } = await import('../core/theme.js');
  const stdin = process.stdin;
  if (!stdin.isTTY || !process.stdout.isTTY) return undefined;
  const wasRaw = stdin.isRaw;
  return new Promise((resolve) => {
    let got = '';
    const done = (answer: boolean | undefined) => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      // Anything else that came (keys typed meanwhile) goes back for the UI to read.
      const rest = got.replace(/\x1b\]11;[^\x07\x1b]*(\x07|\x1b\\)/, '');
      if (rest) stdin.unshift(Buffer.from(rest));
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      got += chunk.toString('latin1');
      const light = backgroundIsLight(got);
      if (light !== undefined && /\x1b\]11;[^\x07\x1b]*(\x07|\x1b\\)/.test(got)) done(light);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
    process.stdout.write('\x1b]11;?\x1b\\');
  });
}

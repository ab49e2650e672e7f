// Mouse reports from the terminal (xterm's button events, in SGR form: mode 1000 + 1006): on while
// the UI has the screen, off whenever the terminal is handed to another program (the editor, the
// pager, polkit's agent) and when svctui ends, however it ends.
import { PassThrough } from 'node:stream';
import { backgroundIsLight } from '../core/theme.js';

const ON = '\x1b[?1000h\x1b[?1006h';
const OFF = '\x1b[?1000l\x1b[?1006l';

let wanted = false;

export function mouseReportsOn(): void {
  wanted = true;
  process.stdout.write(ON);
}

export function mouseReportsOff(): void {
  if (!wanted) return;
  wanted = false;
  process.stdout.write(OFF);
}

/** Off while `fn` has the terminal, back on after (if they were on). */
export async function withoutMouse<T>(fn: () => Promise<T>): Promise<T> {
  const was = wanted;
  if (was) mouseReportsOff();
  try {
    return await fn();
  } finally {
    if (was) mouseReportsOn();
  }
}

process.on('exit', () => {
  if (wanted) process.stdout.write(OFF);
});

/**
 * The keyboard as Ink is to read it, with the mouse's reports taken out and handed to `onMouse`
 * (Ink drops such reports; it never sees them here). Reports split across reads are put together;
 * everything else passes untouched, byte for byte.
 */
export function stdinWithoutMouse(onMouse: (report: string) => void, onBackground?: (light: boolean) => void, real: NodeJS.ReadStream = process.stdin): { stdin: NodeJS.ReadStream; close(): void } {
  const out = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
  Object.assign(out, {
    isTTY: true,
    isRaw: false,
    setRawMode(mode: boolean) {
      real.setRawMode?.(mode);
      (out as { isRaw: boolean }).isRaw = mode;
      return out;
    },
    ref() {
      real.ref();
      return out;
    },
    unref() {
      real.unref();
      return out;
    },
  });
  let held = '';
  let timer: NodeJS.Timeout | undefined;
  const REPORT = /\x1b\[<\d+;\d+;\d+[Mm]/g;
  const BACKGROUND = /\x1b\]11;[^\x07\x1b]*(?:\x07|\x1b\\)/g;
  const flush = () => {
    timer = undefined;
    if (held) out.write(Buffer.from(held, 'latin1'));
    held = '';
  };
  const onData = (chunk: Buffer) => {
    clearTimeout(timer);
    // latin1: one character a byte, so the rest goes on exactly as it came (UTF-8 included).
    let text = held + chunk.toString('latin1');
    held = '';
    text = text.replace(REPORT, (report) => {
      onMouse(report);
      return '';
    });
    // The terminal's answer to the background question (OSC 11), if it gives one.
    text = text.replace(BACKGROUND, (answer) => {
      const light = backgroundIsLight(answer);
      if (light !== undefined) onBackground?.(light);
      return '';
    });
    // A report or answer cut by the read: keep its start for the next read (or let it go after 50 ms).
    const tail = /\x1b\[<[\d;]*$|\x1b\]11;[^\x07]*$/.exec(text);
    if (tail) {
      held = tail[0];
      text = text.slice(0, tail.index);
      timer = setTimeout(flush, 50);
    }
    if (text) out.write(Buffer.from(text, 'latin1'));
  };
  real.on('data', onData);
  // (A stream paused before, as the background question leaves it, stays paused for a new listener.)
  real.resume();
  return {
    stdin: out,
    close() {
      clearTimeout(timer);
      real.off('data', onData);
      real.pause();
    },
  };
}

// Renders Ink trees into a fake terminal of a chosen size (columns, rows), with resize and typed keys.
import { render, type Instance } from 'ink';
import { EventEmitter } from 'node:events';
import type { ReactNode } from 'react';
import { ThemeContext, type TerminalTheme } from '../../src/tui/ThemeContext.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]/g;

class TestStdout extends EventEmitter {
  readonly isTTY = true;
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string) => {
    const text = chunk.replace(ANSI, '');
    if (text.trim()) this.frames.push(text);
    return true;
  };
}

class TestStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export interface Harness {
  lastFrame(): string;
  frameCount(): number;
  /** Every frame drawn since frameCount() returned n. */
  framesSince(n: number): string[];
  /** Types keys one write at a time (as a person would). */
  press(...keys: string[]): void;
  resize(columns: number, rows: number): void;
  waitFor(predicate: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  unmount(): void;
  instance: Instance;
}

export const KEYS = { enter: '\r', esc: '\x1b', tab: '\t', down: '\x1b[B', up: '\x1b[A', backspace: '\x7f' };

export function renderAt(node: ReactNode, size: { columns: number; rows: number }, theme: TerminalTheme = { color: false, unicode: true }): Harness {
  const stdout = new TestStdout(size.columns, size.rows);
  const stdin = new TestStdin();
  const instance = render(<ThemeContext.Provider value={theme}>{node}</ThemeContext.Provider>, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    debug: true,
    interactive: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const lastFrame = () => stdout.frames[stdout.frames.length - 1] ?? '';
  return {
    instance,
    lastFrame,
    frameCount: () => stdout.frames.length,
    framesSince: (n) => stdout.frames.slice(n),
    press: (...keys) => keys.forEach((k) => stdin.write(k)),
    resize: (columns, rows) => {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
    async waitFor(predicate, what, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const frame = lastFrame();
        if (predicate(frame)) return frame;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    unmount: () => instance.unmount(),
  };
}

/** Frame lines with trailing spaces removed. */
export function lines(frame: string): string[] {
  return frame.split('\n').map((l) => l.trimEnd());
}

// The flows' questions on the terminal (or a pipe: EOF means the default answer).
import type { Prompter } from '../app/prompter.js';
import { escapeControlKeepLines } from '../core/model/text.js';

type InputStream = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Lines from a stream through 'readable' and read(), which works whatever mode the stream was left
 * in (Ink leaves stdin non-flowing when it suspends). On a terminal the line is edited here, in raw
 * mode (echo, Backspace, Enter, Ctrl-C/Ctrl-D as "no answer"), so the terminal's own line settings
 * (which a suspended TUI may have left odd) do not matter.
 */
function lineReader(input: InputStream, output: NodeJS.WritableStream, o: { secret?: boolean } = {}) {
  const tty = Boolean(input.isTTY && input.setRawMode);
  let buffer = '';
  let ended = false;
  const lines: (string | undefined)[] = [];
  const waiters: ((line: string | undefined) => void)[] = [];
  const deliver = () => {
    while (waiters.length && (lines.length || ended)) waiters.shift()!(lines.length ? lines.shift() : undefined);
  };
  const onChunk = (text: string) => {
    if (!tty) {
      buffer += text;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        lines.push(buffer.slice(0, nl).replace(/\r$/, ''));
        buffer = buffer.slice(nl + 1);
      }
      return;
    }
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        output.write('\n');
        lines.push(buffer);
        buffer = '';
      } else if (ch === '\x7f' || ch === '\b') {
        if (buffer && !o.secret) output.write('\b \b');
        buffer = buffer.slice(0, -1);
      } else if (ch === '\x03' || ch === '\x04') {
        output.write('\n');
        lines.push(undefined);
        buffer = '';
      } else if (ch >= ' ') {
        buffer += ch;
        // A secret (a password) is never echoed, not even as stars.
        if (!o.secret) output.write(ch);
      }
    }
  };
  const onReadable = () => {
    let chunk: string | Buffer | null;
    while ((chunk = input.read() as string | Buffer | null) !== null) onChunk(chunk.toString());
    deliver();
  };
  const onEnd = () => {
    ended = true;
    if (buffer) lines.push(buffer);
    buffer = '';
    deliver();
  };
  // Attached a tick later: a stream whose last 'readable' listener (Ink's) was just removed only
  // notices on the next tick, and would not start reading for a listener added before that.
  const attached = new Promise<void>((resolve) =>
    setImmediate(() => {
      // Input that has ended already (edit --stdin read it all) would never say so again: every
      // question then takes its answer for an ended input, instead of waiting for ever.
      const done = input as { readableEnded?: boolean; destroyed?: boolean };
      if (done.readableEnded || done.destroyed) {
        onEnd();
        return resolve();
      }
      if (tty) input.setRawMode!(true);
      input.on('readable', onReadable);
      input.on('end', onEnd);
      resolve();
    }),
  );
  return {
    next: async () => {
      await attached;
      return new Promise<string | undefined>((resolve) => {
        waiters.push(resolve);
        deliver();
      });
    },
    close: () => {
      void attached.then(() => {
        input.off('readable', onReadable);
        input.off('end', onEnd);
        if (tty) input.setRawMode!(false);
      });
    },
  };
}

export function terminalPrompter(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Prompter {
  let reader: ReturnType<typeof lineReader> | undefined;
  const nextLine = () => (reader ??= lineReader(input, output)).next();
  return {
    // Messages carry unit text (command lines, file contents): control characters are escaped.
    say: (text) => void output.write(escapeControlKeepLines(text.endsWith('\n') ? text : `${text}\n`)),
    close: () => reader?.close(),
    // On a terminal, one line rewritten in place; elsewhere (a pipe, a log) nothing.
    progress: (output as { isTTY?: boolean }).isTTY ? (text) => void output.write(text === undefined ? '\r\x1b[K' : `\r\x1b[K${escapeControlKeepLines(text)}`) : undefined,
    async pause(text) {
      output.write(`${text} `);
      await nextLine();
    },
    async ask(question, choices, fallback, onEnd) {
      for (;;) {
        output.write(`${question} `);
        const line = await nextLine();
        if (line === undefined) {
          output.write('\n');
          return onEnd ?? fallback;
        }
        const answer = line.trim().toLowerCase();
        if (answer === '') return fallback;
        const hit = choices.find((c) => c === answer || c.startsWith(answer));
        if (hit) return hit;
        output.write(`Please answer ${choices.join(', ')}.\n`);
      }
    },
  };
}


/**
 * Asks for a secret (a sudo password) on the terminal, without echo; undefined when there is no
 * terminal (a secret never comes from a pipe) or the person pressed Ctrl-C/Ctrl-D. Questions from
 * several hosts are asked one at a time.
 */
export function secretAsker(input: InputStream = process.stdin, output: NodeJS.WritableStream = process.stderr): ((prompt: string) => Promise<string | undefined>) | undefined {
  if (!input.isTTY || !input.setRawMode) return undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return (prompt) => {
    const asked = queue.then(async () => {
      output.write(escapeControlKeepLines(prompt));
      const reader = lineReader(input, output, { secret: true });
      try {
        return await reader.next();
      } finally {
        reader.close();
      }
    });
    queue = asked.catch(() => undefined);
    return asked;
  };
}

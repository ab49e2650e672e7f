// Text that came from a unit or the journal (descriptions, command lines, status text, messages)
// is written to an administrator's terminal: a control sequence in it could retitle the window, set
// the clipboard (OSC 52), clear the screen or forge colours. Such text is escaped before it is
// shown; journal messages are shown the way journalctl shows them. Pure.
import { formatBytes } from '../format.js';

// C0 controls (tab and newline included: a line is one line), DEL, the C1 controls (U+009B is a
// CSI on many terminals), and the bidirectional marks and overrides that make text read otherwise
// than it is (U+202E turns "exe.txt" around).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
/** The characters JSON leaves as they are but a terminal or a reader must not get raw. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * JSON for svctui's output: as JSON.stringify, with DEL, the C1 controls and the bidirectional
 * overrides written as \u escapes (the same data, and nothing that acts on a terminal or a reader).
 */
export function jsonOutput(value: unknown, space = 2): string {
  return JSON.stringify(value, null, space).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Control characters as visible escapes (\e, \t, \x07…); everything else as it is. */
export function escapeControl(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, escapeOne) : text;
}

/** The same, keeping line breaks (for multi-line messages written line by line). */
export function escapeControlKeepLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}

const ESC = 0x1b;
const BEL = 0x07;

/**
 * journalctl's clean-up of a message before it is shown (systemd 252, strip_tab_ansi): a tab
 * becomes 8 spaces, colour sequences (ESC [ digits ; m) and OSC sequences ended by BEL go;
 * any other sequence stays (and then makes the message unprintable).
 */
function stripTabAnsi(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x09) {
      out.push(0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20);
      continue;
    }
    if (b !== ESC || i + 1 >= bytes.length) {
      out.push(b);
      continue;
    }
    const kind = bytes[i + 1];
    if (kind === 0x5b) {
      // CSI: only a complete colour sequence is dropped.
      let j = i + 2;
      while (j < bytes.length && ((bytes[j]! >= 0x30 && bytes[j]! <= 0x39) || bytes[j] === 0x3b || bytes[j] === 0x3a)) j++;
      if (j < bytes.length && bytes[j] === 0x6d) {
        i = j;
        continue;
      }
    } else if (kind === 0x5d) {
      // OSC: printable characters up to BEL.
      let j = i + 2;
      while (j < bytes.length && bytes[j]! >= 0x20 && bytes[j]! < 0x7f) j++;
      if (j < bytes.length && bytes[j] === BEL) {
        i = j;
        continue;
      }
    }
    out.push(b);
  }
  return Uint8Array.from(out);
}

/** Valid UTF-8 with no control characters except newlines (journalctl's utf8_is_printable). */
function printable(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text) ? undefined : text;
}

/**
 * A journal message as journalctl's short output shows it: the text (tabs expanded, colours
 * dropped; it may hold newlines), or "[N blob data]" when it holds anything unprintable.
 */
export function journalMessageText(message: string | Uint8Array): string {
  if (typeof message === 'string' && !CONTROL.test(message.replace(/\n/g, ''))) return message;
  const bytes = typeof message === 'string' ? new TextEncoder().encode(message) : message;
  const stripped = stripTabAnsi(bytes);
  return printable(stripped) ?? `[${formatBytes(BigInt(stripped.length))} blob data]`;
}

/**
 * A message under a prefix ("Dec 01 20:59:25 host unit[42]: "), as journalctl prints it: later
 * lines are indented to the message's column, a final empty line is dropped.
 */
export function withPrefix(prefix: string, message: string): string {
  const lines = message.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const indent = ' '.repeat(prefix.length);
  return lines.map((l, i) => (i === 0 ? prefix + l : indent + l)).join('\n');
}

// One line of text being typed (the filter, a dialog's answer): its value and the cursor, and what
// each editing key does to it, as readline does. A paste is one insert. Pure.

export interface TextField {
  value: string;
  /** The cursor, in characters (code points) from the start. */
  cursor: number;
}

export type TextEdit =
  | { kind: 'insert'; text: string }
  | { kind: 'left' | 'right' | 'home' | 'end' | 'backspace' | 'delete' | 'kill-to-start' | 'kill-to-end' | 'kill-word' };

export const emptyField = (value = ''): TextField => ({ value, cursor: [...value].length });

/**
 * Text as it may go into one line: control characters out, and line breaks (a pasted block) as
 * spaces — a paste never answers a question by itself.
 */
export function cleanInsert(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\t/g, ' ')
    .replace(/\x1b\[[0-9;?]*[A-Za-z~]/g, '')
    .replace(/[\x00-\x1f\x7f-\x9f]/g, '');
}

export function editField(f: TextField, e: TextEdit): TextField {
  const chars = [...f.value];
  const at = Math.min(Math.max(f.cursor, 0), chars.length);
  const make = (list: string[], cursor: number): TextField => ({ value: list.join(''), cursor });
  switch (e.kind) {
    case 'insert': {
      const add = [...cleanInsert(e.text)];
      return make([...chars.slice(0, at), ...add, ...chars.slice(at)], at + add.length);
    }
    case 'left':
      return { ...f, cursor: Math.max(0, at - 1) };
    case 'right':
      return { ...f, cursor: Math.min(chars.length, at + 1) };
    case 'home':
      return { ...f, cursor: 0 };
    case 'end':
      return { ...f, cursor: chars.length };
    case 'backspace':
      return at === 0 ? f : make([...chars.slice(0, at - 1), ...chars.slice(at)], at - 1);
    case 'delete':
      return at >= chars.length ? f : make([...chars.slice(0, at), ...chars.slice(at + 1)], at);
    case 'kill-to-start':
      return make(chars.slice(at), 0);
    case 'kill-to-end':
      return make(chars.slice(0, at), at);
    case 'kill-word': {
      // Like readline's Ctrl-W: the spaces before the cursor, then the word before them.
      let start = at;
      while (start > 0 && chars[start - 1] === ' ') start--;
      while (start > 0 && chars[start - 1] !== ' ') start--;
      return make([...chars.slice(0, start), ...chars.slice(at)], start);
    }
  }
}

/** The field split at the cursor, for drawing it (the cursor is on `at`, a space at the end). */
export function fieldParts(f: TextField): { before: string; at: string; after: string } {
  const chars = [...f.value];
  const at = Math.min(Math.max(f.cursor, 0), chars.length);
  return { before: chars.slice(0, at).join(''), at: chars[at] ?? ' ', after: chars.slice(at + 1).join('') };
}

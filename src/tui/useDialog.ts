// A dialog inside the UI for the edit, revert and handler flows: their messages, their questions
// (a choice answered by the first letter of an answer, or a line of text). The flows are the
// command line's, through the Prompter interface.
import { useCallback, useRef, useState } from 'react';
import type { Prompter } from '../app/prompter.js';

export interface DialogQuestion {
  text: string;
  kind: 'choice' | 'text';
  choices: string[];
  fallback: string;
  /** Typed so far (text questions). */
  value: string;
}

export interface DialogState {
  title: string;
  lines: string[];
  question?: DialogQuestion;
  done: boolean;
}

export type DialogPrompter = Prompter & { askText(question: string, fallback: string): Promise<string>; finish(text: string): void };

export type DialogKey = { kind: 'default' } | { kind: 'delete' } | { kind: 'char'; text: string };

export function useDialog() {
  const [dialog, setDialog] = useState<DialogState | undefined>();
  const resolver = useRef<((answer: string) => void) | undefined>(undefined);
  const current = useRef<DialogState | undefined>(undefined);
  const update = (f: (d: DialogState) => DialogState | undefined) =>
    setDialog((d) => {
      const next = d ? f(d) : d;
      current.current = next;
      return next;
    });

  const open = useCallback((title: string): DialogPrompter => {
    const start = { title, lines: [], done: false };
    current.current = start;
    setDialog(start);
    const ask = (text: string, kind: 'choice' | 'text', choices: string[], fallback: string) =>
      new Promise<string>((resolve) => {
        resolver.current = resolve;
        update((d) => ({ ...d, question: { text, kind, choices, fallback, value: '' } }));
      });
    return {
      say: (text) => update((d) => ({ ...d, lines: [...d.lines, ...text.replace(/\n$/, '').split('\n')] })),
      ask: (text, choices, fallback) => ask(text, 'choice', choices, fallback),
      askText: (text, fallback) => ask(text, 'text', [], fallback),
      pause: async () => undefined,
      close: () => undefined,
      finish: (text) => update((d) => ({ ...d, lines: [...d.lines, '', text], question: undefined, done: true })),
    };
  }, []);

  const settle = (d: DialogState, answer: string) => {
    const resolve = resolver.current;
    resolver.current = undefined;
    update((x) => ({ ...x, question: undefined, lines: [...x.lines, `${d.question?.text ?? ''} ${answer || '(none)'}`] }));
    resolve?.(answer);
  };

  /** A key while the dialog is open; false when it means nothing here. */
  const key = useCallback((k: DialogKey): boolean => {
    const d = current.current;
    if (!d) return false;
    const q = d.question;
    if (!q) {
      if (d.done && k.kind === 'default') {
        current.current = undefined;
        setDialog(undefined);
        return true;
      }
      return false;
    }
    if (k.kind === 'default') {
      settle(d, q.kind === 'text' ? q.value.trim() || q.fallback : q.fallback);
      return true;
    }
    if (q.kind === 'text') {
      const value = k.kind === 'delete' ? q.value.slice(0, -1) : q.value + k.text;
      update((x) => ({ ...x, question: x.question && { ...x.question, value } }));
      return true;
    }
    if (k.kind !== 'char') return false;
    const choice = q.choices.find((c) => c.startsWith(k.text.toLowerCase()));
    if (!choice) return false;
    settle(d, choice);
    return true;
  }, []);

  return { dialog, open, key };
}

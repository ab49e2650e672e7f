// A dialog inside the UI for the edit and revert flows: their messages, and their questions
// answered with single keys (the flows are the command line's, through the Prompter interface).
import { useCallback, useRef, useState } from 'react';
import type { Prompter } from '../commands/edit.js';

export interface DialogState {
  title: string;
  lines: string[];
  question?: { text: string; choices: string[]; fallback: string };
  done: boolean;
}

export type DialogAnswer = 'yes' | 'no' | 're-edit' | 'apply' | 'discard' | 'default';

export function useDialog() {
  const [dialog, setDialog] = useState<DialogState | undefined>();
  const resolver = useRef<((answer: string) => void) | undefined>(undefined);

  const open = useCallback((title: string): Prompter & { finish(text: string): void } => {
    setDialog({ title, lines: [], done: false });
    const add = (text: string) => setDialog((d) => d && { ...d, lines: [...d.lines, ...text.replace(/\n$/, '').split('\n')] });
    return {
      say: add,
      ask: (text, choices, fallback) =>
        new Promise<string>((resolve) => {
          resolver.current = resolve;
          setDialog((d) => d && { ...d, question: { text, choices, fallback } });
        }),
      pause: async () => undefined,
      close: () => undefined,
      finish: (text) => setDialog((d) => d && { ...d, lines: [...d.lines, '', text], question: undefined, done: true }),
    };
  }, []);

  /** A key answered the question (when it is one of its choices), or closed a finished dialog. */
  const answer = useCallback(
    (a: DialogAnswer): boolean => {
      if (!dialog) return false;
      if (dialog.question) {
        const choice = a === 'default' ? dialog.question.fallback : dialog.question.choices.find((c) => c === a);
        if (!choice) return false;
        const resolve = resolver.current;
        resolver.current = undefined;
        setDialog((d) => d && { ...d, question: undefined, lines: [...d.lines, `${d.question?.text ?? ''} ${choice}`] });
        resolve?.(choice);
        return true;
      }
      if (dialog.done && a === 'default') {
        setDialog(undefined);
        return true;
      }
      return false;
    },
    [dialog],
  );

  return { dialog, open, answer };
}

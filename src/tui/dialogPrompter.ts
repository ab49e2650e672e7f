// The flows' Prompter in the TUI: what they say and ask goes into the UI state's dialog (the pure
// reducer handles the keys), and the answer comes back through the reducer's effect. Esc cancels
// the flow: the question it waits on (or its next one) throws FlowCancelled.
import { FlowCancelled, type WizardPrompter } from '../app/prompter.js';
import { dialogAsked, dialogChanged, dialogFinished, dialogOpened, dialogSaid, type DialogState } from '../core/model/dialog.js';
import { withDialog, type UiState } from '../core/model/ui.js';

export type Dispatch = (change: (ui: UiState) => UiState) => void;

export interface DialogPrompter extends WizardPrompter {
  /** The flow ended: its last word, then Enter or Esc closes the dialog. */
  finish(text: string): void;
  /** What the flow changed so far, in its words. */
  readonly changes: readonly string[];
  /** Esc was pressed (a flow that asks nothing more checks this between steps). */
  isCancelled(): boolean;
}

export interface DialogBridge {
  open(title: string): DialogPrompter;
  /** The reducer's effects. */
  answer(answer: string): void;
  cancel(): void;
}

export function dialogBridge(dispatch: Dispatch, editText?: (initial: string) => Promise<string | undefined>): DialogBridge {
  let pending: { resolve: (answer: string) => void; reject: (err: Error) => void } | undefined;
  let cancelled = false;
  const onDialog = (change: (d: DialogState) => DialogState) => dispatch((ui) => (ui.dialog ? withDialog(ui, change(ui.dialog)) : ui));
  return {
    open(title) {
      pending = undefined;
      cancelled = false;
      const changes: string[] = [];
      dispatch((ui) => withDialog({ ...ui, confirm: undefined }, dialogOpened(title)));
      const ask = (text: string, kind: 'choice' | 'text', choices: string[], fallback: string) =>
        new Promise<string>((resolve, reject) => {
          if (cancelled) return reject(new FlowCancelled());
          pending = { resolve, reject };
          onDialog((d) => dialogAsked(d, { text, kind, choices, fallback }));
        });
      return {
        changes,
        isCancelled: () => cancelled,
        say: (text) => onDialog((d) => dialogSaid(d, text)),
        ask: (text, choices, fallback) => ask(text, 'choice', choices, fallback),
        askText: (text, fallback) => ask(text, 'text', [], fallback),
        editText: editText && (async (initial) => (cancelled ? Promise.reject(new FlowCancelled()) : editText(initial))),
        pause: async () => undefined,
        close: () => undefined,
        changed: (summary) => {
          changes.push(summary);
          onDialog((d) => dialogChanged(d, summary));
        },
        finish: (text) => onDialog((d) => dialogFinished({ ...d, progress: undefined }, text)),
        progress: (text) => onDialog((d) => ({ ...d, progress: text })),
      };
    },
    answer(answer) {
      const p = pending;
      pending = undefined;
      p?.resolve(answer);
    },
    cancel() {
      cancelled = true;
      const p = pending;
      pending = undefined;
      p?.reject(new FlowCancelled());
    },
  };
}

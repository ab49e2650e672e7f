// A dialog in the UI (the edit, revert and handler flows): what the flow said, the question it
// asks now, what it changed, and how far the reader scrolled up. The flow is the command line's
// (through a Prompter); this is the screen's side of it, as plain state. Pure.
import { editField, emptyField, type TextEdit, type TextField } from './textField.js';

export interface DialogQuestion {
  text: string;
  kind: 'choice' | 'text';
  choices: string[];
  fallback: string;
  /** The answer being typed (text questions). */
  field: TextField;
}

export interface DialogState {
  title: string;
  lines: string[];
  question?: DialogQuestion;
  /** The flow ended: Enter or Esc closes the dialog. */
  done: boolean;
  /** Esc while the flow was busy: it stops at its next question. */
  cancelling: boolean;
  /** Rows scrolled up from the end (0: the newest rows and the question are shown). */
  scrollUp: number;
  /** What the flow changed, in its words: the status bar reports exactly these. */
  changes: string[];
  /** What the flow waits for now (a spinner's line), below the lines; gone when it ends. */
  progress?: string;
}

export function dialogOpened(title: string): DialogState {
  return { title, lines: [], done: false, cancelling: false, scrollUp: 0, changes: [] };
}

/** New text from the flow: shown at the end, where the view goes back to. */
export function dialogSaid(d: DialogState, text: string): DialogState {
  return { ...d, lines: [...d.lines, ...text.replace(/\n$/, '').split('\n')], scrollUp: 0 };
}

export function dialogAsked(d: DialogState, q: Omit<DialogQuestion, 'field'>): DialogState {
  return { ...d, question: { ...q, field: emptyField() }, scrollUp: 0 };
}

/** The question answered: it stays in the dialog, with the answer after it. */
export function dialogAnswered(d: DialogState, answer: string): DialogState {
  return { ...d, question: undefined, lines: [...d.lines, `${d.question?.text ?? ''} ${answer || '(none)'}`], scrollUp: 0 };
}

export function dialogChanged(d: DialogState, summary: string): DialogState {
  return { ...d, changes: [...d.changes, summary] };
}

/** The flow ended; its last word is added unless the flow just said the same. */
export function dialogFinished(d: DialogState, text: string): DialogState {
  const lines = d.lines.at(-1) === text ? d.lines : [...d.lines, '', text];
  return { ...d, lines, question: undefined, done: true, cancelling: false, scrollUp: 0 };
}

export function dialogTyped(d: DialogState, edit: TextEdit): DialogState {
  if (d.question?.kind !== 'text') return d;
  return { ...d, question: { ...d.question, field: editField(d.question.field, edit) } };
}

/** The answer Enter gives: the typed text (or the default when none), or a choice's default. */
export function acceptedAnswer(q: DialogQuestion): string {
  return q.kind === 'text' ? q.field.value.trim() || q.fallback : q.fallback;
}

/** The choice a typed letter picks ([y]es, [r]e-edit…), if any. */
export function choiceFor(q: DialogQuestion, letter: string): string | undefined {
  const l = letter.toLowerCase();
  return l ? q.choices.find((c) => c.startsWith(l)) : undefined;
}

/** What the status bar says when the dialog closes: what really happened. */
export function dialogOutcome(d: DialogState, what: string, cancelled: boolean): string {
  if (d.changes.length) return `${what}: ${d.changes.join('; ')}${cancelled ? ' (then cancelled)' : ''}`;
  return `${what}: ${cancelled ? 'cancelled; ' : ''}nothing was changed`;
}

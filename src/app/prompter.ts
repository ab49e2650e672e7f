// How the flows (edit, revert, handlers) ask questions: the command line answers on the terminal
// (cli/terminalPrompter.ts), the TUI in a dialog (tui/useDialog.ts).

/** Questions and messages, on the terminal (or a pipe: EOF means the default answer). */
export interface Prompter {
  say(text: string): void;
  /**
   * A choice: an answer's first letters pick it, Enter picks `fallback`; when the input has ended
   * (a pipe, no terminal), `onEnd` (default: the fallback) — a question that must not be answered
   * by default without a person there says so with onEnd.
   */
  ask(question: string, choices: string[], fallback: string, onEnd?: string): Promise<string>;
  /** Waits for Enter (or the end of the input). */
  pause(text: string): Promise<void>;
  /** Stops reading the input (the TUI takes the terminal back afterwards). */
  close(): void;
  /**
   * The flow changed something (a file written, the manager reloaded, a unit restarted), in a few
   * words: the TUI reports exactly these when the flow ends, however it ends.
   */
  changed?(summary: string): void;
  /** A line that says what is being waited for (a spinner), replaced by the next; undefined clears it. */
  progress?(text: string | undefined): void;
}

/** The person cancelled the flow (Esc in the TUI's dialog): it stops at the question it was at. */
export class FlowCancelled extends Error {
  override name = 'FlowCancelled';
  constructor() {
    super('cancelled');
  }
}

/** The handler wizard also asks for text (a command, a file, a list). */
export interface WizardPrompter extends Prompter {
  askText(question: string, fallback: string): Promise<string>;
  /** Text longer than a line (a custom snippet), in the user's editor; undefined when not saved. */
  editText?(initial: string): Promise<string | undefined>;
}

/** Runs an editor on a file with the whole terminal; resolves with its exit code. */
export type EditorRunner = (editor: string[], file: string) => Promise<number>;

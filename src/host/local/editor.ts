// The user's editor, on this machine's terminal (with -H too: the text is edited here and written
// there).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { makePrivateTempDirSync } from './safeFs.js';
import { join } from 'node:path';

/** The editor could not be started, in words. */
export class EditorError extends Error {
  override name = 'EditorError';
}

/** $SYSTEMD_EDITOR, $EDITOR, $VISUAL, then editor, nano, vim, vi (like systemctl edit). */
export function chooseEditor(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  for (const v of [env.SYSTEMD_EDITOR, env.EDITOR, env.VISUAL]) {
    if (v && v.trim()) return v.trim().split(/\s+/);
  }
  const path = (env.PATH ?? '/usr/bin:/bin').split(':');
  for (const name of ['editor', 'nano', 'vim', 'vi']) {
    const found = path.map((p) => join(p, name)).find((f) => existsSync(f));
    if (found) return [found];
  }
  return undefined;
}

/** The program holding the terminal now (editor, pager), if any: it must not outlive svctui. */
let terminalChild: ChildProcess | undefined;
let exitHookInstalled = false;

/**
 * Runs a program on the terminal (the editor, journalctl's pager). It ends with svctui: it is
 * started with a parent-death signal (setpriv --pdeathsig, when present) and killed when svctui
 * exits, so it is never left behind on a dropped SSH session or a killed svctui. Resolves with its
 * exit status; `what` names it in the error when it cannot start.
 */
export function runOnTerminal(argv: string[], what: string, env?: NodeJS.ProcessEnv): Promise<number> {
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  const full = setpriv ? [setpriv, '--pdeathsig', 'TERM', '--', ...argv] : argv;
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => terminalChild?.kill('SIGTERM'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), { stdio: 'inherit', env: env ?? process.env });
    terminalChild = child;
    child.on('error', (err) => {
      terminalChild = undefined;
      reject(new EditorError(`cannot start ${what}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      terminalChild = undefined;
      // setpriv says 127 when it cannot run the program at all.
      if (setpriv && code === 127) reject(new EditorError(`cannot start ${what}`));
      else resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Runs the editor on the terminal (see runOnTerminal); its saved text stays in the buffer. */
export async function runEditor(editor: string[], file: string): Promise<number> {
  try {
    return await runOnTerminal([...editor, file], `the editor "${editor.join(' ')}"`);
  } catch (err) {
    throw new EditorError(`${(err as Error).message}. Set $EDITOR to an editor that exists.`);
  }
}

/** An "editor" that replaces the file with the given text at once (edit --stdin). */
export function textAsEditor(text: string): (editor: string[], file: string) => Promise<number> {
  return async (_editor, file) => {
    writeFileSync(file, text);
    return 0;
  };
}

/** Editors that take "+LINE" before the file to put the cursor on that line. */
const TAKES_LINE = new Set(['vi', 'vim', 'nvim', 'view', 'nano', 'pico', 'emacs', 'emacsclient', 'micro', 'mg', 'joe', 'kak', 'editor']);

/** The editor's command with the cursor on `line` when it is one that takes +LINE (else as it is). */
export function editorAtLine(editor: string[], line: number): string[] {
  const name = editor[0]?.slice(editor[0].lastIndexOf('/') + 1) ?? '';
  return TAKES_LINE.has(name) ? [...editor, `+${line}`] : editor;
}

/**
 * Text edited in the user's editor (a handler's custom snippet): written to a file in a folder
 * only this user can enter, edited, read back; undefined when the editor failed. Removed after.
 * The cursor starts on the text's last line (the empty line below a comment block).
 */
export async function editTextInEditor(initial: string, run: (editor: string[], file: string) => Promise<number>, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const chosen = chooseEditor(env);
  const editor = chosen && editorAtLine(chosen, Math.max(1, initial.replace(/\n$/, '').split('\n').length));
  if (!editor) throw new EditorError('no editor found: set $EDITOR (or $SYSTEMD_EDITOR, $VISUAL), or install nano or vim.');
  const dir = makePrivateTempDirSync('svctui-text-');
  const file = join(dir, 'snippet.sh');
  try {
    writeFileSync(file, initial, { mode: 0o600 });
    const code = await run(editor, file);
    return code === 0 ? readFileSync(file, 'utf8') : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

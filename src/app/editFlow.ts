// `svctui edit`, `svctui revert`, `svctui cat`: systemctl edit semantics, plus what it does not do:
// validate before applying, show the effective change, offer a restart, and never lose the text.
// The TUI runs the same flows while it is suspended (e, E, v).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildDropInBuffer, EditBufferError, extractDropIn, lineDiff, normaliseFullText } from '../core/model/editBuffer.js';
import {
  assertWritable,
  catText,
  catUnit,
  dropInPath,
  fullCopyPath,
  readIfExists,
  removeDropIn,
  revertPlan,
  revertUnit,
  UnitFileError,
  unitDirs,
  unitSources,
  verifyCandidate,
  writeUnitText,
} from './unitFiles.js';
import type { Systemd } from './manager.js';
import { PendingEdits } from '../host/local/state/pendingEdits.js';
import { EditBuffers } from '../host/local/state/editBuffers.js';
import { FileError } from '../host/local/safeFs.js';
import { escapeControlKeepLines } from '../core/model/text.js';
import { CommandError, unitArgument } from './context.js';

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
}

type InputStream = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Lines from a stream through 'readable' and read(), which works whatever mode the stream was left
 * in (Ink leaves stdin non-flowing when it suspends). On a terminal the line is edited here, in raw
 * mode (echo, Backspace, Enter, Ctrl-C/Ctrl-D as "no answer"), so the terminal's own line settings
 * (which a suspended TUI may have left odd) do not matter.
 */
function lineReader(input: InputStream, output: NodeJS.WritableStream) {
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
        if (buffer) output.write('\b \b');
        buffer = buffer.slice(0, -1);
      } else if (ch === '\x03' || ch === '\x04') {
        output.write('\n');
        lines.push(undefined);
        buffer = '';
      } else if (ch >= ' ') {
        buffer += ch;
        output.write(ch);
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

export type EditorRunner = (editor: string[], file: string) => Promise<number>;

/** The editor running now, if any: it must not outlive svctui (see runEditor). */
let editorChild: ChildProcess | undefined;
let exitHookInstalled = false;

/**
 * Runs the editor on the terminal. It ends with svctui: it is started with a parent-death signal
 * (setpriv --pdeathsig, when present) and killed when svctui exits, so an editor is never left
 * behind on a dropped SSH session or a killed svctui; its saved text stays in the buffer.
 */
export function runEditor(editor: string[], file: string): Promise<number> {
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  const argv = setpriv ? [setpriv, '--pdeathsig', 'TERM', '--', ...editor, file] : [...editor, file];
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => editorChild?.kill('SIGTERM'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit' });
    editorChild = child;
    child.on('error', (err) => {
      editorChild = undefined;
      reject(new CommandError(`cannot start the editor "${editor.join(' ')}": ${err.message}. Set $EDITOR to an editor that exists.`, 1));
    });
    child.on('exit', (code, signal) => {
      editorChild = undefined;
      // setpriv says 127 when it cannot run the editor at all.
      if (setpriv && code === 127) reject(new CommandError(`cannot start the editor "${editor.join(' ')}". Set $EDITOR to an editor that exists.`, 1));
      else resolve(code ?? (signal ? 128 : 1));
    });
  });
}

export interface EditOptions {
  unit: string;
  full: boolean;
  runtime: boolean;
  dropIn?: string;
  /** Which manager (for the pending-edit store). */
  manager: string;
}

/** Edits a unit; returns an exit code (0 applied or nothing to do, 1 not applied). */
export async function editUnit(systemd: Systemd, o: EditOptions, prompt: Prompter, pending = new PendingEdits(), editorRunner: EditorRunner = runEditor, buffers = new EditBuffers()): Promise<number> {
  const unit = unitArgument(o.unit);
  try {
    return await editFlow(systemd, { ...o, unit }, prompt, pending, editorRunner, buffers);
  } catch (err) {
    if (err instanceof UnitFileError || err instanceof EditBufferError || err instanceof FileError) throw new CommandError(err.message, 1);
    throw err;
  }
}

/** The kept text of an earlier edit of `target`, when the user wants it back; 'stop' to keep it for later. */
async function resumeKeptEdit(o: EditOptions, target: string, current: string, prompt: Prompter, pending: PendingEdits, buffers: EditBuffers): Promise<string | undefined | 'stop'> {
  const left = await buffers.state(o.manager, target);
  if (left.kind === 'in-use') throw new CommandError(`${target} is open in the editor of another svctui (pid ${left.pid}); finish that edit first.`, 1);
  // The text kept after the editor exited is the newest; a buffer left over from then adds nothing.
  const saved = await pending.find(o.manager, target);
  const kept =
    saved && saved.text !== current
      ? { text: saved.text, when: saved.savedAt, how: 'was not applied' }
      : left.kind === 'interrupted'
        ? { text: o.full ? normaliseFullText(left.edit.text) : extractDropIn(left.edit.text), when: left.edit.savedAt, how: 'was interrupted (svctui ended while the editor was open)' }
        : undefined;
  if (!kept) return undefined;
  // Never resumed without a person to say so: at the end of the input the text is kept, untouched.
  const answer = await prompt.ask(`An edit of ${target} from ${kept.when} ${kept.how}. Resume it? [y/n]`, ['yes', 'no'], 'yes', 'keep');
  if (answer === 'keep') {
    prompt.say(`Nothing was changed. The kept edit of ${target} is still there: run svctui edit ${o.unit} on a terminal to resume or discard it.`);
    return 'stop';
  }
  if (left.kind === 'interrupted') await buffers.end(o.manager, target);
  if (answer === 'yes') return kept.text;
  await pending.remove(o.manager, target);
  return undefined;
}

async function editFlow(systemd: Systemd, o: EditOptions, prompt: Prompter, pending: PendingEdits, editorRunner: EditorRunner, buffers: EditBuffers): Promise<number> {
  const { unit } = o;
  const sources = await unitSources(systemd, unit);
  if (sources.loadState === 'masked') throw new CommandError(`Unit ${unit} is masked; it cannot be edited. "svctui revert ${unit}" unmasks it.`, 1);
  if (!sources.fragment) {
    throw new CommandError(`Unit ${unit} has no unit file${sources.loadState === 'not-found' ? ' (it could not be found)' : ''}; there is nothing to edit.`, 1);
  }
  const dirs = await unitDirs(systemd);
  const target = o.full ? fullCopyPath(dirs, unit, { runtime: o.runtime }) : dropInPath(dirs, unit, { runtime: o.runtime, name: o.dropIn });
  if (o.runtime) {
    const persistent = o.full ? fullCopyPath(dirs, unit) : dropInPath(dirs, unit, { name: o.dropIn });
    if (existsSync(persistent)) throw new CommandError(`${persistent} exists, and would override a runtime edit; edit it without --runtime.`, 1);
  }
  await assertWritable(target, `edit ${o.full ? '--full ' : ''}${o.runtime ? '--runtime ' : ''}${unit}`);

  const current = o.full ? (existsSync(target) ? await readIfExists(target) : await readIfExists(sources.fragment)) : await readIfExists(target);
  const resumed = await resumeKeptEdit(o, target, current, prompt, pending, buffers);
  if (resumed === 'stop') return 1;
  const text = resumed ?? current;
  const others = o.full ? [] : (await catUnit(sources)).filter((p) => p.path !== target);
  const editor = chooseEditor();
  if (!editor) throw new CommandError('no editor found: set $EDITOR (or $SYSTEMD_EDITOR, $VISUAL), or install nano or vim.', 1);
  const kind: 'drop-in' | 'full' = o.full ? 'full' : 'drop-in';
  const session: EditSession = { systemd, o, unit, target, kind, current, text, others, editor, sources, prompt, pending, editorRunner, buffers };
  const code = await editAndApply(session);
  // Only a flow that ended in an answer lets the buffer go: after a failure (a full disk, a lost
  // bus) it stays, and the next edit of this file offers the text.
  await buffers.end(o.manager, target);
  return code;
}

interface EditSession {
  systemd: Systemd;
  o: EditOptions;
  unit: string;
  target: string;
  kind: 'drop-in' | 'full';
  /** The file's text now. */
  current: string;
  /** The text the editor starts from (the current one, or a kept edit). */
  text: string;
  others: { path: string; text: string }[];
  editor: string[];
  sources: Awaited<ReturnType<typeof unitSources>>;
  prompt: Prompter;
  pending: PendingEdits;
  editorRunner: EditorRunner;
  buffers: EditBuffers;
}

/** Editor, check, apply: again until applied, discarded or kept for later. */
async function editAndApply(s: EditSession): Promise<number> {
  const { systemd, o, unit, target, kind, current, others, editor, sources, prompt, pending, editorRunner, buffers } = s;
  let text = s.text;
  for (;;) {
    const buffer = o.full ? text : buildDropInBuffer({ target, current: text, others });
    // From the moment the editor saves, the text survives svctui: the next edit finds the buffer.
    const bufferFile = await buffers.begin({ manager: o.manager, unit, target, kind }, buffer);
    const code = await editorRunner(editor, bufferFile);
    const after = buffers.read(o.manager, target);
    if (code !== 0) {
      if (after !== buffer) await pending.save({ manager: o.manager, unit, target, kind, text: after });
      prompt.say(`The editor exited with ${code}; nothing was applied.${after !== buffer ? ' Your text is kept: run the same edit again to resume it.' : ''}`);
      return 1;
    }
    let edited: string;
    try {
      edited = o.full ? normaliseFullText(after) : extractDropIn(after);
    } catch (err) {
      prompt.say(`${(err as Error).message}.`);
      const answer = await prompt.ask('[r]e-edit or [d]iscard?', ['re-edit', 'discard'], 'discard');
      if (answer === 're-edit') continue;
      return 1;
    }
    // From here on the text survives anything: svctui killed, SSH dropped.
    await pending.save({ manager: o.manager, unit, target, kind, text: edited });
    if (edited === current) {
      await pending.remove(o.manager, target);
      prompt.say(`No changes to ${target}; nothing to do.`);
      return 0;
    }
    if (edited === '') {
      await pending.remove(o.manager, target);
      if (o.full) {
        prompt.say('An empty unit file is not applied; nothing was changed.');
        return 1;
      }
      const answer = await prompt.ask(`The edit is empty: remove the drop-in ${target}? [y/N]`, ['yes', 'no'], 'no');
      if (answer !== 'yes') {
        prompt.say('Nothing was changed.');
        return 0;
      }
      await removeDropIn(target);
      await systemd.daemonReload();
      prompt.say(`Removed ${target} and reloaded the manager.`);
      return 0;
    }
    const verify = await verifyCandidate(systemd.scope, unit, sources, o.full ? { kind: 'full', text: edited } : { kind: 'drop-in', path: target, text: edited });
    if (!verify.ok) {
      prompt.say(`systemd-analyze verify has findings for ${unit} with this edit:`);
      for (const f of verify.findings) prompt.say(`  ${f}`);
      const answer = await prompt.ask('[r]e-edit, [a]pply anyway, [d]iscard, or Enter to keep it for later?', ['re-edit', 'apply', 'discard', 'keep'], 'keep');
      if (answer === 're-edit') {
        text = edited;
        continue;
      }
      if (answer === 'discard') {
        await pending.remove(o.manager, target);
        prompt.say('Discarded; nothing was changed.');
        return 1;
      }
      if (answer !== 'apply') {
        prompt.say(`Not applied. Your text is kept: run the same edit again to resume it.`);
        return 1;
      }
    }
    const before = catText(await catUnit(sources));
    await writeUnitText(target, edited);
    await systemd.daemonReload();
    await pending.remove(o.manager, target);
    const now = await unitSources(systemd, unit);
    prompt.say(`Wrote ${target} and reloaded the manager.`);
    const diff = lineDiff(before, catText(await catUnit(now))).filter((l) => !l.startsWith('  ') || l.startsWith('  # /'));
    if (diff.length) {
      prompt.say('The effective unit changed:');
      for (const l of diff) prompt.say(`  ${l}`);
    }
    if (now.loadError || now.loadState === 'bad-setting' || now.loadState === 'error') {
      prompt.say(`systemd now reports ${unit} as ${now.loadState}${now.loadError ? `: ${now.loadError}` : ''}. Fix it with svctui edit, or undo it with svctui revert.`);
      return 1;
    }
    if (now.activeState === 'active' || now.activeState === 'reloading') {
      const answer = await prompt.ask(`${unit} is running with its old settings. Restart it now? [y/N]`, ['yes', 'no'], 'no');
      if (answer === 'yes') {
        const result = await systemd.runJob('restart', unit);
        prompt.say(`Restart ${unit}: ${result}`);
      }
    }
    return 0;
  }
}

/** systemctl revert, after a confirmation that lists exactly what goes. */
export async function revertFlow(systemd: Systemd, raw: string, prompt: Prompter): Promise<number> {
  const unit = unitArgument(raw);
  const sources = await unitSources(systemd, unit);
  const plan = await revertPlan(systemd, unit);
  const unmask = sources.loadState === 'masked' || sources.unitFileState.startsWith('masked');
  if (plan.length === 0 && !unmask) {
    prompt.say(`${unit} has no drop-ins, copies or mask to revert; nothing to do.`);
    return 0;
  }
  prompt.say(`Reverting ${unit} removes:`);
  for (const p of plan) prompt.say(`  ${p}`);
  if (unmask && !plan.some((p) => p.endsWith('(mask)'))) prompt.say('  its mask');
  const answer = await prompt.ask('Revert? [y/N]', ['yes', 'no'], 'no');
  if (answer !== 'yes') {
    prompt.say('Nothing was changed.');
    return 1;
  }
  try {
    const changes = await revertUnit(systemd, unit);
    prompt.say(`Reverted ${unit}${changes.length ? `: ${changes.map((c) => `${c.type} ${c.file}`).join('; ')}` : ''}. The manager was reloaded.`);
    return 0;
  } catch (err) {
    throw new CommandError((err as Error).message, 1);
  }
}

/** systemctl cat: the effective unit with file headers. */
export async function catFlow(systemd: Systemd, raw: string, out: NodeJS.WritableStream): Promise<number> {
  const unit = unitArgument(raw);
  const sources = await unitSources(systemd, unit);
  if (!sources.fragment && sources.dropIns.length === 0) throw new CommandError(`No files found for ${unit}.`, 1);
  out.write(escapeControlKeepLines(catText(await catUnit(sources))));
  return 0;
}

// `svctui edit`, `svctui revert`, `svctui cat`: systemctl edit semantics, plus what it does not do:
// validate before applying, show the effective change, offer a restart, and never lose the text.
// The TUI runs the same flows while it is suspended (e, E, v).
import { buildDropInBuffer, extractDropIn, lineDiff, normaliseFullText } from '../core/model/editBuffer.js';
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
import { FileError } from '../host/files.js';
import { chooseEditor, EditorError, runEditor, textAsEditor } from '../host/local/editor.js';
import { escapeControlKeepLines } from '../core/model/text.js';
import { CommandError, EXIT_NO_SUCH_UNIT, unitArgument } from './context.js';
import type { EditorRunner, Prompter } from './prompter.js';

export interface EditOptions {
  unit: string;
  full: boolean;
  runtime: boolean;
  dropIn?: string;
  /** Which manager (for the pending-edit store). */
  manager: string;
  /** The new text, given instead of an editor (edit --stdin): taken whole, markers or not. */
  text?: string;
}

/** Edits a unit; returns an exit code (0 applied or nothing to do, 1 not applied). */
export async function editUnit(systemd: Systemd, o: EditOptions, prompt: Prompter, pending = new PendingEdits(), editorRunner: EditorRunner = runEditor, buffers = new EditBuffers()): Promise<number> {
  const unit = unitArgument(o.unit);
  try {
    return await editFlow(systemd, { ...o, unit }, prompt, pending, editorRunner, buffers);
  } catch (err) {
    if (err instanceof UnitFileError || err instanceof FileError || err instanceof EditorError) throw new CommandError(err.message, 1);
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
  const { files } = systemd.host;
  const sources = await unitSources(systemd, unit);
  if (sources.loadState === 'masked') throw new CommandError(`Unit ${unit} is masked; it cannot be edited. "svctui revert ${unit}" unmasks it.`, 1);
  if (sources.loadState === 'not-found') throw new CommandError(`Unit ${unit} could not be found.`, EXIT_NO_SUCH_UNIT);
  if (!sources.fragment) throw new CommandError(`Unit ${unit} has no unit file; there is nothing to edit.`, 1);
  const dirs = await unitDirs(systemd);
  const target = o.full ? fullCopyPath(dirs, unit, { runtime: o.runtime }) : dropInPath(dirs, unit, { runtime: o.runtime, name: o.dropIn });
  if (o.runtime) {
    const persistent = o.full ? fullCopyPath(dirs, unit) : dropInPath(dirs, unit, { name: o.dropIn });
    if (await files.stat(persistent)) throw new CommandError(`${persistent} exists, and would override a runtime edit; edit it without --runtime.`, 1);
  }
  await assertWritable(systemd.host, target, `edit ${o.full ? '--full ' : ''}${o.runtime ? '--runtime ' : ''}${unit}`);

  const current = o.full ? ((await files.stat(target)) ? await readIfExists(files, target) : await readIfExists(files, sources.fragment)) : await readIfExists(files, target);
  // Text given on standard input is what is meant: a kept edit stays kept, for a later edit.
  const resumed = o.text === undefined ? await resumeKeptEdit(o, target, current, prompt, pending, buffers) : undefined;
  if (resumed === 'stop') return 1;
  const text = resumed ?? current;
  const others = o.full ? [] : (await catUnit(files, sources)).filter((p) => p.path !== target);
  const editor = o.text !== undefined ? ['(standard input)'] : chooseEditor();
  if (!editor) throw new CommandError('no editor found: set $EDITOR (or $SYSTEMD_EDITOR, $VISUAL), or install nano or vim.', 1);
  const kind: 'drop-in' | 'full' = o.full ? 'full' : 'drop-in';
  const runner = o.text !== undefined ? textAsEditor(o.text) : editorRunner;
  const session: EditSession = { systemd, o, unit, target, kind, current, text, others, editor, sources, prompt, pending, editorRunner: runner, buffers };
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
    const edited = o.full ? normaliseFullText(after) : extractDropIn(after);
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
      await removeDropIn(systemd.host.files, target);
      await systemd.daemonReload();
      prompt.say(`Removed ${target} and reloaded the manager.`);
      prompt.changed?.(`removed ${target}`);
      return 0;
    }
    const verify = await verifyCandidate(systemd.host, systemd.scope, unit, sources, o.full ? { kind: 'full', text: edited } : { kind: 'drop-in', path: target, text: edited });
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
    const before = catText(await catUnit(systemd.host.files, sources));
    await writeUnitText(systemd.host.files, target, edited);
    await systemd.daemonReload();
    await pending.remove(o.manager, target);
    const now = await unitSources(systemd, unit);
    prompt.say(`Wrote ${target} and reloaded the manager.`);
    prompt.changed?.(`wrote ${target}`);
    const diff = lineDiff(before, catText(await catUnit(systemd.host.files, now))).filter((l) => !l.startsWith('  ') || l.startsWith('  # /'));
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
        prompt.changed?.(`restarted ${unit} (${result})`);
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
  if (sources.loadState === 'not-found' && plan.length === 0) throw new CommandError(`Unit ${unit} could not be found.`, EXIT_NO_SUCH_UNIT);
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
    prompt.changed?.(`reverted ${unit}`);
    return 0;
  } catch (err) {
    throw new CommandError((err as Error).message, 1);
  }
}

/** systemctl cat: the effective unit with file headers. */
export async function catFlow(systemd: Systemd, raw: string, out: NodeJS.WritableStream): Promise<number> {
  const unit = unitArgument(raw);
  const sources = await unitSources(systemd, unit);
  if (sources.loadState === 'not-found' && sources.dropIns.length === 0) throw new CommandError(`Unit ${unit} could not be found.`, EXIT_NO_SUCH_UNIT);
  if (!sources.fragment && sources.dropIns.length === 0) throw new CommandError(`No files found for ${unit}.`, 1);
  out.write(escapeControlKeepLines(catText(await catUnit(systemd.host.files, sources))));
  return 0;
}

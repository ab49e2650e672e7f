// `svctui handler list|preview|attach|detach|test`: ExecStopPost= handlers, guided and previewable.
// The TUI's wizard (h) runs the same steps.
import {
  answerProblems,
  CANNOT_ASK_WORDS,
  CONDITIONS,
  normaliseStatuses,
  oldSystemdAdvice,
  specProblems,
  splitList,
  TEMPLATES,
  type Condition,
  type HandlerSpec,
  type Template,
} from '../core/model/handlers.js';
import type { Systemd } from './manager.js';
import {
  attach,
  checkAppendFile,
  checkExecutable,
  declaresDryRun,
  describeHandler,
  detach,
  HandlerError,
  handlersDir,
  listHandlers,
  planAttach,
  simulate,
  simulationScenarios,
  withPreview,
  type AttachPlan,
  type ExecHandler,
  type SimulationRow,
} from './handlers.js';
import { assertWritable, UnitFileError } from './unitFiles.js';
import { FileError } from '../host/files.js';
import { execPathProblem } from '../core/quoting.js';
import { tableText } from '../core/table.js';
import type { JournalSource } from './journal.js';
import { testHandlerLive } from './handlerTest.js';
import { CommandError, requireUnit, unitArgument } from './context.js';
import { FlowCancelled, type Prompter, type WizardPrompter } from './prompter.js';
import { jsonOutput } from '../core/model/text.js';

/** The handler as the command line gives it: text, checked by specFromArgs. */
export interface HandlerArgs {
  unit: string;
  name?: string;
  template?: string;
  when?: string;
  statuses?: string;
  results?: string;
  command?: string;
  file?: string;
  exec?: string;
  ignoreFailure: boolean;
  privileged: boolean;
  yes: boolean;
  simulateAnyway: boolean;
}

/** How an attach or preview runs: asked first or not, and whether to simulate a foreign executable. */
export interface AttachOptions {
  yes: boolean;
  simulateAnyway: boolean;
}

type AnySpec = HandlerSpec | ExecHandler;

/** A service named on the command line that systemd can find (exit 4 otherwise, like systemctl). */
async function checkedUnit(systemd: Systemd, raw: string): Promise<string> {
  const unit = unitArgument(raw);
  if (!unit.endsWith('.service')) throw new CommandError(`${unit} is not a service; ExecStopPost= handlers belong to services.`, 1);
  await requireUnit(systemd, unit);
  return unit;
}

/** Builds a handler spec from the command line, with every problem said at once. */
export async function specFromArgs(systemd: Systemd, a: HandlerArgs): Promise<AnySpec> {
  const unit = await checkedUnit(systemd, a.unit);
  if (a.exec) {
    if (a.template || a.command || a.file) throw new CommandError('--exec attaches an existing executable; it does not go with --template, --command or --file.', 2);
    return { unit, name: a.name ?? 'exec', exec: a.exec, ignoreFailure: a.ignoreFailure, privileged: a.privileged };
  }
  const template = (a.template ?? 'log') as Template;
  if (!TEMPLATES.includes(template)) throw new CommandError(`unknown template "${a.template}"; use one of ${TEMPLATES.join(', ')}.`, 2);
  const when = (a.when ?? 'always') as Condition;
  if (!CONDITIONS.includes(when)) throw new CommandError(`unknown --when "${a.when}"; use one of ${CONDITIONS.join(', ')}.`, 2);
  const spec: HandlerSpec = {
    unit,
    name: a.name ?? template,
    template,
    when,
    statuses: normaliseStatuses(splitList(a.statuses)),
    results: splitList(a.results),
    command: a.command,
    file: a.file,
    scope: systemd.scope,
    ignoreFailure: a.ignoreFailure,
    privileged: a.privileged,
  };
  const problems = specProblems(spec);
  if (problems.length) throw new CommandError(`cannot make this handler: ${problems.join('; ')}.`, 2);
  return spec;
}

export function simulationTable(rows: SimulationRow[]): string[] {
  const cells = rows.map((r) => [r.scenario.name, `${r.scenario.serviceResult}/${r.scenario.exitCode}/${r.scenario.exitStatus}`, r.result !== 'done' ? `error (${r.result})` : r.acts ? 'acts' : 'no', r.output.split('\n')[0] ?? '']);
  return tableText(['SCENARIO', 'SERVICE_RESULT/EXIT_CODE/EXIT_STATUS', 'ACTS', 'OUTPUT'], cells, { gap: '  ' });
}

async function guardVersion(systemd: Systemd, unit: string): Promise<void> {
  if (systemd.versionNumber && systemd.versionNumber < 232) {
    const execStart = String(((await systemd.unitProperty(unit, 'org.freedesktop.systemd1.Service', 'ExecStart').catch(() => [])) as unknown[][])[0]?.[1] ?? '/path/to/daemon');
    throw new CommandError(oldSystemdAdvice(unit, systemd.versionNumber, execStart), 1);
  }
}

/** Refuses, in words, an executable or a records file that another user could change or swap. */
async function checkPaths(systemd: Systemd, spec: AnySpec, unit: string, prompt: Prompter): Promise<void> {
  if ('exec' in spec) {
    const check = await checkExecutable(systemd.host, spec.exec);
    if (check.problems.length) throw new CommandError(`refusing to run ${spec.exec} as ${unit}'s handler: ${check.problems.join('; ')}.`, 1);
    const unsafe = execPathProblem(check.resolved);
    if (unsafe) throw new CommandError(`refusing to run ${spec.exec} as ${unit}'s handler: ${unsafe}.`, 1);
    // The drop-in names the real file: a symlink along the way could be re-pointed later.
    if (check.resolved !== spec.exec) prompt.say(`${spec.exec} is ${check.resolved}; the handler runs ${check.resolved}.`);
    spec.exec = check.resolved;
  } else if (spec.template === 'json' && spec.file) {
    const check = await checkAppendFile(systemd.host, spec.file);
    if (check.problems.length) throw new CommandError(`refusing to append ${unit}'s records to ${spec.file}: ${check.problems.join('; ')}. Choose a file in a folder only root or you can write to.`, 1);
    if (check.resolved !== spec.file) prompt.say(`${spec.file} is ${check.resolved}; the records go to ${check.resolved}.`);
    spec.file = check.resolved;
  }
}

async function previewSteps(systemd: Systemd, spec: AnySpec, a: AttachOptions, prompt: Prompter, forAttach = false): Promise<{ plan: AttachPlan; unit: string; rows?: SimulationRow[] }> {
  const unit = spec.unit;
  await guardVersion(systemd, unit);
  await checkPaths(systemd, spec, unit, prompt);
  const plan = await planAttach(systemd, spec);
  // Attaching writes a drop-in (and a script): without the right to, say so before simulating.
  if (forAttach) {
    await assertWritable(systemd.host, plan.dropInPath, `handler attach ${unit} …`);
    if (plan.script) await assertWritable(systemd.host, plan.script.path, `handler attach ${unit} …`);
  }
  prompt.say(`Drop-in ${plan.dropInPath}:`);
  for (const l of plan.dropInText.trimEnd().split('\n')) prompt.say(`  ${l}`);
  if (plan.script) prompt.say(`Script ${plan.script.path} (mode 0755; svctui cat shows the drop-in, the script is plain sh).`);
  if (!('exec' in spec) && spec.command?.trim()) {
    prompt.say(spec.template === 'custom' ? 'It runs this snippet (sh):' : 'It runs this command (sh):');
    for (const l of spec.command.replace(/\n+$/, '').split('\n')) prompt.say(`  ${l}`);
  }
  if (!('exec' in spec) && !spec.ignoreFailure) prompt.say('Note: without "-", a failing handler turns a clean stop into "failed".');
  let simulateIt = true;
  const list = await simulationScenarios(systemd, unit, 'statuses' in spec ? spec.statuses : []);
  if (!plan.script && !(await declaresDryRun(systemd.host, plan.executable)) && !a.simulateAnyway) {
    const answer = a.yes ? 'no' : await prompt.ask(`${plan.executable} does not say it honours SVCTUI_DRY_RUN=1, so simulating it would really run it ${list.length} times. Simulate anyway? [y/N]`, ['yes', 'no'], 'no');
    if (answer !== 'yes') prompt.say('Not simulated.');
    simulateIt = answer === 'yes';
  }
  let rows: SimulationRow[] | undefined;
  if (simulateIt) {
    // The preview's copy of a generated script lives in its own temporary folder, never where the
    // attached handler is (or will be), and is gone afterwards.
    rows = await withPreview(systemd.host, plan, (executable) => simulate(systemd, unit, executable, list));
    prompt.say('Simulation (the real handler, SVCTUI_DRY_RUN=1, as a transient unit of the same manager):');
    for (const l of simulationTable(rows)) prompt.say(`  ${l}`);
    if (!('exec' in spec) && spec.when === 'not-stopped') prompt.say(CANNOT_ASK_WORDS);
  }
  return { plan, unit, rows };
}

/** Shows the plan and its simulation, then attaches after a yes; 0 when attached. */
export async function attachHandler(systemd: Systemd, spec: AnySpec, o: AttachOptions, prompt: Prompter): Promise<number> {
  const { plan, unit } = await previewSteps(systemd, spec, o, prompt, true);
  const answer = o.yes ? 'yes' : await prompt.ask(`Attach this handler to ${unit}? [y/N]`, ['yes', 'no'], 'no');
  if (answer !== 'yes') {
    prompt.say('Nothing was changed.');
    return 1;
  }
  await attach(systemd, unit, plan);
  prompt.say(`Attached: ${plan.dropInPath}; the manager was reloaded and ${unit}'s ExecStopPost shows ${plan.executable}.`);
  prompt.changed?.(`attached the handler "${spec.name}" to ${unit}`);
  return 0;
}

/** Removes one of svctui's handlers of the unit, after a yes (unless told not to ask). */
export async function detachHandler(systemd: Systemd, unit: string, name: string, o: { yes: boolean }, prompt: Prompter): Promise<number> {
  // A name that is not one of its handlers is said before anything is asked.
  const known = (await listHandlers(systemd, unit)).some((h) => h.svctuiName === name);
  if (!known) return detach(systemd, unit, name).then(() => 0);
  if (!o.yes) {
    const answer = await prompt.ask(`Detach the handler "${name}" from ${unit} (its drop-in and generated script are removed)? [y/N]`, ['yes', 'no'], 'no');
    if (answer !== 'yes') {
      prompt.say('Nothing was changed.');
      return 1;
    }
  }
  const removed = await detach(systemd, unit, name);
  prompt.say(`Detached "${name}" from ${unit}: removed ${removed.join(', ')}; the manager was reloaded.`);
  prompt.changed?.(`detached the handler "${name}" from ${unit}`);
  return 0;
}

/** Handler errors as the command line reports them (a message and an exit code). */
async function inWords<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HandlerError || err instanceof UnitFileError || err instanceof FileError) throw new CommandError(err.message, 1);
    throw err;
  }
}

/** svctui handler list|preview|attach|detach, from the command line's words. */
export function handlerCommand(systemd: Systemd, action: string, a: HandlerArgs, prompt: Prompter, json = false, journal: JournalSource = { host: systemd.host }): Promise<number> {
  return inWords(async () => {
    switch (action) {
      case 'list': {
        const unit = await checkedUnit(systemd, a.unit);
        const handlers = await listHandlers(systemd, unit);
        if (json) {
          prompt.say(jsonOutput(handlers.map((h) => ({ path: h.command.path, argv: h.command.argv, prefix: h.prefixWords, source: h.source ?? null, svctuiName: h.svctuiName ?? null, lastRun: h.lastRun ?? null }))));
          return 0;
        }
        if (handlers.length === 0) prompt.say(`${unit} has no ExecStopPost= handlers.`);
        for (const h of handlers) prompt.say(describeHandler(h));
        return 0;
      }
      case 'preview':
        await previewSteps(systemd, await specFromArgs(systemd, a), a, prompt);
        return 0;
      case 'attach':
        return attachHandler(systemd, await specFromArgs(systemd, a), a, prompt);
      case 'detach': {
        const unit = await checkedUnit(systemd, a.unit);
        if (!a.name) throw new CommandError('detach needs the handler name, e.g. svctui handler detach UNIT log', 2);
        return detachHandler(systemd, unit, a.name, { yes: a.yes }, prompt);
      }
      case 'test': {
        const unit = await checkedUnit(systemd, a.unit);
        const ours = (await listHandlers(systemd, unit)).flatMap((h) => (h.svctuiName ? [h.svctuiName] : []));
        const name = a.name ?? (ours.length === 1 ? ours[0] : undefined);
        if (!name) throw new CommandError(ours.length ? `${unit} has several svctui handlers (${ours.join(', ')}): name one, e.g. svctui handler test ${unit} ${ours[0]}` : `${unit} has no svctui handler to test (svctui handler attach ${unit} adds one)`, 1);
        return testHandlerLive(systemd, unit, name, prompt, journal);
      }
      default:
        throw new CommandError(`unknown handler action "${action}"; use list, preview, attach, detach or test.`, 2);
    }
  });
}

const SNIPPET_HELP = (unit: string) =>
  [
    `# The snippet svctui's handler runs (sh) after a stop of ${unit} that its condition lets through.`,
    '# $SERVICE_RESULT, $EXIT_CODE and $EXIT_STATUS are set (see systemd.exec(5)); $SVCTUI_DRY_RUN is 1',
    '# in the preview\'s simulation. Lines starting with # are comments. Save and quit to go on; an',
    '# empty snippet asks again. For example:',
    `# logger -t ${unit.replace(/\.service$/, '')}-stopped "ended: $SERVICE_RESULT $EXIT_CODE $EXIT_STATUS"`,
    // An empty line below the comments, where the cursor starts: an editor that continues comments
    // on a new line (vim's formatoptions) does not make the first line typed a comment.
    '',
    '',
  ].join('\n');

/** A custom snippet, written in the user's editor and shown back; asked again while empty. */
async function editSnippet(p: WizardPrompter, unit: string, edit: (initial: string) => Promise<string | undefined>): Promise<string> {
  let text = SNIPPET_HELP(unit);
  for (;;) {
    p.say('Opening your editor for the snippet…');
    const edited = await edit(text);
    if (edited === undefined) {
      const again = await p.ask('The editor did not save the snippet. [e]dit again or [c]ancel? [E]', ['edit', 'cancel'], 'edit');
      if (again === 'cancel') throw new FlowCancelled();
      continue;
    }
    text = edited;
    const code = edited.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    const problem = answerProblems.command(code.join('\n'));
    if (!problem) {
      p.say('The snippet:');
      for (const l of edited.replace(/\n+$/, '').split('\n')) p.say(`  ${l}`);
      return edited.replace(/\n+$/, '');
    }
    p.say(`${problem[0]!.toUpperCase()}${problem.slice(1)} (only comments).`);
  }
}

/** Asks for text until the answer passes its check (the problem is said, and the question asked again). */
async function askChecked(p: WizardPrompter, question: string, fallback: string, problem: (answer: string) => string | undefined): Promise<string> {
  for (;;) {
    const answer = await p.askText(question, fallback);
    const wrong = problem(answer);
    if (!wrong) return answer;
    p.say(`${wrong[0]!.toUpperCase()}${wrong.slice(1)}.`);
  }
}

/**
 * The handler wizard (h in the TUI): existing handlers, then what to run, when, the options, the
 * preview with its simulation, attach, and an optional live test. Each answer is checked when given;
 * the steps after it are the command line's.
 */
export async function handlerWizard(systemd: Systemd, rawUnit: string, p: WizardPrompter, journal: JournalSource = { host: systemd.host }): Promise<number> {
  return inWords(async () => {
    const unit = await checkedUnit(systemd, rawUnit);
    await guardVersion(systemd, unit);
    const existing = await listHandlers(systemd, unit);
    p.say(existing.length ? `ExecStopPost= handlers of ${unit}:` : `${unit} has no ExecStopPost= handlers yet.`);
    for (const h of existing) p.say(describeHandler(h));
    const ours = existing.filter((h) => h.svctuiName).map((h) => h.svctuiName!);
    const next = await p.ask(`What now: [a]ttach a handler${ours.length ? ', [t]est one live, [d]etach one' : ''}, or [c]lose? [C]`, ours.length ? ['attach', 'test', 'detach', 'close'] : ['attach', 'close'], 'close');
    if (next === 'close') return 0;
    if (next === 'test') {
      const name = ours.length === 1 ? ours[0]! : await askChecked(p, `Which handler (${ours.join(', ')})?`, ours[0]!, (n) => (ours.includes(n) ? undefined : `${unit} has no svctui handler "${n}"; answer one of ${ours.join(', ')}`));
      return testHandlerLive(systemd, unit, name, p, journal);
    }
    if (next === 'detach') {
      const name = ours.length === 1 ? ours[0]! : await askChecked(p, `Which handler (${ours.join(', ')})?`, ours[0]!, (n) => (ours.includes(n) ? undefined : `${unit} has no svctui handler "${n}"; answer one of ${ours.join(', ')}`));
      return detachHandler(systemd, unit, name, { yes: false }, p);
    }
    const what = await p.ask(
      'What to run: [l]og the stop to the journal, a [j]son record to a file, a command on [f]ailure, a command for some exit [s]tatuses, or a [c]ustom snippet? [L]',
      ['log', 'json', 'failure', 'statuses', 'custom'],
      'log',
    );
    const template: Template = what === 'failure' ? 'on-failure' : what === 'statuses' ? 'on-status' : (what as Template);
    const spec: HandlerSpec = { unit, name: template, template, when: 'always', statuses: [], results: [], scope: systemd.scope, ignoreFailure: true, privileged: false };
    if (template === 'custom' && p.editText) spec.command = await editSnippet(p, unit, p.editText);
    else if (template === 'on-failure' || template === 'on-status' || template === 'custom') {
      spec.command = await askChecked(p, template === 'custom' ? 'The snippet (a shell line; $SERVICE_RESULT, $EXIT_CODE, $EXIT_STATUS are set):' : 'The command (a shell line; $SERVICE_RESULT, $EXIT_CODE, $EXIT_STATUS are set):', '', answerProblems.command);
    }
    if (template === 'json') {
      const fallback = `${await handlersDir(systemd)}/${unit}.jsonl`;
      spec.file = await askChecked(p, `The file to append the records to [${fallback}]:`, fallback, answerProblems.file);
    }
    const statuses = async (question: string) => normaliseStatuses(splitList(await askChecked(p, question, '', (t) => answerProblems.statuses(normaliseStatuses(splitList(t))))));
    if (template === 'on-status') spec.statuses = await statuses('For which exit statuses or signals (e.g. 3,4,KILL)?');
    spec.when = (await p.ask(
      'When: [a]lways, [n]ot when stopped by request, only on [f]ailure, for some exit [s]tatuses, or for some [r]esults? [N]',
      ['always', 'not-stopped', 'failure', 'statuses', 'results'],
      'not-stopped',
    )) as Condition;
    if (spec.when === 'statuses' && spec.statuses.length === 0) spec.statuses = await statuses('Which exit statuses or signals (e.g. 3,4,KILL)?');
    if (spec.when === 'results') spec.results = splitList(await askChecked(p, 'Which results (e.g. exit-code,signal,timeout)?', '', (t) => answerProblems.results(splitList(t))));
    spec.ignoreFailure = (await p.ask('Ignore the handler\'s own failure ("-")? Without it a failing handler turns a clean stop into "failed". [Y/n]', ['yes', 'no'], 'yes')) === 'yes';
    spec.privileged = (await p.ask('Run it with full privileges ("+"), ignoring User= and sandboxing? [y/N]', ['yes', 'no'], 'no')) === 'yes';
    const code = await attachHandler(systemd, spec, { yes: false, simulateAnyway: false }, p);
    if (code !== 0) return code;
    return testHandlerLive(systemd, unit, spec.name, p, journal);
  });
}

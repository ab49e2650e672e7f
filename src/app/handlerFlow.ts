// `svctui handler list|preview|attach|detach`: ExecStopPost= handlers, guided and previewable.
// The TUI's wizard (h) runs the same steps.
import { CANNOT_ASK_WORDS, CONDITIONS, oldSystemdAdvice, specProblems, TEMPLATES, type Condition, type HandlerSpec, type Template } from '../core/model/handlers.js';
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
  type SimulationRow,
} from './handlers.js';
import { assertWritable, UnitFileError } from './unitFiles.js';
import { FileError } from '../host/local/safeFs.js';
import { basename } from 'node:path';
import { formatShortEntry, queryJournal, type JournalSource } from './journal.js';
import { CommandError, unitArgument } from './context.js';
import type { Prompter } from './editFlow.js';

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

const list = (v?: string) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/** A service named on the command line that systemd can find (exit 4 otherwise, like systemctl). */
async function checkedUnit(systemd: Systemd, raw: string): Promise<string> {
  const unit = unitArgument(raw);
  if (!unit.endsWith('.service')) throw new CommandError(`${unit} is not a service; ExecStopPost= handlers belong to services.`, 1);
  const load = String(await systemd.unitProperty(unit, 'org.freedesktop.systemd1.Unit', 'LoadState'));
  if (load === 'not-found') throw new CommandError(`Unit ${unit} could not be found.`, 4);
  return unit;
}

/** Builds a handler spec from the command line, with every problem said at once. */
export async function specFromArgs(systemd: Systemd, a: HandlerArgs): Promise<HandlerSpec | { unit: string; name: string; exec: string; ignoreFailure: boolean; privileged: boolean }> {
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
    statuses: list(a.statuses).map((s) => s.toUpperCase().replace(/^SIG/, '')),
    results: list(a.results),
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
  const head = ['SCENARIO', 'SERVICE_RESULT/EXIT_CODE/EXIT_STATUS', 'ACTS', 'OUTPUT'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [head, ...cells].map((c) => c.map((t, i) => (i < c.length - 1 ? t.padEnd(widths[i]!) : t)).join('  '));
}

async function guardVersion(systemd: Systemd, unit: string): Promise<void> {
  if (systemd.versionNumber && systemd.versionNumber < 232) {
    const execStart = String(((await systemd.unitProperty(unit, 'org.freedesktop.systemd1.Service', 'ExecStart').catch(() => [])) as unknown[][])[0]?.[1] ?? '/path/to/daemon');
    throw new CommandError(oldSystemdAdvice(unit, systemd.versionNumber, execStart), 1);
  }
}

/** Refuses, in words, an executable or a records file that another user could change or swap. */
async function checkPaths(spec: Awaited<ReturnType<typeof specFromArgs>>, unit: string, prompt: Prompter): Promise<void> {
  if ('exec' in spec) {
    const check = await checkExecutable(spec.exec);
    if (check.problems.length) throw new CommandError(`refusing to run ${spec.exec} as ${unit}'s handler: ${check.problems.join('; ')}.`, 1);
    // The drop-in names the real file: a symlink along the way could be re-pointed later.
    if (check.resolved !== spec.exec) prompt.say(`${spec.exec} is ${check.resolved}; the handler runs ${check.resolved}.`);
    spec.exec = check.resolved;
  } else if (spec.template === 'json' && spec.file) {
    const check = checkAppendFile(spec.file);
    if (check.problems.length) throw new CommandError(`refusing to append ${unit}'s records to ${spec.file}: ${check.problems.join('; ')}. Choose a file in a folder only root or you can write to.`, 1);
    spec.file = check.resolved;
  }
}

async function previewSteps(systemd: Systemd, a: HandlerArgs, prompt: Prompter, forAttach = false): Promise<{ plan: AttachPlan; unit: string; rows?: SimulationRow[] }> {
  const spec = await specFromArgs(systemd, a);
  const unit = spec.unit;
  await guardVersion(systemd, unit);
  await checkPaths(spec, unit, prompt);
  const plan = await planAttach(systemd, spec);
  // Attaching writes a drop-in (and a script): without the right to, say so before simulating.
  if (forAttach) {
    await assertWritable(plan.dropInPath, `handler attach ${unit} …`);
    if (plan.script) await assertWritable(plan.script.path, `handler attach ${unit} …`);
  }
  prompt.say(`Drop-in ${plan.dropInPath}:`);
  for (const l of plan.dropInText.trimEnd().split('\n')) prompt.say(`  ${l}`);
  if (plan.script) prompt.say(`Script ${plan.script.path} (mode 0755; svctui cat shows the drop-in, the script is plain sh).`);
  if (!('exec' in spec) && !spec.ignoreFailure) prompt.say('Note: without "-", a failing handler turns a clean stop into "failed".');
  let simulateIt = true;
  if (!plan.script && !(await declaresDryRun(plan.executable)) && !a.simulateAnyway) {
    const answer = a.yes ? 'no' : await prompt.ask(`${plan.executable} does not say it honours SVCTUI_DRY_RUN=1, so simulating it would really run it 7 times. Simulate anyway? [y/N]`, ['yes', 'no'], 'no');
    if (answer !== 'yes') prompt.say('Not simulated.');
    simulateIt = answer === 'yes';
  }
  let rows: SimulationRow[] | undefined;
  if (simulateIt) {
    const list = await simulationScenarios(systemd, unit, 'statuses' in spec ? spec.statuses : []);
    // The preview's copy of a generated script lives in its own temporary folder, never where the
    // attached handler is (or will be), and is gone afterwards.
    rows = await withPreview(plan, (executable) => simulate(systemd, unit, executable, list));
    prompt.say('Simulation (the real handler, SVCTUI_DRY_RUN=1, as a transient unit of the same manager):');
    for (const l of simulationTable(rows)) prompt.say(`  ${l}`);
    if (!('exec' in spec) && spec.when === 'not-stopped') prompt.say(CANNOT_ASK_WORDS);
  }
  return { plan, unit, rows };
}

export async function handlerCommand(systemd: Systemd, action: string, a: HandlerArgs, prompt: Prompter, json = false): Promise<number> {
  try {
    switch (action) {
      case 'list': {
        const unit = await checkedUnit(systemd, a.unit);
        const handlers = await listHandlers(systemd, unit);
        if (json) {
          prompt.say(
            JSON.stringify(
              handlers.map((h) => ({ path: h.command.path, argv: h.command.argv, prefix: h.prefixWords, source: h.source ?? null, svctuiName: h.svctuiName ?? null, lastRun: h.lastRun ?? null })),
              null,
              2,
            ),
          );
          return 0;
        }
        if (handlers.length === 0) prompt.say(`${unit} has no ExecStopPost= handlers.`);
        for (const h of handlers) prompt.say(describeHandler(h));
        return 0;
      }
      case 'preview':
        await previewSteps(systemd, a, prompt);
        return 0;
      case 'attach': {
        const { plan, unit } = await previewSteps(systemd, a, prompt, true);
        const answer = a.yes ? 'yes' : await prompt.ask(`Attach this handler to ${unit}? [y/N]`, ['yes', 'no'], 'no');
        if (answer !== 'yes') {
          prompt.say('Nothing was changed.');
          return 1;
        }
        await attach(systemd, unit, plan);
        prompt.say(`Attached: ${plan.dropInPath}; the manager was reloaded and ${unit}'s ExecStopPost shows ${plan.executable}.`);
        return 0;
      }
      case 'detach': {
        const unit = await checkedUnit(systemd, a.unit);
        if (!a.name) throw new CommandError('detach needs the handler name, e.g. svctui handler detach UNIT log', 2);
        const removed = await detach(systemd, unit, a.name);
        prompt.say(`Detached "${a.name}" from ${unit}: removed ${removed.join(', ')}; the manager was reloaded.`);
        return 0;
      }
      default:
        throw new CommandError(`unknown handler action "${action}"; use list, preview, attach or detach.`, 2);
    }
  } catch (err) {
    if (err instanceof HandlerError || err instanceof UnitFileError || err instanceof FileError) throw new CommandError(err.message, 1);
    throw err;
  }
}

export interface WizardPrompter extends Prompter {
  askText(question: string, fallback: string): Promise<string>;
}

/**
 * The handler wizard (h in the TUI): existing handlers, then what to run, when, the options, the
 * preview with its simulation, attach, and an optional live test. Every step is the command line's.
 */
export async function handlerWizard(systemd: Systemd, rawUnit: string, p: WizardPrompter, journal: JournalSource = {}): Promise<number> {
  const unit = await checkedUnit(systemd, rawUnit);
  await guardVersion(systemd, unit);
  const existing = await listHandlers(systemd, unit);
  p.say(existing.length ? `ExecStopPost= handlers of ${unit}:` : `${unit} has no ExecStopPost= handlers yet.`);
  for (const h of existing) p.say(describeHandler(h));
  const ours = existing.filter((h) => h.svctuiName).map((h) => h.svctuiName!);
  const next = await p.ask(`What now: [a]ttach a handler${ours.length ? ', [d]etach one' : ''}, or [c]lose? [C]`, ours.length ? ['attach', 'detach', 'close'] : ['attach', 'close'], 'close');
  if (next === 'close') return 0;
  if (next === 'detach') {
    const name = ours.length === 1 ? ours[0]! : await p.askText(`Which handler (${ours.join(', ')})?`, ours[0]!);
    return handlerCommand(systemd, 'detach', { unit, name, ignoreFailure: true, privileged: false, yes: true, simulateAnyway: false }, p);
  }
  const what = await p.ask(
    'What to run: [l]og the stop to the journal, a [j]son record to a file, a command on [f]ailure, a command for some exit [s]tatuses, or a [c]ustom snippet? [L]',
    ['log', 'json', 'failure', 'statuses', 'custom'],
    'log',
  );
  const template = what === 'failure' ? 'on-failure' : what === 'statuses' ? 'on-status' : what;
  const args: HandlerArgs = { unit, template, ignoreFailure: true, privileged: false, yes: false, simulateAnyway: false };
  if (template === 'on-failure' || template === 'on-status' || template === 'custom') args.command = await p.askText('The command (a shell line; $SERVICE_RESULT, $EXIT_CODE, $EXIT_STATUS are set):', '');
  if (template === 'json') {
    const fallback = `${await handlersDir(systemd)}/${unit}.jsonl`;
    args.file = await p.askText(`The file to append the records to [${fallback}]:`, fallback);
  }
  if (template === 'on-status') args.statuses = await p.askText('For which exit statuses or signals (e.g. 3,4,KILL)?', '');
  args.when = await p.ask(
    'When: [a]lways, [n]ot when stopped by request, only on [f]ailure, for some exit [s]tatuses, or for some [r]esults? [N]',
    ['always', 'not-stopped', 'failure', 'statuses', 'results'],
    'not-stopped',
  );
  if (args.when === 'statuses' && !args.statuses) args.statuses = await p.askText('Which exit statuses or signals (e.g. 3,4,KILL)?', '');
  if (args.when === 'results') args.results = await p.askText('Which results (e.g. exit-code,signal,timeout)?', '');
  args.ignoreFailure = (await p.ask('Ignore the handler\'s own failure ("-")? Without it a failing handler turns a clean stop into "failed". [Y/n]', ['yes', 'no'], 'yes')) === 'yes';
  args.privileged = (await p.ask('Run it with full privileges ("+"), ignoring User= and sandboxing? [y/N]', ['yes', 'no'], 'no')) === 'yes';
  const code = await handlerCommand(systemd, 'attach', args, p);
  if (code !== 0) return code;
  const test = await p.ask(`Test it live: [s]top or [r]estart ${unit} now, or [n]o? [N]`, ['stop', 'restart', 'no'], 'no');
  if (test === 'no') return 0;
  const script = (await listHandlers(systemd, unit)).find((h) => h.svctuiName === (args.name ?? template));
  const before = script?.lastRun;
  const result = await systemd.runJob(test as 'stop' | 'restart', unit);
  p.say(`${test === 'stop' ? 'Stop' : 'Restart'} ${unit}: ${result}`);
  const deadline = Date.now() + 10_000;
  let after: string | undefined;
  while (Date.now() < deadline) {
    after = (await listHandlers(systemd, unit)).find((h) => h.svctuiName === (args.name ?? template))?.lastRun;
    if (after && after !== before) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // After a restart systemd has already cleared the handler's exit (a new start resets it); its output stays.
  p.say(after && after !== before ? `The handler's run: ${after}` : "The handler's run is not kept by systemd after a restart; its output:");
  if (script) {
    const lines = await queryJournal(journal, ['-n', '10', `SYSLOG_IDENTIFIER=${basename(script.command.path)}`]).catch(() => []);
    for (const e of lines) for (const l of formatShortEntry(e).split('\n')) p.say(`  ${l}`);
  }
  return 0;
}

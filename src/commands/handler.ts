// `svctui handler list|preview|attach|detach`: ExecStopPost= handlers, guided and previewable.
// The TUI's wizard (h) runs the same steps.
import { CONDITIONS, oldSystemdAdvice, scenarios, specProblems, TEMPLATES, type Condition, type HandlerSpec, type Template } from '../model/handlers.js';
import type { Systemd } from '../systemd/manager.js';
import { mangleUnitName, unitNameProblem } from '../systemd/names.js';
import {
  attach,
  declaresDryRun,
  describeHandler,
  detach,
  executableProblems,
  HandlerError,
  listHandlers,
  planAttach,
  simulate,
  stopSignalOf,
  writeScript,
  type AttachPlan,
  type SimulationRow,
} from '../systemd/handlers.js';
import { UnitFileError } from '../systemd/unitFiles.js';
import { rm } from 'node:fs/promises';
import { CommandError } from './context.js';
import type { Prompter } from './edit.js';

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

function checkedUnit(raw: string): string {
  const unit = mangleUnitName(raw);
  const problem = unitNameProblem(unit);
  if (problem) throw new CommandError(`Invalid unit name "${raw}": ${problem}.`, 1);
  if (!unit.endsWith('.service')) throw new CommandError(`${unit} is not a service; ExecStopPost= handlers belong to services.`, 1);
  return unit;
}

/** Builds a handler spec from the command line, with every problem said at once. */
export async function specFromArgs(systemd: Systemd, a: HandlerArgs): Promise<HandlerSpec | { unit: string; name: string; exec: string; ignoreFailure: boolean; privileged: boolean }> {
  const unit = checkedUnit(a.unit);
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
    stopSignal: await stopSignalOf(systemd, unit),
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

async function previewSteps(systemd: Systemd, a: HandlerArgs, prompt: Prompter): Promise<{ plan: AttachPlan; unit: string; rows?: SimulationRow[] }> {
  const spec = await specFromArgs(systemd, a);
  const unit = spec.unit;
  await guardVersion(systemd, unit);
  const plan = await planAttach(systemd, spec);
  prompt.say(`Drop-in ${plan.dropInPath}:`);
  for (const l of plan.dropInText.trimEnd().split('\n')) prompt.say(`  ${l}`);
  if (plan.script) prompt.say(`Script ${plan.script.path} (mode 0755; svctui cat shows the drop-in, the script is plain sh).`);
  if (!('exec' in spec) && !spec.ignoreFailure) prompt.say('Note: without "-", a failing handler turns a clean stop into "failed".');
  await writeScript(plan);
  const problems = await executableProblems(plan.executable, systemd.scope);
  if (problems.length) {
    if (plan.script) await rm(plan.script.path, { force: true });
    throw new CommandError(`refusing to run ${plan.executable} as ${unit}'s handler: ${problems.join('; ')}.`, 1);
  }
  let rows: SimulationRow[] | undefined;
  if (!plan.script && !(await declaresDryRun(plan.executable)) && !a.simulateAnyway) {
    const answer = a.yes ? 'no' : await prompt.ask(`${plan.executable} does not say it honours SVCTUI_DRY_RUN=1, so simulating it would really run it 7 times. Simulate anyway? [y/N]`, ['yes', 'no'], 'no');
    if (answer !== 'yes') prompt.say('Not simulated.');
    else rows = await simulate(systemd, unit, plan.executable, scenarios(await stopSignalOf(systemd, unit), '3'));
  } else {
    const n = 'statuses' in spec && spec.statuses.find((x) => /^\d+$/.test(x));
    rows = await simulate(systemd, unit, plan.executable, scenarios(await stopSignalOf(systemd, unit), n || '3'));
  }
  if (rows) {
    prompt.say('Simulation (the real handler, SVCTUI_DRY_RUN=1, as a transient unit of the same manager):');
    for (const l of simulationTable(rows)) prompt.say(`  ${l}`);
  }
  return { plan, unit, rows };
}

export async function handlerCommand(systemd: Systemd, action: string, a: HandlerArgs, prompt: Prompter, json = false): Promise<number> {
  try {
    switch (action) {
      case 'list': {
        const unit = checkedUnit(a.unit);
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
      case 'preview': {
        const { plan } = await previewSteps(systemd, a, prompt);
        if (plan.script) await rm(plan.script.path, { force: true });
        return 0;
      }
      case 'attach': {
        const { plan, unit } = await previewSteps(systemd, a, prompt);
        const answer = a.yes ? 'yes' : await prompt.ask(`Attach this handler to ${unit}? [y/N]`, ['yes', 'no'], 'no');
        if (answer !== 'yes') {
          if (plan.script) await rm(plan.script.path, { force: true });
          prompt.say('Nothing was changed.');
          return 1;
        }
        await attach(systemd, unit, plan);
        prompt.say(`Attached: ${plan.dropInPath}; the manager was reloaded and ${unit}'s ExecStopPost shows ${plan.executable}.`);
        return 0;
      }
      case 'detach': {
        const unit = checkedUnit(a.unit);
        if (!a.name) throw new CommandError('detach needs the handler name, e.g. svctui handler detach UNIT log', 2);
        const removed = await detach(systemd, unit, a.name);
        prompt.say(`Detached "${a.name}" from ${unit}: removed ${removed.join(', ')}; the manager was reloaded.`);
        return 0;
      }
      default:
        throw new CommandError(`unknown handler action "${action}"; use list, preview, attach or detach.`, 2);
    }
  } catch (err) {
    if (err instanceof HandlerError || err instanceof UnitFileError) throw new CommandError(err.message, 1);
    throw err;
  }
}

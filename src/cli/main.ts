// svctui's entry: parses the command line, connects, runs one command, and turns every failure into
// a message in words with an exit code (never a stack trace).
import { parseArgs } from 'node:util';
import { commandNamed, commandUsageText, meantCommand, misplacedOption, parseArgsOptions, usageText, type CommandName, type OptionValues } from './commandTable.js';
import { verbNamed, type VerbName } from '../app/verbs.js';
import { fleetHosts, type FleetHost } from '../app/fleet.js';
import { CommandError, connect, connected, journalSource, lazyHistory, openHost, openInWorker, managerKey, openHistory, type CommandContext, type GlobalOptions } from '../app/context.js';
import { SystemdError } from '../host/bus.js';
import { globProblem, isGlob, mangleUnitName, patternSizeProblem, shortened } from '../core/names.js';
import { FileError } from '../host/files.js';
import { RunHistory } from '../app/runHistory.js';
import { BUILD_COMMIT, VERSION } from '../core/version.js';
import { benchMark } from '../host/benchMark.js';
import { assertTerminal } from '../tui/terminal.js';
import { escapeControlKeepLines } from '../core/model/text.js';
import { parseDestination } from '../host/ssh/destination.js';
import type { LoadedConfig } from '../host/local/config.js';
import type { FleetConfig } from '../core/config.js';
import type { Host } from '../host/host.js';
import { secretAsker } from './terminalPrompter.js';

export const USAGE = usageText();

/** Running as the single executable (npm run package), not from the npm package's files. */
function isSingleExecutable(): boolean {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('svctui.workerSource')] !== undefined;
}

interface Io {
  stdout: CommandContext['stdout'];
  stderr: NodeJS.WritableStream;
}

class UsageError extends CommandError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** journalctl's "-b" alone (this boot) and "-b -1" (a negative offset) as parseArgs can take them. */
function bootArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a !== '-b' && a !== '--boot') out.push(a);
    else if (argv[i + 1] !== undefined && /^(-?\d+|[0-9a-f]{32})$/.test(argv[i + 1]!)) out.push(`--boot=${argv[++i]}`);
    else out.push('--boot=0');
  }
  return out;
}

function parse(argv: string[]) {
  argv = bootArgs(argv);
  try {
    return parseArgs({ args: argv, options: parseArgsOptions(), allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    // node's words, on one line (they may run over several, with advice meant for programmers).
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '.').split('\n')[0]!;
    throw new UsageError(message.replace(/^Option '(-\w), --([\w-]+) <value>' argument missing$/, 'option $1 (--$2) needs a value'));
  }
}

/** A number option within its range (said in words when not). */
function numberOption(v: string | undefined, name: string, fallback: number, range: { min: number; max: number; integer?: boolean; unit?: string }): number {
  if (v === undefined) return fallback;
  const n = v.trim() === '' ? NaN : Number(v);
  const what = `${range.integer ? 'a whole number' : 'a number'}${range.unit ? ` of ${range.unit}` : ''} from ${range.min} to ${range.max}`;
  if (!Number.isFinite(n) || n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) throw new UsageError(`${name} takes ${what}, not "${v}"`);
  return n;
}

/** D-Bus addresses dbus-next can use: unix:path=…, unix:abstract=…, tcp:host=…,port=…. */
export function busAddressProblem(address: string): string | undefined {
  const m = /^(unix|tcp):(.*)$/.exec(address);
  const keys = m ? new Map(m[2]!.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const)) : undefined;
  if (!m || !keys || [...keys.keys()].some((k) => !/^[a-z]+$/.test(k))) return 'it is not a D-Bus address';
  if (m[1] === 'unix' && !keys.get('path') && !keys.get('abstract')) return 'a unix address needs path= or abstract=';
  if (m[1] === 'tcp' && (!keys.get('host') || !/^\d+$/.test(keys.get('port') ?? ''))) return 'a tcp address needs host= and port=';
  return undefined;
}

/** Checks patterns before anything connects: a bad one is a usage error in words. */
function checkPatterns(patterns: string[]): void {
  for (const p of patterns) {
    if (!isGlob(p)) continue;
    const problem = globProblem(p);
    if (problem) throw new UsageError(`"${p}" is not a valid pattern: ${problem}`);
  }
}

/** Commands the fleet runs on each host in turn, each host's output under its name. */
type EachHostCommand = 'status' | 'history' | 'list-unit-files' | 'show';
const EACH_HOST: ReadonlySet<string> = new Set<EachHostCommand>(['status', 'history', 'list-unit-files', 'show']);

/** What each command does, given its checked arguments (the table says which there are). */
type Runner = (ctx: CommandContext, args: string[], values: OptionValues, extra: { lines: number; io: Io }) => Promise<number>;

/** The systemctl verbs: one runner for all, the verb table says what each does. */
const runVerb =
  (name: VerbName): Runner =>
  async (ctx, args, values, { io }) => {
    const { verbUnits } = await import('../app/verbs.js');
    const verb = verbNamed(name)!;
    const units = await verbUnits(ctx.systemd, verb, args);
    const o = { now: Boolean(values.now), signal: values.signal, killWhom: values['kill-whom'], quiet: Boolean(values.quiet) };
    return verb.run(ctx.systemd, units, o, { out: (l) => io.stdout.write(`${l}\n`), err: (l) => io.stderr.write(`${escapeControlKeepLines(l)}\n`) });
  };

const RUNNERS: Record<Exclude<CommandName, 'tui' | VerbName>, Runner> = {
  async list(ctx, args, values) {
    const { runList } = await import('./list.js');
    return runList(ctx, { all: Boolean(values.all), files: Boolean(values.files), json: Boolean(values.json), patterns: args, states: values.state?.split(',').map((x) => x.trim()).filter(Boolean) });
  },
  async 'list-unit-files'(ctx, args, values) {
    const { runListUnitFiles } = await import('./unitFiles.js');
    const list = (v: string | undefined) => v?.split(',').map((x) => x.trim()).filter(Boolean);
    return runListUnitFiles(ctx, { patterns: args, states: list(values.state), types: list(values.type), json: Boolean(values.json) });
  },
  async show(ctx, args, values) {
    const { runShow } = await import('./show.js');
    const properties = (values.property ?? []).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
    return runShow(ctx, { units: args, properties, valueOnly: Boolean(values.value) });
  },
  async status(ctx, args, _values, { lines }) {
    const { runStatus } = await import('./status.js');
    return runStatus(ctx, { units: args, lines });
  },
  async history(ctx, args, values) {
    const { runHistory } = await import('./history.js');
    return runHistory(ctx, { units: args, json: Boolean(values.json) });
  },
  async journal(ctx, args, values) {
    const { runJournal } = await import('./journal.js');
    const lines = values.lines === undefined ? undefined : numberOption(values.lines, '--lines', 0, { min: 0, max: 1_000_000, integer: true });
    return runJournal(ctx, { units: args, priority: values.priority, since: values.since, until: values.until, boot: values.boot, lines });
  },
  async timers(ctx, args, values) {
    const { runTimers } = await import('./timers.js');
    return runTimers(ctx, { json: Boolean(values.json), patterns: args });
  },
  async sockets(ctx, args, values) {
    const { runSockets } = await import('./timers.js');
    return runSockets(ctx, { json: Boolean(values.json), patterns: args });
  },
  async dependencies(ctx, args, values) {
    const { runDependencies } = await import('./dependencies.js');
    const kinds = (['reverse', 'after', 'before'] as const).filter((k) => values[k]);
    if (kinds.length > 1) throw new UsageError(`--${kinds.join(' and --')} cannot go together: choose one direction`);
    return runDependencies(ctx, { unit: args[0]!, kind: kinds[0] ?? 'forward', all: Boolean(values.all) });
  },
  async edit(ctx, args, values) {
    const { editUnit } = await import('../app/editFlow.js');
    const { terminalPrompter } = await import('./terminalPrompter.js');
    // --stdin: the text comes from standard input (the questions then take their defaults).
    const text = values.stdin ? await readAll(process.stdin) : undefined;
    const o = { unit: args[0]!, full: Boolean(values.full), runtime: Boolean(values.runtime), dropIn: values['drop-in'], manager: managerKey(ctx.options), text };
    return editUnit(ctx.systemd, o, terminalPrompter());
  },
  async revert(ctx, args) {
    const { revertFlow } = await import('../app/editFlow.js');
    const { terminalPrompter } = await import('./terminalPrompter.js');
    return revertFlow(ctx.systemd, args[0]!, terminalPrompter());
  },
  async cat(ctx, args, _values, { io }) {
    const { catFlow } = await import('../app/editFlow.js');
    return catFlow(ctx.systemd, args[0]!, io.stdout);
  },
  async handler(ctx, args, values) {
    const { handlerCommand } = await import('../app/handlerFlow.js');
    const { terminalPrompter } = await import('./terminalPrompter.js');
    const handlerArgs = {
      unit: args[1]!,
      name: values.name ?? args[2],
      template: values.template,
      when: values.when,
      statuses: values.statuses,
      results: values.results,
      command: values.command,
      file: values.file,
      exec: values.exec,
      ignoreFailure: !values['no-ignore-failure'],
      privileged: Boolean(values.privileged),
      yes: Boolean(values.yes),
      simulateAnyway: Boolean(values['simulate-anyway']),
    };
    return handlerCommand(ctx.systemd, args[0]!, handlerArgs, terminalPrompter(), Boolean(values.json), ctx.journal);
  },
};

/** All of a stream's text (edit --stdin). */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/**
 * After show, -p is systemctl's --property (elsewhere it is the journal's priority, as journalctl's):
 * each -p becomes a --property.
 */
function showProperty(positionals: string[], tokens: ReturnType<typeof parse>['tokens'], values: OptionValues): void {
  if (positionals[0] !== 'show' || values.priority === undefined) return;
  for (const t of tokens ?? []) {
    if (t.kind !== 'option' || t.name !== 'priority') continue;
    values.property = [...(values.property ?? []), t.value ?? ''];
    (t as { name: string }).name = 'property';
  }
  delete values.priority;
}

/**
 * The command line's own checks, before anything connects or is read (README commands are checked
 * with it too): which command, its words, options that do not apply, and words that are wrong.
 */
function checkCommandLine(positionals: string[], tokens: ReturnType<typeof parse>['tokens'], values: OptionValues) {
  showProperty(positionals, tokens, values);
  if (values.system && values.user) throw new UsageError('--system and --user exclude each other');
  const spec = commandNamed(positionals[0] ?? '');
  const command: CommandName = spec?.name ?? 'tui';
  const args = spec ? positionals.slice(1) : positionals;
  const given = (tokens ?? []).flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  const misplaced = misplacedOption(command, given);
  if (misplaced) throw new UsageError(misplaced);
  if (spec && (args.length < spec.args.min || args.length > spec.args.max)) throw new UsageError(spec.argsWords);
  if (command === 'tui') {
    const bad = args.find((a) => !/^[A-Za-z0-9:\-_.\\@*?[\]!]+$/.test(a));
    if (bad) throw new UsageError(`"${bad}" is neither a command nor a unit name or pattern`);
    // A bare word is a unit name (nginx: nginx.service), unless it is a command mistyped.
    const typo = args.find((a) => !/[.*?[@]/.test(a) && meantCommand(a));
    // (systemctl's exit status for an unknown verb: 1.)
    if (typo) throw new CommandError(`unknown command "${typo}" (did you mean ${meantCommand(typo)}? To show the unit, write ${typo}.service)\nSee svctui --help.`, 1);
  }
  if (values.full && values['drop-in'] !== undefined) throw new UsageError('--full and --drop-in exclude each other');
  if (values['drop-in'] !== undefined && !/^[A-Za-z0-9_.@:-]{1,128}$/.test(values['drop-in'])) throw new UsageError('--drop-in takes a file name such as 50-limits (at most 128 letters, digits, . _ - @ :)');
  const address = values['bus-address'];
  if (address !== undefined) {
    const problem = busAddressProblem(address);
    if (problem) throw new UsageError(`--bus-address "${address}": ${problem} (e.g. unix:path=/run/dbus/system_bus_socket)`);
  }
  // Any command's words: none may be too big to be a unit name or too costly to match.
  for (const a of args) {
    const size = patternSizeProblem(a);
    if (size) throw new CommandError(`"${shortened(a)}" cannot be a unit name or pattern: ${size}.`, 1);
  }
  checkPatterns(spec?.patterns || command === 'tui' ? args : []);
  return { spec, command, args };
}

/** Parses and checks a command line without running it (the README's commands are tested with it). */
export function parseCommandLine(argv: string[]): { command: CommandName; args: string[] } {
  const parsed = parse(argv);
  const values = parsed.values as OptionValues;
  // (Help, the version and the configuration are printed before any other check, as main does.)
  if (values.help || values.version || values['print-config']) return { command: 'tui', args: [] };
  const { command, args } = checkCommandLine(parsed.positionals, parsed.tokens, values);
  return { command, args };
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const parsed = parse(argv);
    const { positionals, tokens } = parsed;
    const values = parsed.values as OptionValues;
    if (values.help) {
      const asked = commandNamed(parsed.positionals[0] ?? '');
      io.stdout.write(asked ? commandUsageText(asked) : USAGE);
      return 0;
    }
    if (values.version) {
      io.stdout.write(`svctui ${VERSION}${BUILD_COMMIT ? ` (${BUILD_COMMIT})` : ''}, Node ${process.version}${isSingleExecutable() ? ', single executable' : ''}\n`);
      return 0;
    }
    if (values['print-config']) {
      const { defaultConfigText } = await import('../core/config.js');
      io.stdout.write(defaultConfigText());
      return 0;
    }
    const { spec, command, args } = checkCommandLine(positionals, tokens, values);
    // -H once: that host, as before. Several, a range or an inventory: the fleet.
    const configured = values.fleet ? await configuredFleet(values) : undefined;
    const hArgs = [...(values.host ?? []), ...(configured?.hosts ?? [])];
    const inventory = values.inventory ?? configured?.inventory;
    const fleet = hArgs.length || inventory !== undefined ? await fleetHosts(hArgs, inventory, values.limit ?? (values.inventory === undefined ? configured?.limit : undefined)) : undefined;
    const single = fleet?.length === 1 && inventory === undefined && !values.fleet && !/[[,]/.test(values.host?.[0] ?? '') ? fleet[0]!.destination : undefined;
    for (const h of fleet ?? []) {
      try {
        parseDestination(h.destination);
      } catch (err) {
        throw new UsageError(h.name === h.destination ? (err as Error).message : `${h.name} (inventory): ${(err as Error).message}`);
      }
    }
    if (fleet && values.demo) throw new UsageError('--demo brings its own manager on this machine: it does not go with -H or --inventory');
    const options: GlobalOptions = {
      host: single,
      interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
      scope: values.user ? 'user' : 'system',
      busAddress: values['bus-address'],
      journalDir: values['journal-dir'],
      demo: Boolean(values.demo),
      askPassword: !values['no-ask-password'],
      timeoutMs: numberOption(values.timeout, '--timeout', 25, { min: 0.001, max: 3600, unit: 'seconds' }) * 1000,
      ...(values.become ? { become: { ...(values['become-user'] ? { user: values['become-user'] } : {}) } } : {}),
    };
    if (values['become-user'] !== undefined && !values.become) throw new UsageError('--become-user goes with --become');
    if (values.become && !fleet) throw new UsageError('--become is for -H hosts (sudo there); on this machine, run svctui with sudo');
    // sudo's password, when a host's sudo wants one: asked on this terminal (not echoed), once per
    // host. Not in the fleet's UI, whose hosts connect behind it: there such a host says why not.
    const asker = command === 'tui' && fleet && !single ? undefined : secretAsker();
    if (asker) {
      options.become = options.become && { ...options.become, askPassword: asker };
      for (const h of fleet ?? []) if (h.become) h.become = { ...h.become, askPassword: asker };
    }
    const states = values.state?.split(',').map((x) => x.trim()).filter(Boolean);
    const lines = numberOption(values.lines, '--lines', 10, { min: 0, max: 100_000, integer: true });
    if (fleet && !single) {
      if (EACH_HOST.has(command)) {
        const { runFleetEach } = await import('./fleetEach.js');
        return await runFleetEach(fleet, options, (ctx) => RUNNERS[command as EachHostCommand](ctx, args, values, { lines, io: { stdout: ctx.stdout, stderr: ctx.stderr } }), io);
      }
      if (verbNamed(command)) {
        const { runFleetVerb, pauseMs } = await import('./fleetVerb.js');
        const o = { now: Boolean(values.now), signal: values.signal, killWhom: values['kill-whom'], quiet: Boolean(values.quiet) };
        const rolling = values.rolling ? { pauseMs: pauseMs(values.pause) } : undefined;
        if (!rolling && values.pause !== undefined) throw new UsageError('--pause goes with --rolling');
        return await runFleetVerb(fleet, options, verbNamed(command)!, args, o, rolling, io);
      }
      if (command === 'tui') return await runFleetTui(fleet, options, args, values['no-config'] === true, configured?.concurrency);
      if (command !== 'list') throw new CommandError(`the fleet (${fleet.length} hosts) works with the UI, list, ${[...EACH_HOST].join(', ')} and the systemctl verbs; for ${command}, one host: -H HOST ${command}`, 2);
      const { runFleetList } = await import('./fleetList.js');
      return await runFleetList(fleet, options, { all: Boolean(values.all), files: Boolean(values.files), json: Boolean(values.json), patterns: args, states }, io);
    }

    if (command === 'tui') assertTerminal();
    // The UI's configuration: read and checked before anything connects, so a mistake in it is
    // said at once, by line, and nothing starts half-configured.
    let loadedConfig: LoadedConfig | undefined;
    if (command === 'tui' && !(options.demo && options.scope === 'system')) {
      const { loadConfig, ConfigError } = await import('../host/local/config.js');
      try {
        loadedConfig = values['no-config'] ? undefined : loadConfig();
      } catch (err) {
        if (err instanceof ConfigError) throw new CommandError(`${err.problems.join('\n')}\n(svctui --no-config starts without it; svctui --print-config shows every setting.)`, 1);
        throw err;
      }
    }

    // The system-manager demo: svctui runs inside the box, where the manager's files, journal
    // and processes are; this process only boots it, hands the terminal over, and tears it down.
    if (options.demo && options.scope === 'system') {
      if (values['bus-address'] || values['journal-dir']) throw new UsageError('--demo brings its own manager: it does not go with --bus-address or --journal-dir');
      const { startSystemDemo, runInBox, waitForBoxSettled, DEMO_USER } = await import('../host/sandbox/demo.js');
      if (values.as !== undefined && values.as !== DEMO_USER) throw new UsageError(`--as takes the demo's user, "${DEMO_USER}"`);
      const box = await startSystemDemo();
      try {
        if (command !== 'tui') await waitForBoxSettled(box);
        else if (!values.as) io.stderr.write(`svctui demo: a private system manager with sample units. To try svctui as an unprivileged user (polkit asks for its password, "${DEMO_USER}"): svctui --demo --as ${DEMO_USER}\n`);
        // The same command line inside, without the demo's own options.
        const inside = argv.filter((a, i) => a !== '--demo' && a !== '--system' && a !== '--as' && !a.startsWith('--as=') && argv[i - 1] !== '--as');
        return await runInBox(box, inside, { as: values.as, tui: command === 'tui' });
      } finally {
        await box.stop();
      }
    }
    if (values.as !== undefined) throw new UsageError('--as applies to the system-manager demo only (svctui --demo --as demo)');
    if (values.rolling || values.pause !== undefined) throw new UsageError('--rolling and --pause are for several hosts (-H with a range, several -H, --inventory)');

    let demo: { stop(): Promise<void> } | undefined;
    if (options.demo) {
      const { startDemoSandbox, waitForDemoSettled } = await import('../host/sandbox/demo.js');
      const sb = await startDemoSandbox();
      demo = sb;
      if (command !== 'tui') await waitForDemoSettled(sb);
      options.scope = 'user';
      options.busAddress = sb.busAddress;
      options.journalDir = sb.journalDir;
      // The demo's runs die with the demo.
      options.storePath = `${sb.root}/state/history.sqlite`;
    }
    const host = await openHost(options);
    try {
      // The interactive UI's connection lives in a worker thread and is usable at once; the
      // commands connect in this thread and wait for it.
      const systemd = command === 'tui' ? openInWorker(host, options) : await connect(host, options);
      // Like systemctl: polkit's questions are asked on this terminal (the TUI sets its own agent).
      if (command !== 'tui' && options.askPassword && host.kind === 'local') {
        const { terminalAuthAgent } = await import('../host/local/authAgent.js');
        systemd.setAuthAgent(terminalAuthAgent());
      }
      benchMark(command === 'tui' ? 'connecting' : 'connected');
      // Only the commands that show runs open the run store (edit, cat, handler do not need it).
      // (The interactive UI opens it itself, after its first frame.)
      const { history, close: closeHistory } = lazyHistory(() => (spec?.history ? openHistory(host, options) : Promise.resolve(new RunHistory(options.scope, false))));
      const ctx: CommandContext = { systemd, journal: journalSource(host, options), history, options, stdout: io.stdout, stderr: io.stderr };
      try {
        if (command === 'tui') {
          // The subscription and the listing go out first; Ink loads while the worker connects
          // and systemd answers.
          // (The live model loads here, not with every command: status and list do not use it.)
          const listing = import('../app/live.js').then(({ LiveUnits }) => LiveUnits.open(systemd));
          listing.catch(() => undefined);
          const { runTui } = await import('../tui/tui.js');
          benchMark('ui-loaded');
          await connected(systemd);
          benchMark('ready');
          const live = await listing;
          benchMark('listed');
          return await runTui({
            host,
            live,
            global: options,
            journal: journalSource(host, options),
            // A bare name means a service, as on systemctl's command line (nginx: nginx.service).
            patterns: args.map((a) => (isGlob(a) ? a : mangleUnitName(a))),
            config: loadedConfig?.config,
            bindings: loadedConfig?.bindings,
            notice: loadedConfig?.refused,
            switchRefusal: options.demo
              ? 'The demo has only its sandbox manager; run svctui without --demo to use the system and user managers.'
              : options.busAddress
                ? 'svctui was started with --bus-address; restart it without to switch between the system and the user manager.'
                : undefined,
          });
        }
        const runner = verbNamed(command) ? runVerb(command as VerbName) : RUNNERS[command as Exclude<CommandName, 'tui' | VerbName>];
        return await runner(ctx, args, values, { lines, io });
      } finally {
        systemd.close();
        await closeHistory();
      }
    } finally {
      await host.close();
      await demo?.stop();
    }
  } catch (err) {
    return reportError(err, io);
  }
}

/** The interactive UI over several hosts: it starts at once; hosts connect behind it. */
/**
 * The fleet's UI through sudo (--become, ansible_become) on a terminal: each such host is reached
 * before the UI starts, so that a sudo that wants a password asks for it here, once per host, one
 * at a time (as Ansible's --ask-become-pass asks before it connects). The connections are handed
 * to the UI; a host that cannot be reached now is tried again there, in words.
 */
async function becomeFirst(hosts: readonly FleetHost[], options: GlobalOptions): Promise<Map<string, Host>> {
  const opened = new Map<string, Host>();
  const asker = secretAsker();
  const through = hosts.filter((h) => h.become ?? options.become);
  if (!asker || !through.length) return opened;
  process.stderr.write(`svctui: reaching ${through.length} host(s) through sudo first (a sudo that wants its password asks here, once per host)\n`);
  const { onEachHostOpened } = await import('../app/fleet.js');
  await onEachHostOpened(through, { ...options, become: options.become && { ...options.become, askPassword: asker } }, asker, (h, host) => opened.set(h.name, host));
  return opened;
}

/** --fleet: config.toml's [fleet] (refused in words when there is none). */
async function configuredFleet(values: OptionValues): Promise<FleetConfig> {
  if (values['no-config']) throw new UsageError('--fleet reads config.toml\'s [fleet]: it does not go with --no-config');
  const { loadConfig, ConfigError } = await import('../host/local/config.js');
  try {
    const loaded = loadConfig();
    const f = loaded.config.fleet;
    if (!f?.hosts && !f?.inventory) throw new CommandError(`--fleet: ${loaded.file ?? 'config.toml'} has no [fleet] with hosts or an inventory (svctui --print-config shows how to write one)${loaded.refused ? `; ${loaded.refused}` : ''}`, 2);
    return f!;
  } catch (err) {
    if (err instanceof ConfigError) throw new CommandError(`${err.problems.join('\n')}\n(svctui --print-config shows every setting.)`, 1);
    throw err;
  }
}

async function runFleetTui(hosts: FleetHost[], options: GlobalOptions, args: string[], noConfig: boolean, concurrency?: number): Promise<number> {
  assertTerminal();
  if (options.scope === 'user') throw new CommandError('the fleet shows system managers; for a user manager, -H HOST --user', 2);
  const { loadConfig, ConfigError } = await import('../host/local/config.js');
  let loaded: LoadedConfig | undefined;
  try {
    loaded = noConfig ? undefined : loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CommandError(`${err.problems.join('\n')}\n(svctui --no-config starts without it; svctui --print-config shows every setting.)`, 1);
    throw err;
  }
  const { FleetLive } = await import('../app/fleetLive.js');
  const opened = await becomeFirst(hosts, options);
  const fleet = new FleetLive(hosts, options, { concurrency: concurrency ?? loaded?.config.fleet?.concurrency, opened }).start();
  const { runTui } = await import('../tui/tui.js');
  return runTui({
    host: await openHost({ ...options, host: undefined }),
    fleet,
    global: options,
    journal: { host: await openHost({ ...options, host: undefined }) },
    patterns: args.map((a) => (isGlob(a) ? a : mangleUnitName(a))),
    config: loaded?.config,
    bindings: loaded?.bindings,
    notice: loaded?.refused,
  });
}

export function reportError(err: unknown, io: Io): number {
  if (err instanceof UsageError) {
    io.stderr.write(`svctui: ${escapeControlKeepLines(err.message)}\nSee svctui --help.\n`);
    return 2;
  }
  if (err instanceof CommandError) {
    io.stderr.write(`svctui: ${escapeControlKeepLines(err.message)}\n`);
    return err.exitCode;
  }
  if (err instanceof SystemdError) {
    io.stderr.write(`svctui: ${escapeControlKeepLines(err.message)}\n`);
    return err.kind === 'no-such-unit' ? 4 : 1;
  }
  if (err instanceof FileError) {
    io.stderr.write(`svctui: ${escapeControlKeepLines(err.message)}\n`);
    return 1;
  }
  if (err instanceof Error && err.name === 'SshError') {
    io.stderr.write(`svctui: ${escapeControlKeepLines(err.message)}\n`);
    return 1;
  }
  if (err instanceof Error && err.name === 'SandboxError') {
    io.stderr.write(`svctui: cannot start the demo sandbox: ${err.message}\n`);
    return 1;
  }
  // A bug: still a message in words, with a pointer to where details are.
  io.stderr.write(`svctui: internal error: ${err instanceof Error ? err.message : String(err)}\n(Set SVCTUI_DEBUG=1 to see the details.)\n`);
  if (process.env.SVCTUI_DEBUG) io.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  return 70;
}

/** Process entry used by bin/svctui. */
export async function run(): Promise<void> {
  benchMark('bundle-loaded');
  // A reader that stops early (head, less quitting) is not an error: end quietly, as a program
  // killed by SIGPIPE would (141), without a word.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(141);
      throw err;
    });
  }
  const code = await main(process.argv.slice(2));
  benchMark('done');
  // Exit once stdout has drained (pipes to head, less, jq), whatever handles are still open.
  process.stdout.write('', () => process.exit(code));
}

// svctui's entry: parses the command line, connects, runs one command, and turns every failure into
// a message in words with an exit code (never a stack trace).
import { parseArgs } from 'node:util';
import { CommandError, connect, connected, journalSource, openHost, openInWorker, managerKey, openHistory, type CommandContext, type GlobalOptions } from '../app/context.js';
import { SystemdError } from '../host/bus.js';
import { globProblem, isGlob } from '../core/names.js';
import { FileError } from '../host/files.js';
import { RunHistory } from '../app/runHistory.js';
import { VERSION } from '../core/version.js';
import { benchMark } from '../host/benchMark.js';
import { LiveUnits } from '../app/live.js';
import { assertTerminal } from '../tui/terminal.js';
import { escapeControlKeepLines } from '../core/model/text.js';
import { parseDestination } from '../host/ssh/destination.js';

export const USAGE = `Usage: svctui [OPTIONS] [PATTERN...]        the interactive UI (keys: press ? inside)
       svctui [OPTIONS] COMMAND [ARGS...]

A keyboard-driven terminal UI for systemd: live unit status, last exit code and why each unit stopped.

Commands:
  list [PATTERN...]      One row per unit: UNIT LOAD ACTIVE SUB LAST EXIT STOP REASON SINCE DESCRIPTION
                         (loaded units; --all adds installed unit files that are not loaded)
  status UNIT...         The systemctl status view of each unit, with its journal tail
                         (exit code 0 active, 3 not active, 4 no such unit)
  history UNIT...        Each unit's runs (start, duration, exit, stop reason, what ended it) and
                         what systemd does next per Restart= (--json: an object, an array for several)
  edit UNIT              Edit a drop-in (override.conf) like systemctl edit, validated with
                         systemd-analyze verify before it is applied; --full edits a copy of the
                         whole unit, --runtime edits under /run, --drop-in NAME picks the file
  revert UNIT            Remove the unit's drop-ins and copies and unmask it (asks first)
  cat UNIT               The effective unit: its file and drop-ins, with their paths
  handler list UNIT      The unit's ExecStopPost= handlers: prefixes in words, source file, last run
  handler preview UNIT   The drop-in and script a handler would get, and a simulation of it in every
                         kind of stop (stopped by request, clean exit, exit N, killed, core dump, ...)
  handler attach UNIT    The same, then attach it (asks first; --yes does not)
  handler detach UNIT NAME  Remove the handler NAME and its generated script (asks first; --yes
                         does not)

Options:
      --system           Talk to the system manager (default)
      --user             Talk to your user manager (systemctl --user)
  -H, --host [USER@]HOST[:PORT]
                         Manage another machine over SSH (it needs systemd, nothing else; svctui
                         uses your ssh, its config, agent and known hosts)
      --bus-address ADDR Talk to the manager on this D-Bus address (e.g. unix:path=/run/user/0/bus;
                         with -H, an address on that host)
      --journal-dir DIR  Read the journal from this folder (journalctl -D) instead of the machine's
                         (with -H, a folder on that host)
      --demo             Boot a private system manager with sample units and use svctui in it
                         (needs root; --demo --user: a private user manager instead)
      --as USER          --demo: use svctui as the demo's unprivileged user ("demo")
  -a, --all              list: include unit files that are not loaded
      --json             list, history: print JSON (stable field names)
  -n, --lines N          status: number of journal lines to show (default 10)
      --full             edit: the whole unit (a copy in /etc or ~/.config), not a drop-in
      --runtime          edit: under /run (or $XDG_RUNTIME_DIR), gone at the next boot
      --drop-in NAME     edit: the drop-in NAME.conf instead of override.conf
      --template T       handler: log (default), on-status, on-failure, json, custom
      --when W           handler: always (default), not-stopped, failure, statuses, results
      --statuses LIST    handler: exit statuses or signals, e.g. 3,4,KILL
      --results LIST     handler: service results, e.g. exit-code,signal
      --command CMD      handler: the command (on-status, on-failure) or snippet (custom)
      --file PATH        handler: where the json template appends its records
      --exec PATH        handler: attach an existing executable instead of a template
      --name NAME        handler: its name (default: the template's)
      --no-ignore-failure  handler: without "-" (a failing handler then fails the unit)
      --privileged       handler: with "+" (full privileges)
      --yes              handler: do not ask before attaching or detaching
      --simulate-anyway  handler: simulate an --exec that does not declare SVCTUI_DRY_RUN
      --timeout SECONDS  Give up on a D-Bus call after this long (default 25)
      --no-ask-password  Do not ask for a password when polkit wants one (actions then fail, in words)
  -h, --help             Show this help
  -V, --version          Show the version
`;

const OPTIONS = {
  system: { type: 'boolean' },
  user: { type: 'boolean' },
  'bus-address': { type: 'string' },
  host: { type: 'string', short: 'H' },
  'journal-dir': { type: 'string' },
  demo: { type: 'boolean' },
  as: { type: 'string' },
  all: { type: 'boolean', short: 'a' },
  json: { type: 'boolean' },
  lines: { type: 'string', short: 'n' },
  full: { type: 'boolean' },
  runtime: { type: 'boolean' },
  'drop-in': { type: 'string' },
  template: { type: 'string' },
  when: { type: 'string' },
  statuses: { type: 'string' },
  results: { type: 'string' },
  command: { type: 'string' },
  file: { type: 'string' },
  exec: { type: 'string' },
  name: { type: 'string' },
  'no-ignore-failure': { type: 'boolean' },
  privileged: { type: 'boolean' },
  yes: { type: 'boolean' },
  'simulate-anyway': { type: 'boolean' },
  timeout: { type: 'string' },
  'no-ask-password': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

interface Io {
  stdout: CommandContext['stdout'];
  stderr: NodeJS.WritableStream;
}

class UsageError extends CommandError {
  constructor(message: string) {
    super(message, 2);
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
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

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (values.version) {
      io.stdout.write(`svctui ${VERSION}\n`);
      return 0;
    }
    if (values.system && values.user) throw new UsageError('--system and --user exclude each other');
    const COMMANDS = ['list', 'status', 'history', 'edit', 'revert', 'cat', 'handler'] as const;
    type Command = (typeof COMMANDS)[number] | 'tui';
    const isCommand = (COMMANDS as readonly string[]).includes(positionals[0] ?? '');
    const command: Command = isCommand ? (positionals[0] as Command) : 'tui';
    const args = isCommand ? positionals.slice(1) : positionals;
    if (command === 'tui') {
      if (values.all || values.json || values.lines !== undefined) throw new UsageError('--all, --json and --lines apply to list and status, not to the interactive UI');
      const bad = args.find((a) => !/^[A-Za-z0-9:\-_.\\@*?[\]!]+$/.test(a));
      if (bad) throw new UsageError(`"${bad}" is neither a command (list, status) nor a unit pattern`);
      const word = args.find((a) => !/[.*?[]/.test(a));
      if (word) throw new UsageError(`unknown command "${word}" (to show matching units, give a pattern such as '${word}*')`);
    }
    if (command === 'list' && values.lines !== undefined) throw new UsageError('--lines applies to status only');
    if (command === 'status' && (values.all || values.json)) throw new UsageError('--all and --json apply to list and history only');
    if (command === 'status' && args.length === 0) throw new UsageError('status needs at least one unit name, e.g. svctui status --user demo.service');
    if (command === 'history' && args.length === 0) throw new UsageError('history needs at least one unit name, e.g. svctui history --user demo.service');
    if (command === 'history' && (values.all || values.lines !== undefined)) throw new UsageError('--all and --lines do not apply to history');
    if ((command === 'edit' || command === 'revert' || command === 'cat') && args.length !== 1) throw new UsageError(`${command} needs exactly one unit name`);
    if (command === 'handler' && (args.length < 2 || args.length > 3)) throw new UsageError('handler needs an action and a unit: svctui handler list|preview|attach|detach UNIT [NAME]');
    if (command !== 'edit' && (values.full || values.runtime || values['drop-in'] !== undefined)) throw new UsageError('--full, --runtime and --drop-in apply to edit only');
    if (values.full && values['drop-in'] !== undefined) throw new UsageError('--full and --drop-in exclude each other');
    if (values['drop-in'] !== undefined && !/^[A-Za-z0-9_.@:-]{1,128}$/.test(values['drop-in'])) throw new UsageError('--drop-in takes a file name such as 50-limits (at most 128 letters, digits, . _ - @ :)');
    const address = values['bus-address'];
    if (address !== undefined) {
      const problem = busAddressProblem(address);
      if (problem) throw new UsageError(`--bus-address "${address}": ${problem} (e.g. unix:path=/run/dbus/system_bus_socket)`);
    }
    checkPatterns(command === 'status' || command === 'list' || command === 'tui' ? args : []);

    if (values.host !== undefined) {
      try {
        parseDestination(values.host);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (values.demo) throw new UsageError('--demo brings its own manager on this machine: it does not go with -H');
    }
    const options: GlobalOptions = {
      host: values.host,
      interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
      scope: values.user ? 'user' : 'system',
      busAddress: values['bus-address'],
      journalDir: values['journal-dir'],
      demo: Boolean(values.demo),
      askPassword: !values['no-ask-password'],
      timeoutMs: numberOption(values.timeout, '--timeout', 25, { min: 0.001, max: 3600, unit: 'seconds' }) * 1000,
    };
    const lines = numberOption(values.lines, '--lines', 10, { min: 0, max: 100_000, integer: true });

    if (command === 'tui') assertTerminal();

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
      const usesHistory = command === 'list' || command === 'status' || command === 'history';
      const history = usesHistory ? await openHistory(host, options) : new RunHistory(options.scope, false);
      const ctx: CommandContext = { systemd, journal: journalSource(host, options), history, options, stdout: io.stdout, stderr: io.stderr };
      try {
        if (command === 'tui') {
          // The subscription and the listing go out first; Ink loads while the worker connects
          // and systemd answers.
          const listing = LiveUnits.open(systemd);
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
            patterns: args,
            switchRefusal: options.demo
              ? 'The demo has only its sandbox manager; run svctui without --demo to use the system and user managers.'
              : options.busAddress
                ? 'svctui was started with --bus-address; restart it without to switch between the system and the user manager.'
                : undefined,
          });
        }
        if (command === 'edit' || command === 'revert' || command === 'cat') {
          const { editUnit, revertFlow, catFlow } = await import('../app/editFlow.js');
          const { terminalPrompter } = await import('./terminalPrompter.js');
          if (command === 'cat') return await catFlow(systemd, args[0]!, io.stdout);
          const prompter = terminalPrompter();
          if (command === 'revert') return await revertFlow(systemd, args[0]!, prompter);
          return await editUnit(systemd, { unit: args[0]!, full: Boolean(values.full), runtime: Boolean(values.runtime), dropIn: values['drop-in'], manager: managerKey(options) }, prompter);
        }
        if (command === 'handler') {
          const { handlerCommand } = await import('../app/handlerFlow.js');
          const { terminalPrompter } = await import('./terminalPrompter.js');
          return await handlerCommand(
            systemd,
            args[0]!,
            {
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
            },
            terminalPrompter(),
            Boolean(values.json),
          );
        }
        if (command === 'history') {
          const { runHistory } = await import('./history.js');
          return await runHistory(ctx, { units: args, json: Boolean(values.json) });
        }
        if (command === 'list') {
          const { runList } = await import('./list.js');
          return await runList(ctx, { all: Boolean(values.all), json: Boolean(values.json), patterns: args });
        }
        const { runStatus } = await import('./status.js');
        return await runStatus(ctx, { units: args, lines });
      } finally {
        systemd.close();
        history.flush();
        history.store?.close();
      }
    } finally {
      await host.close();
      await demo?.stop();
    }
  } catch (err) {
    return reportError(err, io);
  }
}

export function reportError(err: unknown, io: Io): number {
  if (err instanceof UsageError) {
    io.stderr.write(`svctui: ${err.message}\n\n${USAGE}`);
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
  // Exit once stdout has drained (pipes to head, less, jq), whatever handles are still open.
  process.stdout.write('', () => process.exit(code));
}

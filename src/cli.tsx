// svctui's entry: parses the command line, connects, runs one command, and turns every failure into
// a message in words with an exit code (never a stack trace).
import { parseArgs } from 'node:util';
import { CommandError, connect, journalSource, managerKey, openHistory, type CommandContext, type GlobalOptions } from './commands/context.js';
import { SystemdError } from './systemd/bus.js';
import { VERSION } from './version.js';

export const USAGE = `Usage: svctui [OPTIONS] [PATTERN...]        the interactive UI (keys: press ? inside)
       svctui [OPTIONS] COMMAND [ARGS...]

A keyboard-driven terminal UI for systemd: live unit status, last exit code and why each unit stopped.

Commands:
  list [PATTERN...]      One row per unit: UNIT LOAD ACTIVE SUB LAST EXIT STOP REASON SINCE DESCRIPTION
                         (loaded units; --all adds installed unit files that are not loaded)
  status UNIT...         The systemctl status view of each unit, with its journal tail
                         (exit code 0 active, 3 not active, 4 no such unit)
  history UNIT           The unit's runs (start, duration, exit, stop reason, what ended it) and
                         what systemd does next per Restart=
  edit UNIT              Edit a drop-in (override.conf) like systemctl edit, validated with
                         systemd-analyze verify before it is applied; --full edits a copy of the
                         whole unit, --runtime edits under /run, --drop-in NAME picks the file
  revert UNIT            Remove the unit's drop-ins and copies and unmask it (asks first)
  cat UNIT               The effective unit: its file and drop-ins, with their paths

Options:
      --system           Talk to the system manager (default)
      --user             Talk to your user manager (systemctl --user)
      --bus-address ADDR Talk to the manager on this D-Bus address (e.g. unix:path=/run/user/0/bus)
      --journal-dir DIR  Read the journal from this folder (journalctl -D) instead of the machine's
      --demo             Boot a private sandbox manager with sample units and use it (needs root)
  -a, --all              list: include unit files that are not loaded
      --json             list, history: print JSON (stable field names)
  -n, --lines N          status: number of journal lines to show (default 10)
      --full             edit: the whole unit (a copy in /etc or ~/.config), not a drop-in
      --runtime          edit: under /run (or $XDG_RUNTIME_DIR), gone at the next boot
      --drop-in NAME     edit: the drop-in NAME.conf instead of override.conf
      --timeout SECONDS  Give up on a D-Bus call after this long (default 25)
  -h, --help             Show this help
  -V, --version          Show the version
`;

const OPTIONS = {
  system: { type: 'boolean' },
  user: { type: 'boolean' },
  'bus-address': { type: 'string' },
  'journal-dir': { type: 'string' },
  demo: { type: 'boolean' },
  all: { type: 'boolean', short: 'a' },
  json: { type: 'boolean' },
  lines: { type: 'string', short: 'n' },
  full: { type: 'boolean' },
  runtime: { type: 'boolean' },
  'drop-in': { type: 'string' },
  timeout: { type: 'string' },
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

function positiveNumber(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} needs a number, not "${v}"`);
  return n;
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
    const COMMANDS = ['list', 'status', 'history', 'edit', 'revert', 'cat'] as const;
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
    if (command === 'history' && args.length !== 1) throw new UsageError('history needs exactly one unit name, e.g. svctui history --user demo.service');
    if (command === 'history' && (values.all || values.lines !== undefined)) throw new UsageError('--all and --lines do not apply to history');
    if ((command === 'edit' || command === 'revert' || command === 'cat') && args.length !== 1) throw new UsageError(`${command} needs exactly one unit name`);
    if (command !== 'edit' && (values.full || values.runtime || values['drop-in'] !== undefined)) throw new UsageError('--full, --runtime and --drop-in apply to edit only');
    if (values.full && values['drop-in'] !== undefined) throw new UsageError('--full and --drop-in exclude each other');
    if (values['drop-in'] !== undefined && !/^[A-Za-z0-9_.@:-]+$/.test(values['drop-in'])) throw new UsageError('--drop-in takes a file name such as 50-limits (letters, digits, . _ - @ :)');

    const options: GlobalOptions = {
      scope: values.user ? 'user' : 'system',
      busAddress: values['bus-address'],
      journalDir: values['journal-dir'],
      demo: Boolean(values.demo),
      timeoutMs: positiveNumber(values.timeout, '--timeout', 25) * 1000,
    };
    const lines = positiveNumber(values.lines, '--lines', 10);

    if (command === 'tui') (await import('./ui/tui.js')).assertTerminal();

    let demo: { stop(): Promise<void> } | undefined;
    if (options.demo) {
      const { startDemoSandbox, waitForDemoSettled } = await import('./sandbox/demo.js');
      const sb = await startDemoSandbox();
      demo = sb;
      if (command !== 'tui') await waitForDemoSettled(sb);
      options.scope = 'user';
      options.busAddress = sb.busAddress;
      options.journalDir = sb.journalDir;
      // The demo's runs die with the demo.
      options.storePath = `${sb.root}/state/history.sqlite`;
    }
    try {
      const systemd = await connect(options);
      const history = await openHistory(options);
      const ctx: CommandContext = { systemd, journal: journalSource(options), history, options, stdout: io.stdout, stderr: io.stderr };
      try {
        if (command === 'tui') {
          const { runTui } = await import('./ui/tui.js');
          return await runTui({
            systemd,
            history,
            global: options,
            journal: journalSource(options),
            patterns: args,
            switchRefusal: options.demo
              ? 'The demo has only its sandbox manager; run svctui without --demo to use the system and user managers.'
              : options.busAddress
                ? 'svctui was started with --bus-address; restart it without to switch between the system and the user manager.'
                : undefined,
          });
        }
        if (command === 'edit' || command === 'revert' || command === 'cat') {
          const { editUnit, revertFlow, catFlow, terminalPrompter } = await import('./commands/edit.js');
          if (command === 'cat') return await catFlow(systemd, args[0]!, io.stdout);
          const prompter = terminalPrompter();
          if (command === 'revert') return await revertFlow(systemd, args[0]!, prompter);
          return await editUnit(systemd, { unit: args[0]!, full: Boolean(values.full), runtime: Boolean(values.runtime), dropIn: values['drop-in'], manager: managerKey(options) }, prompter);
        }
        if (command === 'history') {
          const { runHistory } = await import('./commands/history.js');
          return await runHistory(ctx, { unit: args[0]!, json: Boolean(values.json) });
        }
        if (command === 'list') {
          const { runList } = await import('./commands/list.js');
          return await runList(ctx, { all: Boolean(values.all), json: Boolean(values.json), patterns: args });
        }
        const { runStatus } = await import('./commands/status.js');
        return await runStatus(ctx, { units: args, lines });
      } finally {
        systemd.close();
        history.store?.close();
      }
    } finally {
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
    io.stderr.write(`svctui: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof SystemdError) {
    io.stderr.write(`svctui: ${err.message}\n`);
    return err.kind === 'no-such-unit' ? 4 : 1;
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
  const code = await main(process.argv.slice(2));
  // Exit once stdout has drained (pipes to head, less, jq), whatever handles are still open.
  process.stdout.write('', () => process.exit(code));
}

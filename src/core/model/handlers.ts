// ExecStopPost= handlers: what to run, when, generated as a readable POSIX shell script, and the
// scenarios a handler is simulated in. Pure.
import { VERSION } from '../version.js';
import { shellQuote, systemdExecLine } from '../quoting.js';
import { signalNumber } from '../decode.js';

export { shellQuote };

export const TEMPLATES = ['log', 'on-status', 'on-failure', 'json', 'custom'] as const;
export type Template = (typeof TEMPLATES)[number];

export const CONDITIONS = ['always', 'not-stopped', 'failure', 'statuses', 'results'] as const;
export type Condition = (typeof CONDITIONS)[number];

export interface HandlerSpec {
  unit: string;
  /** Short name: the drop-in is 50-svctui-handler-NAME.conf, the script NAME.sh. */
  name: string;
  template: Template;
  when: Condition;
  /** For when=statuses and template on-status: exit statuses (numbers) or signal names. */
  statuses: string[];
  /** For when=results: SERVICE_RESULT values. */
  results: string[];
  /** on-status, on-failure: the command; custom: the snippet (shell, as the user wrote it). */
  command?: string;
  /** json: the file the records are appended to. */
  file?: string;
  scope: 'system' | 'user';
  ignoreFailure: boolean;
  privileged: boolean;
}

export const TEMPLATE_WORDS: Record<Template, string> = {
  log: 'log the stop (result, exit code, status) to the journal',
  'on-status': 'run a command when the exit status is one of a set',
  'on-failure': 'run a command when the service failed',
  json: 'append a JSON record of the stop to a file',
  custom: 'run a shell snippet',
};

export const CONDITION_WORDS: Record<Condition, string> = {
  always: 'after every stop',
  'not-stopped': 'not when the service was stopped by request (systemctl stop or restart)',
  failure: 'only when the service failed (SERVICE_RESULT is not success)',
  statuses: 'only for the listed exit statuses',
  results: 'only for the listed results',
};

/** A handler's name: it becomes part of file names (50-svctui-handler-NAME.conf). */
export const HANDLER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/;
const STATUS_RE = /^(\d{1,3}|[A-Z][A-Z0-9+]*)$/;
const RESULT_RE = /^[a-z][a-z-]*$/;

/** Every $SERVICE_RESULT systemd sets (service_result_table, systemd 252). */
export const SERVICE_RESULTS = ['success', 'protocol', 'timeout', 'exit-code', 'signal', 'core-dump', 'watchdog', 'start-limit-hit', 'resources', 'oom-kill', 'exec-condition'];

/** A signal systemd would name in EXIT_STATUS: KILL, TERM, …, RTMIN, RTMIN+n, RTMAX. */
function isSignalName(name: string): boolean {
  if (signalNumber(name) !== undefined || name === 'RTMIN' || name === 'RTMAX') return true;
  const rt = /^RTMIN\+(\d+)$/.exec(name);
  return rt !== null && Number(rt[1]) >= 1 && Number(rt[1]) <= 29;
}

/** A comma-separated answer as a list ("3, 4,KILL" → ["3","4","KILL"]). */
export const splitList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Exit statuses and signal names as the script compares them (SIGKILL → KILL). */
export const normaliseStatuses = (list: string[]): string[] => list.map((s) => s.toUpperCase().replace(/^SIG/, ''));

/** Each answer checked as it is given (the wizard asks again), and the whole spec for the command line. */
export const answerProblems = {
  statuses(list: string[]): string | undefined {
    if (list.length === 0) return 'list at least one exit status or signal, e.g. 3,4,KILL';
    const bad = list.find((st) => !STATUS_RE.test(st) || (/^\d+$/.test(st) ? Number(st) > 255 : !isSignalName(st)));
    return bad === undefined ? undefined : `"${bad}" is not an exit status (0-255) or a signal name such as KILL, TERM, HUP, SEGV`;
  },
  results(list: string[]): string | undefined {
    if (list.length === 0) return 'list at least one result, e.g. exit-code,signal';
    const bad = list.find((r) => !RESULT_RE.test(r) || !SERVICE_RESULTS.includes(r));
    return bad === undefined ? undefined : `"${bad}" is not a service result: one of ${SERVICE_RESULTS.join(', ')}`;
  },
  command(text: string | undefined): string | undefined {
    if (!text?.trim()) return 'the command is empty';
    return text.includes('\0') ? 'the command contains a NUL byte' : undefined;
  },
  file(path: string | undefined): string | undefined {
    if (!path?.startsWith('/')) return 'the file needs an absolute path (starting with /)';
    return /[\u0000-\u001f\u007f]/.test(path) ? 'the file name contains a control character (a line break, a tab…)' : undefined;
  },
  name(name: string): string | undefined {
    return HANDLER_NAME_RE.test(name) ? undefined : `the handler name "${name}" must be letters, digits, - or _ (at most 41, starting with a letter or digit)`;
  },
};

/** Problems with a spec, in words with the command line's options (empty when it is fine). */
export function specProblems(s: HandlerSpec): string[] {
  const p: (string | undefined)[] = [answerProblems.name(s.name)];
  if ((s.template === 'on-status' || s.when === 'statuses') && s.statuses.length === 0) p.push('list the exit statuses, e.g. --statuses 3,4 (numbers, or signal names such as KILL)');
  else if (s.statuses.length) p.push(answerProblems.statuses(s.statuses));
  if (s.when === 'results' && s.results.length === 0) p.push('list the results, e.g. --results exit-code,signal');
  else if (s.results.length) p.push(answerProblems.results(s.results));
  const needsCommand = s.template === 'on-status' || s.template === 'on-failure' || s.template === 'custom';
  if (needsCommand && !s.command?.trim()) p.push(`the ${s.template} template needs --command`);
  else if (s.command !== undefined) p.push(s.command.includes('\0') ? 'the command contains a NUL byte' : undefined);
  if (s.template === 'json' && answerProblems.file(s.file)) p.push('the json template needs --file with an absolute path');
  return p.filter((x): x is string => Boolean(x));
}

function conditionShell(s: HandlerSpec): string {
  switch (s.when) {
    case 'always':
      return 'true';
    case 'not-stopped':
      return '! stopped_by_request';
    case 'failure':
      return '[ "$SERVICE_RESULT" != success ]';
    case 'statuses':
      return `status_in ${s.statuses.map(shellQuote).join(' ')}`;
    case 'results':
      return `case "$SERVICE_RESULT" in ${s.results.map(shellQuote).join('|')}) true ;; *) false ;; esac`;
  }
}

/** The template's own filter: part of the decision, so that a dry run says what a real run does. */
function templateFilterShell(s: HandlerSpec): string | undefined {
  if (s.template === 'on-status') return `status_in ${s.statuses.map(shellQuote).join(' ')}`;
  if (s.template === 'on-failure') return '[ "$SERVICE_RESULT" != success ]';
  return undefined;
}

function actionShell(s: HandlerSpec): { summary: string; body: string } {
  switch (s.template) {
    case 'log':
      return { summary: 'log the stop to the journal', body: 'echo "svctui-handler: $UNIT stopped: SERVICE_RESULT=$SERVICE_RESULT EXIT_CODE=$EXIT_CODE EXIT_STATUS=$EXIT_STATUS"' };
    case 'json': {
      const file = shellQuote(s.file ?? '');
      return {
        summary: `append a JSON record to ${s.file}`,
        body: [
          `records=${file}`,
          '# Never through a link, never into a file that is not the handler\'s own (svctui checked the folder).',
          'if [ -L "$records" ] || { [ -e "$records" ] && [ ! -O "$records" ]; }; then',
          `  echo "svctui-handler ${s.name}: refusing to append to $records: it is a symbolic link or belongs to another user" >&2`,
          '  exit 0',
          'fi',
          `printf '{"unit":"%s","time":"%s","service_result":"%s","exit_code":"%s","exit_status":"%s"}\\n' \\`,
          `  "$(json_text "$UNIT")" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(json_text "$SERVICE_RESULT")" "$(json_text "$EXIT_CODE")" "$(json_text "$EXIT_STATUS")" >> "$records"`,
        ].join('\n'),
      };
    }
    case 'on-status':
      return { summary: `run: ${s.command} (the exit status is ${s.statuses.join(', ')})`, body: s.command ?? '' };
    case 'on-failure':
      return { summary: `run: ${s.command} (the service failed)`, body: s.command ?? '' };
    case 'custom':
      return { summary: `run the snippet: ${(s.command ?? '').split('\n').find((l) => l.trim() && !l.trim().startsWith('#'))?.trim() ?? ''}`, body: s.command ?? '' };
  }
}

/** What the script does when it cannot ask systemd whether a stop job is running (said in the wizard). */
export const CANNOT_ASK_WORDS =
  'When the handler cannot ask systemd whether a stop job is running (no access to the bus), it says so in the journal and treats the stop as not requested, so it acts.';

/** The handler script: reads the three variables, documents them, honours SVCTUI_DRY_RUN=1. */
export function handlerScript(s: HandlerSpec, generatedAt = new Date()): string {
  const action = actionShell(s);
  const systemctl = s.scope === 'user' ? 'systemctl --user' : 'systemctl';
  const decision = [conditionShell(s), templateFilterShell(s)].filter((x) => x && x !== 'true').join(' && ') || 'true';
  return `#!/bin/sh
# svctui handler "${s.name}" for ${s.unit}, made by svctui ${VERSION} on ${generatedAt.toISOString().slice(0, 10)}.
# It runs as ExecStopPost= of the unit (after every stop, self exit or failed start). systemd 232+
# passes these variables to ExecStop= and ExecStopPost= only:
#   SERVICE_RESULT  success, exit-code, signal, core-dump, timeout, watchdog, resources, ...
#   EXIT_CODE       exited, killed or dumped (empty when no main process ran)
#   EXIT_STATUS     the exit status when EXIT_CODE=exited, else the signal name (TERM, KILL, ...)
# When: ${CONDITION_WORDS[s.when]}${s.when === 'statuses' ? ` (${s.statuses.join(', ')})` : s.when === 'results' ? ` (${s.results.join(', ')})` : ''}.
# Does: ${TEMPLATE_WORDS[s.template]}.
# With SVCTUI_DRY_RUN=1 it says what it would do and does nothing (svctui simulates it that way).
# svctui-dry-run-aware
set -u
UNIT=\${1:-${shellQuote(s.unit)}}
SERVICE_RESULT=\${SERVICE_RESULT:-}
EXIT_CODE=\${EXIT_CODE:-}
EXIT_STATUS=\${EXIT_STATUS:-}

# Stopped by request: a stop or restart job for the unit is running now (systemctl stop, restart,
# or stopping something it belongs to) - the same rule as svctui's STOP REASON column. A process
# killed from outside, even by the unit's stop signal, was not. ${CANNOT_ASK_WORDS.replace(/^When/, 'When it')}
# (A simulation says whether there is a job with SVCTUI_SIM_STOP_JOB=1 or 0.)
stopped_by_request() {
  if [ -n "\${SVCTUI_SIM_STOP_JOB:-}" ]; then [ "$SVCTUI_SIM_STOP_JOB" = 1 ]; return; fi
  if ! jobs=$(${systemctl} list-jobs --no-legend --plain 2>/dev/null); then
    echo "svctui-handler ${s.name}: cannot ask systemd whether a stop job is running; taking it as not stopped by request" >&2
    return 1
  fi
  printf '%s\\n' "$jobs" | awk -v u="$UNIT" '$2 == u && ($3 == "stop" || $3 == "restart") { found = 1 } END { exit !found }'
}

# True when EXIT_STATUS is one of the arguments.
status_in() {
  for s in "$@"; do [ "$EXIT_STATUS" = "$s" ] && return 0; done
  return 1
}

# Text made safe inside a JSON string.
json_text() {
  printf '%s' "$1" | sed 's/\\\\/\\\\\\\\/g; s/"/\\\\"/g'
}

vars="SERVICE_RESULT=$SERVICE_RESULT EXIT_CODE=$EXIT_CODE EXIT_STATUS=$EXIT_STATUS"
# The whole decision (when, and the template's own filter), so a dry run answers as a real run would.
if ${decision}; then
  if [ "\${SVCTUI_DRY_RUN:-0}" = 1 ]; then
    echo "svctui-handler ${s.name}: would act ($vars): ${action.summary.replace(/["$`\\]/g, '\\$&')}"
    exit 0
  fi
  echo "svctui-handler ${s.name}: acting ($vars)"
  # --- the action ---
${action.body}
  # --- end of the action ---
else
  echo "svctui-handler ${s.name}: not acting ($vars)"
fi
exit 0
`;
}

export function dropInName(name: string): string {
  return `50-svctui-handler-${name}.conf`;
}

/**
 * The drop-in that attaches a handler: one ExecStopPost= line (prefixes for the options) that runs
 * the executable with the unit's name (%n), quoted as systemd reads it. The comments are one line
 * each whatever the summary holds.
 */
export function handlerDropIn(spec: Pick<HandlerSpec, 'name' | 'unit' | 'ignoreFailure' | 'privileged'>, scriptPath: string, summary: string): string {
  const prefix = `${spec.ignoreFailure ? '-' : ''}${spec.privileged ? '+' : ''}`;
  const oneLine = (t: string) => t.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `# svctui handler "${spec.name}": ${oneLine(summary)}.
# Remove it with: svctui handler detach ${oneLine(spec.unit)} ${spec.name}
[Service]
ExecStopPost=${systemdExecLine(prefix, scriptPath, [], ['%n'])}
`;
}

export interface Scenario {
  name: string;
  serviceResult: string;
  exitCode: string;
  exitStatus: string;
  /** A stop or restart job is running (stopped by request). */
  stopJob: boolean;
}

/** What about the unit decides which stops can happen to it. */
export interface ScenarioUnit {
  /** KillSignal= as a name (TERM). */
  stopSignal: string;
  /** Type= (simple, exec, notify, forking, oneshot, dbus, idle). */
  type: string;
  /** WatchdogSec= is set. */
  watchdog: boolean;
  /** ExecStartPre= or ExecStartPost= commands exist (they can time out even for Type=simple). */
  startCommands: boolean;
  /** SuccessExitStatus= statuses (they end with success). */
  successStatuses: number[];
  /** ExecCondition= commands exist (a failed one skips the start; ExecStopPost= still runs). */
  execCondition?: boolean;
}

/**
 * The stops a handler is simulated in: only those that can happen to this unit, and each listed
 * exit status or signal with the variables systemd really passes for it.
 */
export function scenarios(u: ScenarioUnit, statuses: string[] = []): Scenario[] {
  const sig = u.stopSignal;
  const list: Scenario[] = [
    { name: 'stopped by request', serviceResult: 'success', exitCode: 'killed', exitStatus: sig, stopJob: true },
    { name: `killed by SIG${sig} from outside`, serviceResult: 'success', exitCode: 'killed', exitStatus: sig, stopJob: false },
    // A service that exits 0 on its stop signal: the same variables as a clean exit, but a stop job.
    { name: 'stopped by request, exited 0', serviceResult: 'success', exitCode: 'exited', exitStatus: '0', stopJob: true },
    { name: 'clean exit', serviceResult: 'success', exitCode: 'exited', exitStatus: '0', stopJob: false },
  ];
  const numbers = statuses.filter((x) => /^\d+$/.test(x) && x !== '0').map(Number);
  for (const n of numbers.length ? [...new Set(numbers)] : [1]) {
    const success = u.successStatuses.includes(n);
    list.push({ name: `exit status ${n}`, serviceResult: success ? 'success' : 'exit-code', exitCode: 'exited', exitStatus: String(n), stopJob: false });
  }
  list.push({ name: 'killed', serviceResult: 'signal', exitCode: 'killed', exitStatus: 'KILL', stopJob: false });
  for (const name of new Set(statuses.filter((x) => /^[A-Z]/.test(x) && x !== 'KILL' && x !== sig))) {
    const clean = ['HUP', 'INT', 'TERM', 'PIPE'].includes(name);
    list.push({ name: `killed by SIG${name}`, serviceResult: clean ? 'success' : 'signal', exitCode: 'killed', exitStatus: name, stopJob: false });
  }
  list.push({ name: 'core dump', serviceResult: 'core-dump', exitCode: 'dumped', exitStatus: 'SEGV', stopJob: false });
  // Type=simple/exec/idle are started once forked: only their ExecStartPre=/Post= can time out.
  if (!['simple', 'exec', 'idle'].includes(u.type) || u.startCommands) list.push({ name: 'start timeout', serviceResult: 'timeout', exitCode: 'killed', exitStatus: 'TERM', stopJob: false });
  list.push({ name: 'stop timeout', serviceResult: 'timeout', exitCode: 'killed', exitStatus: 'KILL', stopJob: true });
  if (u.watchdog) list.push({ name: 'watchdog', serviceResult: 'watchdog', exitCode: 'killed', exitStatus: 'ABRT', stopJob: false });
  // ExecCondition= exiting 1-254: no main process ran, so EXIT_CODE and EXIT_STATUS are empty.
  if (u.execCondition) list.push({ name: 'start condition failed', serviceResult: 'exec-condition', exitCode: '', exitStatus: '', stopJob: false });
  return list;
}

/** What to say on systemd older than 232, where the variables are empty: the documented workaround. */
export function oldSystemdAdvice(unit: string, version: number, execStart: string): string {
  return `systemd ${version} does not pass SERVICE_RESULT, EXIT_CODE and EXIT_STATUS to ExecStopPost= (that came with 232),
so a handler there cannot see how ${unit} stopped. The documented workaround wraps the start command in a shell
that passes the exit code on (edit the unit with svctui edit ${unit}):

  [Service]
  ExecStart=
  ExecStart=/bin/sh -c '${execStart.replace(/'/g, `'\\''`)}; rc=$$?; /path/to/handler "$$rc"; exit $$rc'

Caveats: the shell becomes the main process (systemd's PID and signals go to it, so use exec with a trap
or forward signals yourself), and a death by signal N reaches the handler as exit code 128+N.`;
}

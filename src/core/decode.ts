// Pure decoding of what systemd sends: exit codes, exit statuses, signals, Exec* records.

/** UINT64_MAX: systemd's "unset / unknown" for 64-bit values. */
export const UINT64_MAX = 18446744073709551615n;

/** ExecMainCode and the code field of Exec* records (waitid's si_code). */
export type ExitCodeKind = 'exited' | 'killed' | 'dumped';

export function exitCodeKind(code: number): ExitCodeKind | undefined {
  switch (code) {
    case 1:
      return 'exited';
    case 2:
      return 'killed';
    case 3:
      return 'dumped';
    default:
      return undefined;
  }
}

export type ExitStatusClass = 'glibc' | 'lsb' | 'bsd' | 'systemd';

// systemd's exit status table (src/basic/exit-status.c, as the 252 binary prints it: 244 is BPF).
const EXIT_STATUS_TABLE: Record<number, [string, ExitStatusClass]> = {
  0: ['SUCCESS', 'glibc'],
  1: ['FAILURE', 'glibc'],
  2: ['INVALIDARGUMENT', 'lsb'],
  3: ['NOTIMPLEMENTED', 'lsb'],
  4: ['NOPERMISSION', 'lsb'],
  5: ['NOTINSTALLED', 'lsb'],
  6: ['NOTCONFIGURED', 'lsb'],
  7: ['NOTRUNNING', 'lsb'],
  64: ['USAGE', 'bsd'],
  65: ['DATAERR', 'bsd'],
  66: ['NOINPUT', 'bsd'],
  67: ['NOUSER', 'bsd'],
  68: ['NOHOST', 'bsd'],
  69: ['UNAVAILABLE', 'bsd'],
  70: ['SOFTWARE', 'bsd'],
  71: ['OSERR', 'bsd'],
  72: ['OSFILE', 'bsd'],
  73: ['CANTCREAT', 'bsd'],
  74: ['IOERR', 'bsd'],
  75: ['TEMPFAIL', 'bsd'],
  76: ['PROTOCOL', 'bsd'],
  77: ['NOPERM', 'bsd'],
  78: ['CONFIG', 'bsd'],
  200: ['CHDIR', 'systemd'],
  201: ['NICE', 'systemd'],
  202: ['FDS', 'systemd'],
  203: ['EXEC', 'systemd'],
  204: ['MEMORY', 'systemd'],
  205: ['LIMITS', 'systemd'],
  206: ['OOM_ADJUST', 'systemd'],
  207: ['SIGNAL_MASK', 'systemd'],
  208: ['STDIN', 'systemd'],
  209: ['STDOUT', 'systemd'],
  210: ['CHROOT', 'systemd'],
  211: ['IOPRIO', 'systemd'],
  212: ['TIMERSLACK', 'systemd'],
  213: ['SECUREBITS', 'systemd'],
  214: ['SETSCHEDULER', 'systemd'],
  215: ['CPUAFFINITY', 'systemd'],
  216: ['GROUP', 'systemd'],
  217: ['USER', 'systemd'],
  218: ['CAPABILITIES', 'systemd'],
  219: ['CGROUP', 'systemd'],
  220: ['SETSID', 'systemd'],
  221: ['CONFIRM', 'systemd'],
  222: ['STDERR', 'systemd'],
  224: ['PAM', 'systemd'],
  225: ['NETWORK', 'systemd'],
  226: ['NAMESPACE', 'systemd'],
  227: ['NO_NEW_PRIVILEGES', 'systemd'],
  228: ['SECCOMP', 'systemd'],
  229: ['SELINUX_CONTEXT', 'systemd'],
  230: ['PERSONALITY', 'systemd'],
  231: ['APPARMOR', 'systemd'],
  232: ['ADDRESS_FAMILIES', 'systemd'],
  233: ['RUNTIME_DIRECTORY', 'systemd'],
  235: ['CHOWN', 'systemd'],
  236: ['SMACK_PROCESS_LABEL', 'systemd'],
  237: ['KEYRING', 'systemd'],
  238: ['STATE_DIRECTORY', 'systemd'],
  239: ['CACHE_DIRECTORY', 'systemd'],
  240: ['LOGS_DIRECTORY', 'systemd'],
  241: ['CONFIGURATION_DIRECTORY', 'systemd'],
  242: ['NUMA_POLICY', 'systemd'],
  243: ['CREDENTIALS', 'systemd'],
  244: ['BPF', 'systemd'],
  255: ['EXCEPTION', 'systemd'],
};

/**
 * The name of an exit status. `systemctl status` asks only the glibc and systemd classes
 * (so 3 prints as plain "3"); the manager's journal lines use every class ("3/NOTIMPLEMENTED").
 */
export function exitStatusName(status: number, classes: readonly ExitStatusClass[] = ['glibc', 'lsb', 'bsd', 'systemd']): string | undefined {
  const entry = EXIT_STATUS_TABLE[status];
  return entry && classes.includes(entry[1]) ? entry[0] : undefined;
}

export const STATUS_VIEW_CLASSES: readonly ExitStatusClass[] = ['glibc', 'systemd'];

const SIGNALS = [
  '', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS',
];
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** Signal name without the SIG prefix, as systemd's signal_to_string. */
export function signalName(sig: number): string {
  if (sig > 0 && sig < SIGNALS.length) return SIGNALS[sig]!;
  if (sig === SIGRTMIN) return 'RTMIN';
  if (sig === SIGRTMAX) return 'RTMAX';
  if (sig > SIGRTMIN && sig < SIGRTMAX) return `RTMIN+${sig - SIGRTMIN}`;
  return String(sig);
}

export function signalNumber(name: string): number | undefined {
  const n = name.toUpperCase().replace(/^SIG/, '');
  const i = SIGNALS.indexOf(n);
  return i > 0 ? i : undefined;
}

/** "Clean" per systemd's is_clean_exit for daemons: exit 0, or HUP/INT/TERM/PIPE. */
export function isCleanExit(code: number, status: number): boolean {
  if (code === 1) return status === 0;
  if (code === 2) return [1, 2, 15, 13].includes(status);
  return false;
}

/** `code=exited, status=3` / `code=killed, signal=TERM` as in systemctl status. */
export function formatCodeStatus(code: number, status: number): string {
  const kind = exitCodeKind(code) ?? String(code);
  if (code === 1) {
    const name = exitStatusName(status, STATUS_VIEW_CLASSES);
    return `code=${kind}, status=${status}${name ? '/' + name : ''}`;
  }
  return `code=${kind}, signal=${signalName(status)}`;
}

/** The short LAST EXIT column: `0/SUCCESS`, `3`, `203/EXEC`, `SIGKILL`, `SIGSEGV (core)`, `-`. */
export function formatLastExit(code: number, status: number): string {
  if (code === 1) {
    const name = exitStatusName(status, STATUS_VIEW_CLASSES);
    return name ? `${status}/${name}` : String(status);
  }
  if (code === 2) return `SIG${signalName(status)}`;
  if (code === 3) return `SIG${signalName(status)} (core)`;
  return '-';
}

/** Prefix flags of an Exec* command line. */
export interface ExecFlags {
  ignoreFailure: boolean;
  privileged: boolean;
  noSetuid: boolean;
  ambient: boolean;
  noEnvExpand: boolean;
}

export interface ExecCommand {
  /** Property it came from, e.g. ExecStopPost. */
  property: string;
  path: string;
  argv: string[];
  flags: ExecFlags;
  startTimestampUs: bigint;
  startMonotonicUs: bigint;
  exitTimestampUs: bigint;
  exitMonotonicUs: bigint;
  pid: number;
  code: number;
  status: number;
}

export const EXEC_PROPERTIES = ['ExecCondition', 'ExecStartPre', 'ExecStart', 'ExecStartPost', 'ExecReload', 'ExecStop', 'ExecStopPost'] as const;

const NO_FLAGS: ExecFlags = { ignoreFailure: false, privileged: false, noSetuid: false, ambient: false, noEnvExpand: false };

/** Decodes one Exec* (a(sasbttttuii)) or Exec*Ex (a(sasasttttuii)) value. */
export function decodeExecCommands(property: string, value: unknown): ExecCommand[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry): ExecCommand => {
    const [path, argv, third, st, stm, et, etm, pid, code, status] = entry as [string, string[], boolean | string[], bigint, bigint, bigint, bigint, number, number, number];
    let flags: ExecFlags;
    if (Array.isArray(third)) {
      flags = {
        ignoreFailure: third.includes('ignore-failure'),
        privileged: third.includes('privileged'),
        noSetuid: third.includes('no-setuid'),
        ambient: third.includes('ambient'),
        noEnvExpand: third.includes('no-env-expand'),
      };
    } else flags = { ...NO_FLAGS, ignoreFailure: Boolean(third) };
    return {
      property: property.replace(/Ex$/, ''),
      path,
      argv,
      flags,
      startTimestampUs: BigInt(st),
      startMonotonicUs: BigInt(stm),
      exitTimestampUs: BigInt(et),
      exitMonotonicUs: BigInt(etm),
      pid,
      code,
      status,
    };
  });
}

/** The prefix string as it would be written in a unit file (e.g. "-+"), from Ex flags and argv. */
export function execPrefix(cmd: ExecCommand): string {
  let p = '';
  if (cmd.flags.ignoreFailure) p += '-';
  if (cmd.flags.privileged) p += '+';
  if (cmd.flags.ambient) p += '!!';
  else if (cmd.flags.noSetuid) p += '!';
  if (cmd.argv[0] !== undefined && cmd.argv[0] !== cmd.path) p += '@';
  if (cmd.flags.noEnvExpand) p += ':';
  return p;
}

/** The prefixes in words, for help texts and the handler wizard. */
export function describeExecFlags(cmd: ExecCommand): string[] {
  const words: string[] = [];
  if (cmd.flags.ignoreFailure) words.push('failure ignored (-)');
  if (cmd.flags.privileged) words.push('full privileges (+)');
  if (cmd.flags.ambient) words.push('elevated, ambient capabilities (!!)');
  else if (cmd.flags.noSetuid) words.push('elevated without user switch (!)');
  if (cmd.argv[0] !== undefined && cmd.argv[0] !== cmd.path) words.push(`argv[0] is "${cmd.argv[0]}" (@)`);
  if (cmd.flags.noEnvExpand) words.push('no environment expansion (:)');
  return words;
}

/** InvocationID (ay) as 32 hex digits; undefined for none (empty or all zero). */
export function invocationHex(v: unknown): string | undefined {
  if (typeof v === 'string') return /^[0-9a-f]{32}$/.test(v) ? v : undefined;
  if (v instanceof Uint8Array || Buffer.isBuffer(v)) {
    const hex = Buffer.from(v as Uint8Array).toString('hex');
    return /^0*$/.test(hex) ? undefined : hex;
  }
  return undefined;
}

// The one place for quoting: a word for a POSIX shell, and a command line for systemd's unit files
// (ExecStopPost=), where the rules are systemd's own — a value is split into words at spaces unless
// quoted, C escapes are undone, and % starts a specifier. Pure.

/** A POSIX shell word that stands for exactly this text (always quoted). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A POSIX shell word for exactly this text, left bare when nothing in it is special to a shell. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(text) ? text : shellQuote(text);
}

// systemd refuses an executable path with control characters, quotes or a backslash in it
// ("Executable name contains special characters", string_is_safe), and one that is not normalised.
const UNSAFE_FOR_SYSTEMD = /[\u0000-\u001f\u007f"'\\]/;

/**
 * Why systemd would not run this path as it is written (undefined when it would): what the user
 * is told before anything is written.
 */
export function execPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return `${path} is not an absolute path`;
  const bad = UNSAFE_FOR_SYSTEMD.exec(path);
  if (bad) {
    const c = bad[0];
    const what = c === '"' || c === "'" ? `a quote (${c})` : c === '\\' ? 'a backslash' : `a control character (\\x${c.charCodeAt(0).toString(16).padStart(2, '0')})`;
    return `${JSON.stringify(path)} contains ${what}, which systemd does not accept in the path of a command it runs; rename the file or use a link without it`;
  }
  if (path.split('/').some((part, i, all) => part === '.' || part === '..' || (part === '' && i > 0 && i < all.length - 1)) || (path.length > 1 && path.endsWith('/'))) {
    return `${path} is not a normalised path (no //, /./, /../ or trailing /)`;
  }
  if (Buffer.byteLength(path) >= 4096) return 'the path is longer than systemd accepts (4095 bytes)';
  return undefined;
}

/** One word of a unit-file command line: quoted, with systemd's C escapes and %% for a literal %. */
export function systemdWord(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

/**
 * The value of an Exec*= line that runs `path` with these arguments, exactly: quoted so that systemd
 * splits nothing, and with ":" (no environment expansion) when a word holds a $, so that what runs
 * is what D-Bus reports. `specifiers` are appended as they are (e.g. %n, expanded by systemd).
 */
export function systemdExecLine(prefix: string, path: string, args: string[] = [], specifiers: string[] = []): string {
  const noExpand = [path, ...args].some((w) => w.includes('$')) && !prefix.includes(':') ? ':' : '';
  return [`${prefix}${noExpand}${systemdWord(path)}`, ...args.map(systemdWord), ...specifiers].join(' ');
}

// Reads svctui's configuration file on this machine: $XDG_CONFIG_HOME/svctui/config.toml, else
// <home>/.config/svctui/config.toml with the home from the password database (as for the state
// folder: never a $HOME that sudo kept from another user). A missing file means the defaults.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { checkTrustedPathSync } from './safeFs.js';
import { userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { bindingsWith, DEFAULT_CONFIG, parseConfig, type Config } from '../../core/config.js';
import type { Binding } from '../../core/keymap.js';
import { BINDINGS } from '../../core/keymap.js';

export function configPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'svctui', 'config.toml');
  try {
    const home = userInfo().homedir;
    return home && isAbsolute(home) && home !== '/' ? join(home, '.config', 'svctui', 'config.toml') : undefined;
  } catch {
    return undefined;
  }
}

export interface LoadedConfig {
  config: Config;
  bindings: Binding[];
  /** The file read, if there was one. */
  file?: string;
  /** Why the file there was not used (the defaults are in force): to be said once. */
  refused?: string;
}

/** More than any configuration needs; a larger file is not read (a /dev/zero would never end). */
export const CONFIG_MAX_BYTES = 64 * 1024;

/**
 * The file's text, when it may configure svctui for this user: a regular file (never a FIFO or a
 * device, opened without waiting on one), not a link, yours or root's, not writable by group or
 * others, under folders only root or you can change, and small. Otherwise the reason, in words.
 */
function readTrusted(file: string): { text?: string; refused?: string; missing?: boolean } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    if (code === 'ELOOP') return { refused: `${file} is a symbolic link` };
    return { refused: `cannot read ${file}: ${(err as Error).message}` };
  }
  try {
    const st = fstatSync(fd);
    const uid = process.geteuid?.() ?? 0;
    if (!st.isFile()) return { refused: `${file} is not a regular file` };
    if (st.uid !== uid && st.uid !== 0) return { refused: `${file} belongs to uid ${st.uid}, not to you or root` };
    if (st.mode & 0o022) return { refused: `${file} can be changed by ${st.mode & 0o002 ? 'anyone' : 'its group'} (mode ${(st.mode & 0o7777).toString(8)}); chmod go-w it` };
    if (st.size > CONFIG_MAX_BYTES) return { refused: `${file} is larger than ${CONFIG_MAX_BYTES / 1024} KiB` };
    const trust = checkTrustedPathSync(file);
    if (trust.problems.length) return { refused: trust.problems.join('; ') };
    const buf = Buffer.alloc(CONFIG_MAX_BYTES + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > CONFIG_MAX_BYTES) return { refused: `${file} is larger than ${CONFIG_MAX_BYTES / 1024} KiB` };
    return { text: buf.subarray(0, n).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/**
 * The configuration, or a ConfigError listing every problem (line by line) so none is
 * half-applied. A file that may not configure svctui (see readTrusted) is not read at all: the
 * defaults are used, and `refused` says why.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const file = configPath(env);
  if (!file) return { config: DEFAULT_CONFIG, bindings: [...BINDINGS] };
  const read = readTrusted(file);
  if (read.missing) return { config: DEFAULT_CONFIG, bindings: [...BINDINGS] };
  if (read.text === undefined) return { config: DEFAULT_CONFIG, bindings: [...BINDINGS], refused: `config.toml not used (${read.refused}); the defaults are in force` };
  const text = read.text;
  const { config, errors } = parseConfig(text, file);
  const { bindings, conflicts } = bindingsWith(config.keys, file);
  if (errors.length || conflicts.length) throw new ConfigError([...errors, ...conflicts]);
  return { config, bindings, file };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

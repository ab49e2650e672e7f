// Reads svctui's configuration file on this machine: $XDG_CONFIG_HOME/svctui/config.toml, else
// <home>/.config/svctui/config.toml with the home from the password database (as for the state
// folder: never a $HOME that sudo kept from another user). A missing file means the defaults.
import { readFileSync } from 'node:fs';
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
}

/** The configuration, or a ConfigError listing every problem (line by line) so none is half-applied. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const file = configPath(env);
  let text: string;
  try {
    if (!file) throw Object.assign(new Error('no home'), { code: 'ENOENT' });
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { config: DEFAULT_CONFIG, bindings: [...BINDINGS] };
    throw new ConfigError([`cannot read ${file}: ${(err as Error).message}`]);
  }
  const { config, errors } = parseConfig(text, file!);
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

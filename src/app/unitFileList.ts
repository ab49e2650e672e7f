// systemctl list-unit-files: every unit file with its enablement and what the preset policy says
// of it. The files come from the manager (ListUnitFilesByPatterns); the preset policy is read from
// the manager's own host (systemctl -H reads the local machine's, which can be another's policy).
import { IGNORE_SINCE, parsePresetFile, presetDirs, presetFileOrder, presetFor, presetShown, presetWord, type PresetRule } from '../core/presets.js';
import type { Systemd } from './manager.js';
import { unitFileOrder } from '../core/names.js';

export interface UnitFileEntry {
  name: string;
  path: string;
  /** Enablement: enabled, disabled, static, masked, alias, … */
  state: string;
  /** The preset policy's word (enabled, disabled, ignored), or '' where systemctl shows none. */
  preset: string;
}

/** The preset rules of the manager's host, in the order they apply. */
export async function readPresetRules(systemd: Systemd): Promise<PresetRule[]> {
  const files = systemd.host.files;
  const dirs = presetDirs(systemd.scope);
  const listed = await Promise.all(dirs.map(async (dir) => ({ dir, names: await files.list(dir).catch(() => [] as string[]) })));
  const texts = await Promise.all(
    presetFileOrder(listed).map(async (path) => {
      // A file linked to /dev/null is masked: it shadows the name and says nothing.
      const target = await files.readlink(path).catch(() => undefined);
      if (target === '/dev/null') return '';
      return (await files.read(path).catch(() => undefined)) ?? '';
    }),
  );
  // An unknown version (0) reads as a new one: a rule it may not know is better than a missed one.
  const ignore = !systemd.versionNumber || systemd.versionNumber >= IGNORE_SINCE;
  return texts.flatMap((t) => parsePresetFile(t, { ignore }));
}

/** Unit files as systemctl list-unit-files lists them (states and globs as its --state and patterns). */
export async function listUnitFileEntries(systemd: Systemd, o: { states?: readonly string[]; patterns?: readonly string[]; types?: readonly string[] } = {}): Promise<UnitFileEntry[]> {
  const [files, rules] = await Promise.all([systemd.listUnitFilesByPatterns(o.states ?? [], o.patterns ?? []), readPresetRules(systemd)]);
  const types = o.types ?? [];
  return files
    .filter((f) => !types.length || types.includes(f.name.slice(f.name.lastIndexOf('.') + 1)))
    .map((f) => ({ name: f.name, path: f.path, state: f.state, preset: presetShown(f.state) ? presetWord(presetFor(rules, f.name)) : '' }))
    .sort(unitFileOrder);
}

// Reads what `systemctl list-dependencies` reads: the dependency properties of each unit the tree
// expands, and the state of each unit it lists (reading a unit that is not loaded loads it, as
// systemctl's reads do).
import type { Systemd } from './manager.js';
import { DEPENDENCY_PROPERTIES, dependencyLines, expands, sortDependencies, type DependencyKind, type DependencyLine } from '../core/model/dependencies.js';
import type { Glyphs } from '../core/model/statusView.js';

const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';

export interface DependencyTree {
  root: string;
  kind: DependencyKind;
  lines: DependencyLine[];
}

export async function readDependencyTree(systemd: Systemd, root: string, kind: DependencyKind, g: Glyphs, all = false): Promise<DependencyTree> {
  const deps = new Map<string, string[]>();
  const states = new Map<string, string>();
  const props = DEPENDENCY_PROPERTIES[kind];
  const depsOf = async (unit: string): Promise<string[]> => {
    const lists = await Promise.all(props.map((p) => systemd.unitProperty(unit, UNIT_IFACE, p).catch(() => [])));
    return sortDependencies(lists.flatMap((l) => (Array.isArray(l) ? l.map(String) : [])));
  };
  // Breadth first, a level at a time, each level's reads at once; a unit is read once however
  // often it appears.
  let level = [root];
  const seen = new Set<string>([root]);
  while (level.length) {
    const read = await Promise.all(level.map(async (u) => [u, await depsOf(u)] as const));
    const next: string[] = [];
    for (const [u, list] of read) {
      deps.set(u, list);
      for (const c of list) {
        if (seen.has(c)) continue;
        seen.add(c);
        if (expands(c, all)) next.push(c);
      }
    }
    const listed = read.flatMap(([, list]) => list).filter((c) => !states.has(c));
    await Promise.all([...new Set(listed)].map(async (c) => states.set(c, String(await systemd.unitProperty(c, UNIT_IFACE, 'ActiveState').catch(() => '')))));
    level = next;
  }
  return { root, kind, lines: dependencyLines(root, deps, states, g, all) };
}

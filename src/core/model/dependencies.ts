// A unit's dependency tree as `systemctl list-dependencies` draws it (pure): what it requires and
// wants (or, reversed, what requires and wants it; or what it is ordered after or before), targets
// expanded (every unit with "all"), a unit already on the path shown as "...".

import { activeStateGlyph, type Glyphs } from './statusView.js';
import type { Tone } from './styled.js';

export type DependencyKind = 'forward' | 'reverse' | 'after' | 'before';

/** The Unit properties each kind reads (systemctl's unit_get_dependencies). */
export const DEPENDENCY_PROPERTIES: Record<DependencyKind, readonly string[]> = {
  forward: ['Requires', 'Requisite', 'Wants', 'ConsistsOf', 'BindsTo', 'Upholds'],
  reverse: ['RequiredBy', 'RequisiteOf', 'WantedBy', 'PartOf', 'BoundBy', 'UpheldBy'],
  after: ['After'],
  before: ['Before'],
};

export const DEPENDENCY_TITLES: Record<DependencyKind, string> = {
  forward: 'what it requires and wants',
  reverse: 'what requires or wants it',
  after: 'what it is ordered after',
  before: 'what it is ordered before',
};

const isTarget = (u: string) => u.endsWith('.target');

/** systemctl's order among siblings: other units before targets, then by name ignoring case. */
export function sortDependencies(names: readonly string[]): string[] {
  const lower = (s: string) => s.toLowerCase();
  return [...new Set(names)].sort((a, b) => {
    if (isTarget(a) !== isTarget(b)) return isTarget(a) ? 1 : -1;
    const x = lower(a);
    const y = lower(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Which units the tree expands below a listed unit (all, or targets only). */
export const expands = (unit: string, all: boolean) => all || isTarget(unit);

export interface DependencyLine {
  /** The tree drawing before the circle ("│ ├─"), the circle, and the name. */
  prefix: string;
  glyph: string;
  unit: string;
  /** The unit's ActiveState, for its circle's colour; undefined on a "..." line. */
  state?: string;
}

/**
 * The lines below the root (which is printed alone on the first line). `deps` has the sorted
 * dependencies of every unit that is expanded, `states` the ActiveState of every unit listed.
 */
export function dependencyLines(root: string, deps: ReadonlyMap<string, readonly string[]>, states: ReadonlyMap<string, string>, g: Glyphs, all = false): DependencyLine[] {
  const out: DependencyLine[] = [];
  const path: string[] = [];
  const tree = (level: number, branches: number, last: boolean) => {
    let s = '';
    for (let i = level - 1; i >= 0; i--) s += branches & (1 << i) ? g.treeVertical : g.treeSpace;
    return s + (last ? g.treeRight : g.treeBranch);
  };
  const walk = (name: string, level: number, branches: number) => {
    path.push(name);
    const list = deps.get(name) ?? [];
    list.forEach((c, i) => {
      const last = i === list.length - 1;
      if (path.includes(c)) {
        // On the path already (a cycle): "...", drawn as systemctl 252 draws it.
        out.push({ prefix: `  ${tree(level, branches, true)}`, glyph: '', unit: '...' });
        return;
      }
      const state = states.get(c);
      out.push({ prefix: '', glyph: activeStateGlyph(state, g), unit: `${tree(level, branches, last)}${c}`, state });
      if (expands(c, all)) walk(c, level + 1, (branches << 1) | (last ? 0 : 1));
    });
    path.pop();
  };
  walk(root, 0, 0);
  return out;
}

/** The lines as text, as systemctl prints them (the root first). */
export function dependencyText(root: string, lines: readonly DependencyLine[]): string[] {
  return [root, ...lines.map((l) => (l.unit === '...' ? `${l.prefix}...` : `${l.glyph} ${l.unit}`))];
}

/** The circle's colour, as systemctl list-dependencies: up or on the way green, down plain, else red. */
export function dependencyTone(state: string | undefined): Tone | undefined {
  if (state === 'active' || state === 'reloading' || state === 'activating') return 'success';
  if (state === 'inactive' || state === 'deactivating') return undefined;
  return state === undefined ? undefined : 'danger';
}

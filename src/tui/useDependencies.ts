// The dependency tree of the selected unit (d): read when shown, again when the unit changes.
import { useEffect, useState } from 'react';
import type { LiveUnits } from '../app/live.js';
import { readDependencyTree, type DependencyTree } from '../app/dependencies.js';
import { DEPENDENCY_TITLES, dependencyTone, type DependencyKind } from '../core/model/dependencies.js';
import { glyphs } from '../core/model/statusView.js';
import { seg, type StyledLine } from '../core/model/styled.js';

export interface DependencyState {
  key?: string;
  tree?: DependencyTree;
  error?: string;
}

export function useDependencies(live: LiveUnits, unit: string | undefined, kind: DependencyKind | undefined, unicode: boolean, version: number): DependencyState {
  const key = unit && kind ? `${unit}\n${kind}` : undefined;
  const [state, setState] = useState<DependencyState>({});
  useEffect(() => {
    if (!unit || !kind) return;
    let gone = false;
    readDependencyTree(live.systemd, unit, kind, glyphs(unicode)).then(
      (tree) => !gone && setState({ key, tree }),
      (err: unknown) => !gone && setState({ key, error: (err as Error).message }),
    );
    return () => {
      gone = true;
    };
  }, [live, key, unicode, version]);
  return state.key === key ? state : { key };
}

export function dependencyPaneLines(unit: string | undefined, kind: DependencyKind, s: DependencyState): StyledLine[] {
  if (!unit) return [[seg('No unit selected.', 'muted')]];
  const head: StyledLine[] = [[seg(`${unit}: ${DEPENDENCY_TITLES[kind]}`, 'emphasis'), seg('  (d: the next direction, then back to the status)', 'muted')], [seg('')]];
  if (s.error) return [...head, [seg(`Cannot read the dependencies of ${unit}: ${s.error}`, 'danger')]];
  if (!s.tree) return [...head, [seg('Reading…', 'muted')]];
  if (!s.tree.lines.length) return [...head, [seg(unit)], [seg('  (none)', 'muted')]];
  return [...head, [seg(unit)], ...s.tree.lines.map((l): StyledLine => (l.unit === '...' ? [seg(`${l.prefix}...`, 'muted')] : [seg(l.glyph, dependencyTone(l.state)), seg(` ${l.unit}`)]))];
}

// The effective unit file of the selected unit (c): its fragment and drop-ins with their paths.
import { useEffect, useState } from 'react';
import type { UnitDetail } from '../app/unitDetail.js';
import { seg, type StyledLine } from '../core/model/styled.js';

export interface CatState {
  unit?: string;
  parts?: { path: string; text: string }[];
  error?: string;
}

export function useUnitCat(detail: UnitDetail, unit: string | undefined, unitVersion: number): CatState {
  const [state, setState] = useState<CatState>({});
  useEffect(() => {
    if (!unit) return;
    let cancelled = false;
    detail
      .files(unit)
      .then(
        (parts) => !cancelled && setState({ unit, parts }),
        (err: unknown) => !cancelled && setState({ unit, error: (err as Error).message }),
      );
    return () => {
      cancelled = true;
    };
  }, [detail, unit, unitVersion]);
  return state.unit === unit ? state : { unit };
}

export function catLines(unit: string | undefined, cat: CatState): StyledLine[] {
  if (!unit) return [[seg('No unit selected.', 'muted')]];
  if (cat.error) return [[seg(`Cannot read ${unit}: ${cat.error}`, 'danger')]];
  if (!cat.parts) return [[seg(`Reading ${unit}…`, 'muted')]];
  if (cat.parts.length === 0) return [[seg(`No files found for ${unit}.`, 'muted')]];
  const lines: StyledLine[] = [];
  cat.parts.forEach((p, i) => {
    if (i > 0) lines.push([seg('')]);
    lines.push([seg(`# ${p.path}`, 'accent')]);
    for (const l of p.text.replace(/\n$/, '').split('\n')) lines.push([seg(l, l.startsWith('#') || l.startsWith(';') ? 'muted' : l.startsWith('[') ? 'emphasis' : undefined)]);
  });
  return lines;
}

// What the detail pane reads of the selected unit besides its status: the effective unit file (c)
// and its properties (P), read again when the unit changes.
import { useEffect, useState } from 'react';
import type { UnitDetail } from '../app/unitDetail.js';
import { seg, type StyledLine } from '../core/model/styled.js';

export interface ReadState<T> {
  unit?: string;
  value?: T;
  error?: string;
}

/** One read of the unit (again at each new unitVersion); nothing while no unit is asked for. */
function useUnitRead<T>(unit: string | undefined, unitVersion: number, read: (unit: string) => Promise<T>, source: unknown): ReadState<T> {
  const [state, setState] = useState<ReadState<T>>({});
  useEffect(() => {
    if (!unit) return;
    let cancelled = false;
    read(unit).then(
      (value) => !cancelled && setState({ unit, value }),
      (err: unknown) => !cancelled && setState({ unit, error: (err as Error).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [source, unit, unitVersion]);
  return state.unit === unit ? state : { unit };
}

export type CatState = ReadState<{ path: string; text: string }[]>;
export type PropertiesState = ReadState<string[] | undefined>;

export function useUnitCat(detail: UnitDetail, unit: string | undefined, unitVersion: number): CatState {
  return useUnitRead(unit, unitVersion, (u) => detail.files(u), detail);
}

export function useUnitProperties(detail: UnitDetail, unit: string | undefined, unitVersion: number): PropertiesState {
  return useUnitRead(unit, unitVersion, (u) => detail.properties(u), detail);
}

function unread(unit: string | undefined, state: ReadState<unknown>, what: string): StyledLine[] | undefined {
  if (!unit) return [[seg('No unit selected.', 'muted')]];
  if (state.error) return [[seg(`Cannot read ${unit}: ${state.error}`, 'danger')]];
  if (!('value' in state)) return [[seg(`Reading ${what} of ${unit}…`, 'muted')]];
  return undefined;
}

export function catLines(unit: string | undefined, cat: CatState): StyledLine[] {
  const early = unread(unit, cat, 'the files');
  if (early) return early;
  const parts = cat.value ?? [];
  if (parts.length === 0) return [[seg(`No files found for ${unit}.`, 'muted')]];
  const lines: StyledLine[] = [];
  parts.forEach((p, i) => {
    if (i > 0) lines.push([seg('')]);
    lines.push([seg(`# ${p.path}`, 'accent')]);
    for (const l of p.text.replace(/\n$/, '').split('\n')) lines.push([seg(l, l.startsWith('#') || l.startsWith(';') ? 'muted' : l.startsWith('[') ? 'emphasis' : undefined)]);
  });
  return lines;
}

/** systemctl show's lines, the names in the accent tone (/ searches them, as the rest of the pane). */
export function propertyLines(unit: string | undefined, props: PropertiesState): StyledLine[] {
  const early = unread(unit, props, 'the properties');
  if (early) return early;
  if (!props.value) return [[seg(`systemd does not hold ${unit} now (it is not loaded), so it has no properties to show; systemctl show would load it.`, 'muted')]];
  return props.value.map((l) => {
    const eq = l.indexOf('=');
    return [seg(l.slice(0, eq + 1), 'accent'), seg(l.slice(eq + 1))];
  });
}

// The mouse (xterm SGR reports, mode 1006): what a report is, what it lands on, and what it does (pure).
import type { CommandId } from '../keymap.js';
import { runCommand, selectRow, type CommandContext, type UiState } from './ui.js';

export interface MouseEvent {
  /** left, middle, right; wheel-up and wheel-down for the wheel. */
  button: 'left' | 'middle' | 'right' | 'wheel-up' | 'wheel-down' | 'other';
  /** 1-based cell, as the terminal reports it. */
  x: number;
  y: number;
  /** A button let go (the report ends in "m"); a press or wheel step otherwise. */
  release: boolean;
  /** The pointer moved with a button down (a drag). */
  motion: boolean;
}

/** An SGR mouse report as Ink hands it over ("[<0;10;5M", its ESC taken off), or undefined. */
export function parseMouse(input: string): MouseEvent | undefined {
  const m = /^\x1b?\[<(\d+);(\d+);(\d+)([Mm])$/.exec(input);
  if (!m) return undefined;
  const code = Number(m[1]);
  const base = code & ~(4 | 8 | 16 | 32);
  const button = base === 0 ? 'left' : base === 1 ? 'middle' : base === 2 ? 'right' : base === 64 ? 'wheel-up' : base === 65 ? 'wheel-down' : 'other';
  return { button, x: Number(m[2]), y: Number(m[3]), release: m[4] === 'm', motion: (code & 32) !== 0 };
}

/** Where the parts of the screen are, in rows from 1 (see App's screenLayout). */
export interface ScreenGeometry {
  /** The list's first row (its column header) and how many rows it has (header included). */
  listTop: number;
  listRows: number;
  /** The first row of the list's window: which row index the first body line shows. */
  listStart: number;
  rowCount: number;
  detailTop: number;
  detailRows: number;
  /** The footer's row, and where each of its entries spans (columns from 1, end exclusive). */
  footerRow: number;
  footer: { from: number; to: number; command: string }[];
}

export type MouseTarget = { kind: 'row'; index: number } | { kind: 'list' } | { kind: 'detail' } | { kind: 'footer'; command: string } | { kind: 'none' };

export function mouseTarget(e: Pick<MouseEvent, 'x' | 'y'>, g: ScreenGeometry): MouseTarget {
  if (e.y === g.footerRow) {
    const hit = g.footer.find((f) => e.x >= f.from && e.x < f.to);
    return hit ? { kind: 'footer', command: hit.command } : { kind: 'none' };
  }
  if (g.listRows > 0 && e.y >= g.listTop && e.y < g.listTop + g.listRows) {
    const body = e.y - g.listTop - 1;
    if (body < 0) return { kind: 'list' };
    const index = g.listStart + body;
    return index < g.rowCount ? { kind: 'row', index } : { kind: 'list' };
  }
  if (g.detailRows > 0 && e.y >= g.detailTop && e.y < g.detailTop + g.detailRows) return { kind: 'detail' };
  return { kind: 'none' };
}

/** The footer's entries laid out as the Footer draws them ("j move  / filter  …"), in columns from 1. */
export function footerSpans(entries: readonly { keys: string; label: string; command: string }[]): ScreenGeometry['footer'] {
  const out: ScreenGeometry['footer'] = [];
  let x = 1;
  entries.forEach((e, i) => {
    if (i) x += 2;
    const width = e.keys.length + 1 + e.label.length;
    out.push({ from: x, to: x + width, command: e.command });
    x += width;
  });
  return out;
}

/**
 * What a mouse report does to the UI (pure): a left click on a row selects it (the list gets the
 * focus), in the detail pane gives the pane the focus, on a footer entry runs that entry's command;
 * the wheel moves the selection, or scrolls the pane, three lines a step. Presses only, in the list
 * and the detail pane (a dialog or the help screen takes no clicks).
 */
export function applyMouse(ui: UiState, m: MouseEvent, target: MouseTarget, ctx: CommandContext): { ui?: UiState; command?: CommandId } {
  if (m.release || m.motion || (ui.mode !== 'list' && ui.mode !== 'detail')) return {};
  const wheel = m.button === 'wheel-up' ? 'move-up' : m.button === 'wheel-down' ? 'move-down' : undefined;
  const steps = (u: UiState) => {
    for (let i = 0; i < 3; i++) u = runCommand(u, wheel!, ctx).ui;
    return u;
  };
  if (target.kind === 'footer') return m.button === 'left' ? { command: target.command as CommandId } : {};
  if (target.kind === 'row' || target.kind === 'list') {
    const inList: UiState = ui.mode === 'list' ? ui : { ...ui, focus: 'list', mode: 'list' };
    if (wheel) return { ui: steps(inList) };
    if (m.button === 'left' && target.kind === 'row') return { ui: selectRow(inList, ctx.rows, target.index) };
    return m.button === 'left' ? { ui: inList } : {};
  }
  if (target.kind === 'detail') {
    const inDetail: UiState = ui.mode === 'detail' ? ui : { ...ui, focus: 'detail', mode: 'detail' };
    if (wheel) return { ui: steps(inDetail) };
    return m.button === 'left' ? { ui: inDetail } : {};
  }
  return {};
}

// The mouse (xterm SGR reports, mode 1006): what a report is, and what it lands on (pure).

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

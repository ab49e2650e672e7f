// One table printer for every table svctui prints (units, runs, a handler's simulation, keys):
// columns as wide as their widest cell in terminal cells, the last one unpadded, an optional mark
// before each row, a header line, and the whole cut to a width.
import { cellWidth, padCells, truncateCells } from './cells.js';
import { seg, type StyledLine, type Tone } from './model/styled.js';

export interface Cell {
  text: string;
  tone?: Tone;
}

export const cell = (text: string, tone?: Tone): Cell => (tone ? { text, tone } : { text });

export interface TableOptions {
  /** Between columns (default one space). */
  gap?: string;
  /** Before each line (default none); a row's mark replaces it (e.g. "> " for the selected run). */
  indent?: string;
  marks?: (string | undefined)[];
  /** The header's tone (default emphasis); no header line when the headers are empty. */
  headerTone?: Tone;
  /** Lines are cut to this many cells (with "…"). */
  maxWidth?: number;
  /** At least this wide, per column (e.g. a vocabulary's widest word). */
  minWidths?: number[];
}

/** The table as styled lines: the header first. */
export function tableLines(headers: readonly string[], rows: readonly (readonly Cell[])[], o: TableOptions = {}): StyledLine[] {
  const gap = o.gap ?? ' ';
  const indent = o.indent ?? '';
  const widths = headers.map((h, i) => Math.max(cellWidth(h), o.minWidths?.[i] ?? 0, ...rows.map((r) => cellWidth(r[i]?.text ?? ''))));
  const last = headers.length - 1;
  const line = (cells: readonly Cell[], mark: string, headerTone?: Tone): StyledLine => {
    const out: StyledLine = [seg(mark)];
    cells.forEach((c, i) => {
      const text = (i === last ? c.text : padCells(c.text, widths[i]!)) + (i < last ? gap : '');
      out.push(seg(text, headerTone ?? c.tone));
    });
    return cut(trimEnd(out), o.maxWidth);
  };
  const head = headers.length && headers.some(Boolean) ? [line(headers.map((h) => cell(h)), indent, o.headerTone ?? 'emphasis')] : [];
  return [...head, ...rows.map((r, n) => line(r, o.marks?.[n] ?? indent))];
}

/** Plain text lines of a table (no tones). */
export function tableText(headers: readonly string[], rows: readonly (readonly string[])[], o: TableOptions = {}): string[] {
  return tableLines(headers, rows.map((r) => r.map((t) => cell(t))), o).map((l) => l.map((s) => s.text).join(''));
}

function trimEnd(line: StyledLine): StyledLine {
  const out = line.slice();
  while (out.length) {
    const lastSeg = out[out.length - 1]!;
    const trimmed = lastSeg.text.trimEnd();
    if (trimmed) {
      out[out.length - 1] = { ...lastSeg, text: trimmed };
      break;
    }
    out.pop();
  }
  return out;
}

/** Cuts a line to `width` cells, the cut marked with "…". */
export function cut(line: StyledLine, width: number | undefined): StyledLine {
  if (width === undefined || !Number.isFinite(width)) return line;
  const total = line.reduce((n, s) => n + cellWidth(s.text), 0);
  if (total <= width) return line;
  const out: StyledLine = [];
  let used = 0;
  for (const s of line) {
    const w = cellWidth(s.text);
    if (used + w < width) {
      out.push(s);
      used += w;
      continue;
    }
    out.push({ ...s, text: truncateCells(s.text + ' ', width - used) });
    break;
  }
  return out;
}

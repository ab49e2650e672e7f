// Text measured in terminal cells, not string length: a CJK character or an emoji takes two cells,
// a combining mark none. string-width is what Ink itself measures with, so the columns svctui pads
// line up with what Ink draws.
import stringWidth from 'string-width';

export const cellWidth = (text: string): number => stringWidth(text);

// Built when first needed: an Intl.Segmenter costs ~10 ms to make, and most text is ASCII.
let segmenterBuilt: Intl.Segmenter | undefined;
const graphemes = (text: string) => (segmenterBuilt ??= new Intl.Segmenter()).segment(text);

/** Cuts text to at most `width` cells, marking a cut with "…" (never half a wide character). */
export function truncateCells(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  const room = width - 1;
  for (const { segment } of graphemes(text)) {
    const w = cellWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

/** Pads text with spaces to `width` cells (text already that wide or wider is left as it is). */
export function padCells(text: string, width: number): string {
  const w = cellWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/** Pads or cuts text to exactly `width` cells. */
export function fitCells(text: string, width: number): string {
  return padCells(truncateCells(text, width), width);
}

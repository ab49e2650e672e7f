// Styled lines wrapped to a width in terminal cells, at word boundaries (a word longer than the
// width is cut where it must be). Pure.
import { cellWidth } from './cells.js';
import { seg, type StyledLine, type Tone } from './model/styled.js';

// Built when first needed: an Intl.Segmenter costs ~10 ms to make, and most text is ASCII.
let segmenterBuilt: Intl.Segmenter | undefined;
const graphemes = (text: string) => (segmenterBuilt ??= new Intl.Segmenter()).segment(text);

export function wrapWords(line: StyledLine, width: number): StyledLine[] {
  // Words with their tones: a word is a run of non-spaces, spaces are kept with the word before.
  const pieces: { text: string; tone?: Tone }[] = [];
  for (const s of line) for (const m of s.text.matchAll(/\S+\s*|\s+/g)) pieces.push({ text: m[0], tone: s.tone });
  const rows: StyledLine[] = [[]];
  let used = 0;
  const put = (text: string, tone?: Tone) => {
    rows[rows.length - 1]!.push(seg(text, tone));
    used += cellWidth(text);
  };
  const newRow = () => {
    rows.push([]);
    used = 0;
  };
  for (const p of pieces) {
    const word = p.text.trimEnd();
    const w = cellWidth(word);
    // (A word longer than a row starts where the row is: moving it down would only waste the rest.)
    if (used > 0 && used + w > width && w <= width) newRow();
    if (w <= width) {
      // The trailing spaces fit, or are dropped at the end of a row.
      const room = width - used;
      put(cellWidth(p.text) <= room ? p.text : word, p.tone);
      continue;
    }
    // A word longer than a row: cut it by characters.
    let chunk = '';
    for (const { segment } of graphemes(p.text)) {
      if (used + cellWidth(chunk + segment) > width) {
        put(chunk, p.tone);
        newRow();
        chunk = '';
      }
      chunk += segment;
    }
    if (chunk) put(chunk, p.tone);
  }
  return rows.map((r) => (r.length ? r : [seg('')]));
}

// The text a user edits, as `systemctl edit` lays it out (systemd 252's markers): the drop-in
// between two marker lines, the rest of the unit below as comments. Pure.

export const START_MARKER = '### Anything between here and the comment below will become the new contents of the file';
export const END_MARKER = '### Lines below this comment will be discarded';

export interface EditBufferInput {
  /** The file being edited. */
  target: string;
  /** Its current text ('' when it does not exist yet). */
  current: string;
  /** The rest of the effective unit (fragment and other drop-ins), each with its path. */
  others: { path: string; text: string }[];
}

export function buildDropInBuffer(i: EditBufferInput): string {
  const lines = [`### Editing ${i.target}`, START_MARKER, '', i.current.replace(/\n+$/, ''), '', END_MARKER];
  for (const o of i.others) {
    lines.push('', `### ${o.path}`);
    for (const l of o.text.replace(/\n+$/, '').split('\n')) lines.push(l ? `# ${l}` : '#');
  }
  return lines.join('\n') + '\n';
}

/**
 * The text between the markers, trimmed; '' means "remove the drop-in". Like systemctl edit, a
 * missing start marker means "from the top" and a missing end marker "to the end": text written
 * without the markers (a script's `tee`, `sed -i`, or --stdin) is taken whole.
 */
export function extractDropIn(buffer: string): string {
  const lines = buffer.split('\n');
  const found = lines.findIndex((l) => l.trim() === START_MARKER);
  const start = found < 0 ? -1 : found;
  const endFound = lines.findIndex((l, i) => i > start && l.trim() === END_MARKER);
  const end = endFound < 0 ? lines.length : endFound;
  const text = lines.slice(start + 1, end).join('\n').trim();
  return text ? text + '\n' : '';
}

/** A full edit keeps the whole file, with its trailing newline normalised. */
export function normaliseFullText(buffer: string): string {
  const text = buffer.replace(/\s+$/, '');
  return text ? text + '\n' : '';
}

/** A line-by-line difference ("-" removed, "+" added, " " kept), for before/after views. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  // Longest common subsequence; unit files are small.
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  while (i < n) out.push(`- ${a[i++]}`);
  while (j < m) out.push(`+ ${b[j++]}`);
  return out;
}

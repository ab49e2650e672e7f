// Text with meaning-named tones: the one currency between renderers (ANSI for commands, Ink for the
// TUI). Colours are picked per tone in one place (src/ui/theme.ts), so NO_COLOR is one switch.

/** `match`: a search hit in the detail pane. */
export type Tone = 'success' | 'danger' | 'warning' | 'muted' | 'accent' | 'emphasis' | 'match';

export interface Segment {
  text: string;
  tone?: Tone;
}

export type StyledLine = Segment[];

export function seg(text: string, tone?: Tone): Segment {
  return tone ? { text, tone } : { text };
}

/** The line with every occurrence of `needle` (any case) in the `match` tone, the rest as it was. */
export function highlight(line: StyledLine, needle: string): StyledLine {
  if (!needle) return line;
  const lower = needle.toLowerCase();
  const out: StyledLine = [];
  for (const s of line) {
    const text = s.text.toLowerCase();
    let at = 0;
    for (let i = text.indexOf(lower); i >= 0; i = text.indexOf(lower, at)) {
      if (i > at) out.push(seg(s.text.slice(at, i), s.tone));
      out.push(seg(s.text.slice(i, i + needle.length), 'match'));
      at = i + needle.length;
    }
    if (at === 0) out.push(s);
    else if (at < s.text.length) out.push(seg(s.text.slice(at), s.tone));
  }
  return out;
}

export function lineText(line: StyledLine): string {
  return line.map((s) => s.text).join('');
}

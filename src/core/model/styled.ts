// Text with meaning-named tones: the one currency between renderers (ANSI for commands, Ink for the
// TUI). Colours are picked per tone in one place (src/ui/theme.ts), so NO_COLOR is one switch.

export type Tone = 'success' | 'danger' | 'warning' | 'muted' | 'accent' | 'emphasis';

export interface Segment {
  text: string;
  tone?: Tone;
}

export type StyledLine = Segment[];

export function seg(text: string, tone?: Tone): Segment {
  return tone ? { text, tone } : { text };
}

export function lineText(line: StyledLine): string {
  return line.map((s) => s.text).join('');
}

// Semantic colours: every colour the program shows is picked here by meaning, so that NO_COLOR
// and TERM=dumb switch all of them off in one place.
import type { Tone } from './model/styled.js';

export interface ToneStyle {
  color?: 'green' | 'red' | 'yellow' | 'gray' | 'cyan' | 'blue' | 'magenta';
  bold?: boolean;
  dim?: boolean;
}

export const TONES: Record<Tone, ToneStyle> = {
  success: { color: 'green', bold: true },
  danger: { color: 'red', bold: true },
  warning: { color: 'yellow', bold: true },
  muted: { dim: true },
  accent: { color: 'cyan' },
  emphasis: { bold: true },
};

/** Colour is used only on a terminal, never with NO_COLOR (any value) or TERM=dumb. */
export function colorWanted(isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return Boolean(isTTY);
}

/**
 * Whether to draw Unicode glyphs (●, ×, └─) or ASCII stand-ins. Like systemd, an unset or C locale
 * counts as UTF-8 capable; a named locale must say UTF-8.
 */
export function unicodeWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  if (locale === '' || locale === 'C' || locale === 'POSIX') return true;
  return /utf-?8/i.test(locale);
}

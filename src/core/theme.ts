// Semantic colours: every colour the program shows is picked here by meaning, so that NO_COLOR
// and TERM=dumb switch all of them off in one place.
import type { Tone } from './model/styled.js';

export interface ToneStyle {
  color?: 'green' | 'red' | 'yellow' | 'gray' | 'cyan' | 'blue' | 'magenta';
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export type Palette = Record<Tone, ToneStyle>;

/** For dark backgrounds (the default). */
export const DARK: Palette = {
  success: { color: 'green', bold: true },
  danger: { color: 'red', bold: true },
  warning: { color: 'yellow', bold: true },
  muted: { dim: true },
  accent: { color: 'cyan' },
  emphasis: { bold: true },
  match: { inverse: true },
};

/** For light backgrounds: no yellow or cyan on white (unreadable); faint text stays legible. */
export const LIGHT: Palette = {
  success: { color: 'green' },
  danger: { color: 'red', bold: true },
  warning: { color: 'magenta', bold: true },
  muted: { color: 'gray' },
  accent: { color: 'blue' },
  emphasis: { bold: true },
  match: { inverse: true },
};

export const TONES = DARK;

/**
 * A terminal's answer to OSC 11 (its background colour), e.g. "\e]11;rgb:ffff/ffff/ffff\e\\":
 * light when its luminance is over half, dark below; undefined when it is no such answer.
 */
export function backgroundIsLight(answer: string): boolean | undefined {
  const m = /\]11;rgba?:([0-9a-f]{1,4})\/([0-9a-f]{1,4})\/([0-9a-f]{1,4})/i.exec(answer);
  if (!m) return undefined;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16) / (16 ** h.length - 1));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.5;
}

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

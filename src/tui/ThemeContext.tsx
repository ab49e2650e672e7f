// Whether this terminal gets colour and Unicode glyphs; components read it instead of the environment.
import { createContext, useContext } from 'react';
import { BINDINGS, type Binding } from '../core/keymap.js';
import { DARK, type Palette } from '../core/theme.js';

export interface TerminalTheme {
  color: boolean;
  unicode: boolean;
  /** The tones' colours: dark or light terminal (config.toml's theme). */
  palette?: Palette;
  /** The key bindings in force (the defaults, with config.toml's keys). */
  bindings?: readonly Binding[];
}

export const ThemeContext = createContext<TerminalTheme>({ color: true, unicode: true, palette: DARK, bindings: BINDINGS });

/** The bindings in force. */
export function useBindings(): readonly Binding[] {
  return useContext(ThemeContext).bindings ?? BINDINGS;
}

export function useTheme(): TerminalTheme {
  return useContext(ThemeContext);
}

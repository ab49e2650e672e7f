// Whether this terminal gets colour and Unicode glyphs; components read it instead of the environment.
import { createContext, useContext } from 'react';

export interface TerminalTheme {
  color: boolean;
  unicode: boolean;
}

export const ThemeContext = createContext<TerminalTheme>({ color: true, unicode: true });

export function useTheme(): TerminalTheme {
  return useContext(ThemeContext);
}

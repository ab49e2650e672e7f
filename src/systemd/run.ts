// Running systemd's own tools (journalctl, systemd-analyze). execa is loaded on first use: it is
// not needed for the first frame, and loading it costs start-up time.
import type { execa as Execa } from 'execa';

let loaded: Promise<typeof Execa> | undefined;

export const runTool: typeof Execa = ((...args: Parameters<typeof Execa>) => {
  loaded ??= import('execa').then((m) => m.execa);
  // execa's result is a promise with a subprocess attached; callers here only await it.
  return loaded.then((execa) => (execa as (...a: unknown[]) => unknown)(...args));
}) as unknown as typeof Execa;

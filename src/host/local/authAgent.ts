// polkit's text agent for this process (pkttyagent, as systemctl runs it): when polkit wants a
// password for an action, it asks on the terminal, then svctui carries on where it was.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AuthAgent } from '../bus.js';

const PKTTYAGENT = ['/usr/bin/pkttyagent', '/bin/pkttyagent'].find((p) => existsSync(p));

/**
 * An agent on the terminal, or undefined when there is none to ask (no terminal, no pkttyagent).
 * `handOver` gives it the terminal for the time of the question (the TUI suspends its screen).
 */
export function terminalAuthAgent(handOver: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn()): AuthAgent | undefined {
  if (!PKTTYAGENT || !process.stdin.isTTY) return undefined;
  return {
    run: <T>(call: () => Promise<T>) =>
      handOver(async () => {
        // A clean screen: what an earlier question left there (a failed attempt) would read as this one.
        process.stdout.write('\x1b[H\x1b[2J');
        // --process: the subject polkit asks about is this process (it sends the calls).
        const agent = spawn(PKTTYAGENT, ['--process', String(process.pid), '--notify-fd', '3', '--fallback'], { stdio: ['inherit', 'inherit', 'inherit', 'pipe'] });
        const exited = new Promise<void>((resolve) => agent.on('exit', () => resolve()));
        // It says on fd 3 when it is registered; until then polkit would find no one to ask.
        await Promise.race([new Promise<void>((resolve) => agent.stdio[3]?.once('data', () => resolve())), exited, new Promise((r) => setTimeout(r, 5000))]);
        try {
          return await call();
        } finally {
          // It may be waiting on the terminal still: TERM, and KILL if it does not go.
          agent.kill('SIGTERM');
          const killer = setTimeout(() => agent.kill('SIGKILL'), 1000);
          await exited;
          clearTimeout(killer);
          process.stdout.write('\n');
        }
      }),
  };
}

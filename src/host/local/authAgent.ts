// polkit's text agent for this process (pkttyagent, as systemctl runs it): when polkit wants a
// password for an action, it asks on the terminal, then svctui carries on where it was.
//
// The terminal is svctui's until the agent asks, and svctui's again after: nothing typed before
// the agent's prompt is echoed (a password typed early would show) and nothing typed meanwhile is
// left for the UI to read as keys; Ctrl-C cancels the question, not svctui.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readSync } from 'node:fs';
import { AGENT_CANCELLED, AGENT_FAILED, SystemdError, type AuthAgent } from '../bus.js';

const PKTTYAGENT = ['/usr/bin/pkttyagent', '/bin/pkttyagent'].find((p) => existsSync(p));

let asking = false;
/** When the last question closed (performance.now()). */
let closedAt = -Infinity;
/**
 * The Ctrl-C that cancels a question reaches the agent too, which then ends, and polkit's answer
 * can come before Node hands svctui the SIGINT: that SIGINT still belongs to the question. (The
 * UI's raw mode, back a moment later, makes Ctrl-C a key again, not a signal.)
 */
const LATE_SIGINT_MS = 1000;

/** Whether polkit's agent has the terminal now (a Ctrl-C then cancels the question, not svctui). */
export function polkitQuestionOpen(): boolean {
  return asking || performance.now() - closedAt < LATE_SIGINT_MS;
}

/** stty on the controlling terminal (svctui's stdin); the output when asked for (-g). */
function stty(args: string[]): string | undefined {
  const r = spawnSync('stty', args, { stdio: ['inherit', 'pipe', 'ignore'], encoding: 'utf8', timeout: 2000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Throws away what was typed and not read yet (keys meant for the agent must not become the UI's). */
function discardTypeAhead(): void {
  if (stty(['-icanon', 'min', '0', 'time', '0']) === undefined) return;
  let fd: number | undefined;
  try {
    fd = openSync('/dev/tty', constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const buf = Buffer.alloc(4096);
    for (let i = 0; i < 256 && readSync(fd, buf, 0, buf.length, null) > 0; i++);
  } catch {
    // nothing (more) to read
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Waits until the agent says it is registered (it closes --notify-fd), exits, or the time is up. */
function registration(agent: ReturnType<typeof spawn>, exited: Promise<void>, ms: number): Promise<'registered' | 'exited' | 'timeout'> {
  const fd3 = agent.stdio[3] as NodeJS.ReadableStream | null | undefined;
  const notified = new Promise<'registered'>((resolve) => {
    fd3?.on('data', () => resolve('registered'));
    fd3?.on('end', () => resolve('registered'));
    fd3?.on('close', () => resolve('registered'));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([notified, exited.then(() => 'exited' as const), timeout]).finally(() => clearTimeout(timer));
}

/**
 * An agent on the terminal, or undefined when there is none to ask (no terminal, no pkttyagent).
 * `handOver` gives it the terminal for the time of the question (the TUI suspends its screen).
 */
export function terminalAuthAgent(handOver: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn()): AuthAgent | undefined {
  if (!PKTTYAGENT || !process.stdin.isTTY) return undefined;
  return {
    run: <T>(call: () => Promise<T>) =>
      handOver(async () => {
        // Echo off at once (the screen was just given back in its normal mode: a key typed now
        // would show), then the normal line mode the agent reads a password in, still silent.
        process.stdin.setRawMode?.(true);
        stty(['brkint', 'icrnl', 'ixon', 'icanon', 'iexten', 'isig', '-echo']);
        // A clean screen with a word on it at once: what an earlier question left there would read as this one.
        process.stdout.write('\x1b[H\x1b[2J\x1b[?25hsvctui: asking polkit for authorization… (Ctrl-C cancels)\n');
        let cancelled = false;
        // --process: the subject polkit asks about is this process (it sends the calls).
        const agent = spawn(PKTTYAGENT, ['--process', String(process.pid), '--notify-fd', '3', '--fallback'], { stdio: ['inherit', 'inherit', 'pipe', 'pipe'] });
        let stderr = '';
        agent.stderr?.on('data', (d: Buffer) => {
          stderr += d.toString();
          process.stderr.write(d);
        });
        const exited = new Promise<void>((resolve) => agent.on('exit', () => resolve()));
        const onInterrupt = () => {
          cancelled = true;
          // The agent may sit in its password read through a TERM: polkit cancels the question
          // only when the agent is gone, so it goes, for certain, a moment later.
          agent.kill('SIGTERM');
          setTimeout(() => agent.exitCode === null && agent.signalCode === null && agent.kill('SIGKILL'), 500).unref();
        };
        process.on('SIGINT', onInterrupt);
        asking = true;
        try {
          const state = await registration(agent, exited, 10_000);
          if (state !== 'registered') {
            const why = stderr.trim().split('\n').pop() || (state === 'timeout' ? 'it did not register within 10 s' : 'it exited');
            throw new SystemdError('interactive-auth', `polkit's text agent could not ask for a password: ${why}.`, AGENT_FAILED);
          }
          const result = await call();
          return result;
        } catch (err) {
          if (cancelled) throw new SystemdError('access-denied', 'the question was cancelled (Ctrl-C)', AGENT_CANCELLED);
          throw err;
        } finally {
          asking = false;
          closedAt = performance.now();
          // It may be waiting on the terminal still: TERM, and KILL if it does not go.
          agent.kill('SIGTERM');
          const killer = setTimeout(() => agent.kill('SIGKILL'), 1000);
          await exited;
          clearTimeout(killer);
          process.off('SIGINT', onInterrupt);
          closedAt = performance.now();
          discardTypeAhead();
          // The normal mode with echo, as the screen was handed over (the UI sets its own mode
          // next). Through Node, so that its idea of the mode is right again: a raw-mode request
          // it thinks is already in force would be skipped.
          process.stdin.setRawMode?.(false);
          process.stdout.write('\n');
        }
      }),
  };
}

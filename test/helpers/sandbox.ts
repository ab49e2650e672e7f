// A sandbox per test file, torn down after the file's tests (also when they fail).
import { after, before } from 'node:test';
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/host/sandbox/sandbox.js';
import { waitFor } from './wait.js';

export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sb: Sandbox | undefined;
  before(async () => {
    sb = await startSandbox(options);
  });
  after(async () => {
    await sb?.stop();
  });
  return () => {
    if (!sb) throw new Error('the sandbox did not start');
    return sb;
  };
}

/** `systemctl --user show -p A,B --value`-like: the named properties of a unit. */
export async function showProps(sb: Sandbox, unit: string, props: string[]): Promise<Record<string, string>> {
  const r = await sb.systemctl(['show', unit, `--property=${props.join(',')}`]);
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export async function waitForState(sb: Sandbox, unit: string, expect: Record<string, string>, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      const p = await showProps(sb, unit, Object.keys(expect));
      return Object.entries(expect).every(([k, v]) => p[k] === v);
    },
    `${unit} to reach ${JSON.stringify(expect)}`,
    timeoutMs,
  );
}

let scratchState: string | undefined;

/** Where svctui keeps its state in tests: with the sandbox, never in the machine's $HOME. */
export function stateHome(sb: Sandbox | undefined): string {
  if (sb) return `${sb.root}/svctui-state`;
  scratchState ??= mkdtempSync(join(tmpdir(), 'svctui-test-state-'));
  return scratchState;
}

after(() => {
  if (scratchState) rmSync(scratchState, { recursive: true, force: true });
});

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;
export const SVCTUI_BIN = `${REPO_ROOT}bin/svctui`;

/** Runs the real built binary (npm run build first) against the sandbox's user manager. */
export async function svctui(sb: Sandbox | undefined, args: string[], env: Record<string, string> = {}, input?: string) {
  const target = sb ? ['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir] : [];
  const r = await execa(process.execPath, [SVCTUI_BIN, ...target, ...args], {
    reject: false,
    // svctui's run store goes with the sandbox, never to the machine's $HOME.
    env: { NO_COLOR: '1', XDG_STATE_HOME: stateHome(sb), ...env },
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    stripFinalNewline: false,
    timeout: 60_000,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

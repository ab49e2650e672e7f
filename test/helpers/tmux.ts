// The real binary in a real pseudo-terminal: a private tmux server per test file.
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { waitFor } from './wait.js';

/** Every terminal still open: closed after the file's tests, also when a test failed before its own close. */
const stillOpen = new Set<Terminal>();
// Only inside the test runner: `npm run bench` opens terminals with this helper too, and closes its own.
if (process.env.NODE_TEST_CONTEXT) {
  after(async () => {
    for (const t of [...stillOpen]) await t.close();
  });
}

export interface Terminal {
  capture(): Promise<string>;
  /** The screen with its colours (SGR sequences), as tmux keeps them. */
  captureStyled(): Promise<string>;
  /** A tmux command on this terminal's server (set-option, show-buffer…); its standard output. */
  tmux(...args: string[]): Promise<string>;
  send(...keys: string[]): Promise<void>;
  /** Types literal text (no key names), all at once as a fast typist or an SSH packet would. */
  type(text: string): Promise<void>;
  /** Pastes text as a terminal does (bracketed, when the program asked for it). */
  paste(text: string): Promise<void>;
  waitForScreen(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  /** tmux's own word on the pane (dead?, exit status), for failure messages. */
  paneInfo(): Promise<string>;
  /** Waits until the command in the pane has ended; its exit status and whether the alternate screen is still on. */
  waitForExit(timeoutMs?: number): Promise<{ status: number; alternateScreen: boolean; text: string }>;
  close(): Promise<void>;
}

let configHome: string | undefined;
/** A folder without svctui's config.toml, for the terminals that do not bring one. */
function emptyConfigHome(): string {
  configHome ??= mkdtempSync(join(tmpdir(), 'svctui-no-config-'));
  return configHome;
}
process.on('exit', () => {
  if (configHome) rmSync(configHome, { recursive: true, force: true });
});

export async function openTerminal(command: string, size: { columns: number; rows: number } = { columns: 120, rows: 40 }, env: Record<string, string> = {}): Promise<Terminal> {
  const socket = `svctui-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], { reject: false, stdin: 'ignore' });
  // svctui's own config.toml is the test's to give: none unless it says (never the machine's).
  if (env.XDG_CONFIG_HOME === undefined) env = { ...env, XDG_CONFIG_HOME: emptyConfigHome() };
  // tmux sets TERM in its panes itself: the environment is set on the command line instead.
  const prefix = Object.entries(env)
    .map(([k, v]) => `${k}='${v}'`)
    .join(' ');
  // The shell writes the command's exit status to a file (128+N for a signal): tmux's own pane
  // status is not always known when the pane closes.
  const statusFile = join(tmpdir(), `${socket}.status`);
  const line = `${prefix ? `export ${prefix}; ` : ''}${command}; echo $? > ${statusFile}`;
  const r = await tmux('new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows), line);
  if (r.exitCode !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  await tmux('set-option', '-t', 'main', 'remain-on-exit', 'on');
  const capture = async () => String((await tmux('capture-pane', '-p', '-t', 'main')).stdout);
  const terminal: Terminal = {
    capture,
    async captureStyled() {
      return String((await tmux('capture-pane', '-e', '-p', '-t', 'main')).stdout);
    },
    async tmux(...args) {
      return String((await tmux(...args)).stdout);
    },
    async send(...keys) {
      for (const k of keys) await tmux('send-keys', '-t', 'main', k);
    },
    async type(text) {
      await tmux('send-keys', '-t', 'main', '-l', '--', text);
    },
    async paste(text) {
      await tmux('set-buffer', '-b', 'svctui-test', '--', text);
      await tmux('paste-buffer', '-p', '-b', 'svctui-test', '-t', 'main');
    },
    async waitForScreen(predicate, what, timeoutMs = 15_000) {
      let last = '';
      try {
        return await waitFor(
          async () => {
            last = await capture();
            return predicate(last) ? last : undefined;
          },
          what,
          timeoutMs,
          50,
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- screen ---\n${last}`);
      }
    },
    async resize(columns, rows) {
      await tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
    },
    async paneInfo() {
      const r = await tmux('display-message', '-p', '-t', 'main', 'dead=#{pane_dead} status=#{pane_dead_status} alt=#{alternate_on} cursor=#{cursor_x},#{cursor_y}');
      const history = await tmux('capture-pane', '-p', '-S', '-100', '-t', 'main');
      return `${String(r.stdout)}${String(r.stderr)}\n${String(history.stdout).replace(/\n{3,}/g, '\n…\n')}`;
    },
    async waitForExit(timeoutMs = 15_000) {
      const status = await waitFor(
        () => {
          try {
            const text = readFileSync(statusFile, 'utf8').trim();
            return text ? Number(text) : undefined;
          } catch {
            return undefined;
          }
        },
        'the command in the terminal to end',
        timeoutMs,
      );
      const alt = String((await tmux('display-message', '-p', '-t', 'main', '#{alternate_on}')).stdout).trim();
      const text = String((await tmux('capture-pane', '-p', '-S', '-200', '-t', 'main')).stdout);
      return { status, alternateScreen: alt === '1', text };
    },
    async close() {
      stillOpen.delete(terminal);
      await tmux('kill-server');
      rmSync(statusFile, { force: true });
    },
  };
  stillOpen.add(terminal);
  return terminal;
}

/** The command line that runs the real svctui binary with these arguments. */
export function svctuiCommand(args: string[]): string {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return `${process.execPath} ${new URL('../../bin/svctui', import.meta.url).pathname} ${quoted}`;
}

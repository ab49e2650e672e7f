// Writes the README's sample screens from the demo as it is today (so they stay true):
//   npm run build && node --import tsx scripts/readme-screens.ts
// It runs the real binary's demo (needs root, as npm run demo) in a tmux terminal of the README's
// size, and `svctui --demo list`, and puts what they show between the README's screen markers.
// (test/unit/readme.test.ts checks that each sample is such a block.)
import { readFileSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { openTerminal, svctuiCommand } from '../test/helpers/tmux.js';

const file = new URL('../README.md', import.meta.url);
const bin = new URL('../bin/svctui', import.meta.url).pathname;

/** The marked block `name` replaced by a fenced sample: the command line, then what it showed. */
function replaceBlock(readme: string, name: string, command: string, text: string): string {
  const begin = `<!-- screen:${name} (generated from the demo by scripts/readme-screens.ts) -->`;
  const end = `<!-- screen:${name}:end -->`;
  const a = readme.indexOf(begin);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no screen:${name} markers`);
  return `${readme.slice(0, a + begin.length)}\n\`\`\`\n$ ${command}\n${text.replace(/\s+$/, '')}\n\`\`\`\n${readme.slice(b)}`;
}

async function tuiScreen(): Promise<string> {
  const term = await openTerminal(svctuiCommand(['--demo', 'demo-*']), { columns: 100, rows: 30 });
  try {
    // The demo's units have settled: the ones that fail have failed, the flaky one is in its loop.
    await term.waitForScreen((s) => / · live · /.test(s) && /demo-killed\.service +failed/.test(s) && /demo-coredump\.service +failed/.test(s), 'the demo, settled', 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    await term.send('j');
    await term.waitForScreen((s) => s.includes('── demo-coredump.service') && /Main PID: \d+/.test(s), 'the second unit and its status', 10_000);
    return (await term.capture()).replace(/[ \t]+$/gm, '');
  } finally {
    await term.send('q');
    await term.waitForExit(30_000).catch(() => undefined);
    await term.close();
  }
}

async function listText(): Promise<string> {
  const r = await execa(process.execPath, [bin, '--demo', 'list', 'demo-*'], { reject: false, env: { NO_COLOR: '1' } });
  if (r.exitCode !== 0) throw new Error(`svctui --demo list failed: ${r.stderr}`);
  return String(r.stdout);
}

let readme = readFileSync(file, 'utf8');
readme = replaceBlock(readme, 'tui', "npm run demo -- 'demo-*'       # svctui --demo, at 100x30 (j: the second unit)", await tuiScreen());
readme = replaceBlock(readme, 'list', "npx svctui --demo list 'demo-*'", await listText());
writeFileSync(file, readme);

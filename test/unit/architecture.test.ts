// The layers, checked: imports only point down (core ← host ← app ← tui ← cli), core touches no
// machine, and only the TUI knows about Ink and React.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const LAYERS = ['core', 'host', 'app', 'tui', 'cli'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

const layerOf = (file: string) => relative(SRC, file).split('/')[0]!;

/** Every import and dynamic import of a file, as written. */
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  return [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const files = sourceFiles(SRC);

test('every source file is in a layer', () => {
  assert.deepEqual(files.map(layerOf).filter((l) => !(LAYERS as readonly string[]).includes(l)), []);
});

/** Imports that point up a layer, for files given with their imports. */
function upward(list: { file: string; imports: string[] }[]): string[] {
  const wrong: string[] = [];
  for (const { file, imports } of list) {
    const from = LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);
    for (const spec of imports) {
      if (!spec.startsWith('.')) continue;
      const to = LAYERS.indexOf(layerOf(resolve(dirname(file), spec)) as (typeof LAYERS)[number]);
      if (to > from) wrong.push(`${relative(SRC, file)} imports ${spec} (${LAYERS[to]} is above ${LAYERS[from]})`);
    }
  }
  return wrong;
}

test('imports only point down: core ← host ← app ← tui ← cli', () => {
  assert.deepEqual(upward(files.map((file) => ({ file, imports: importsOf(file) }))), []);
});

test('core is pure: no file system, processes, network or bus', () => {
  const io = /^(node:)?(fs|fs\/promises|child_process|net|os|worker_threads|dgram|http|https|tls|readline)$|^(dbus-next|execa)$/;
  const wrong = files.filter((f) => layerOf(f) === 'core').flatMap((f) => importsOf(f).filter((s) => io.test(s)).map((s) => `${relative(SRC, f)} imports ${s}`));
  assert.deepEqual(wrong, []);
});

test('only the TUI uses Ink and React', () => {
  const wrong = files.filter((f) => layerOf(f) !== 'tui').flatMap((f) => importsOf(f).filter((s) => /^(ink|react)(\/|$)/.test(s)).map((s) => `${relative(SRC, f)} imports ${s}`));
  assert.deepEqual(wrong, []);
});

test('the layer check fails on an import that points up (it can fail)', () => {
  // A core file that imports the TUI, and a host file that imports the app, as the reader sees them.
  const core = join(SRC, 'core', 'bad.ts');
  const host = join(SRC, 'host', 'local', 'bad.ts');
  const planted = [
    { file: core, imports: importsOf(core, "import { App } from '../tui/App.js';\nconst x = await import('../cli/main.js');\n") },
    { file: host, imports: importsOf(host, "export { thing } from '../../app/manager.js';\nimport '../../core/names.js';\n") },
  ];
  assert.deepEqual(upward(planted), [
    'core/bad.ts imports ../tui/App.js (tui is above core)',
    'core/bad.ts imports ../cli/main.js (cli is above core)',
    'host/local/bad.ts imports ../../app/manager.js (app is above host)',
  ]);
});

// The scenario oracle's truth must owe nothing to svctui: systemd's own tools and what the oracle
// did. Its one use of svctui's code is the sandbox that runs a real systemd; what svctui says it
// learns from the binary (the command line, the TUI in tmux).
test('the oracle imports nothing of svctui but the sandbox (its truth is systemd\'s own)', () => {
  const ORACLE = resolve(SRC, '../test/oracle');
  const allowed = new Set([join(SRC, 'host', 'sandbox', 'sandbox.js')]);
  const wrong = readdirSync(ORACLE)
    .filter((n) => n.endsWith('.ts'))
    .flatMap((n) => importsOf(join(ORACLE, n)).map((spec) => ({ n, spec, to: resolve(ORACLE, spec) })))
    .filter(({ spec, to }) => spec.startsWith('.') && to.startsWith(SRC + '/') && !allowed.has(to))
    .map(({ n, spec }) => `test/oracle/${n} imports ${spec}`);
  assert.deepEqual(wrong, []);
  // (It can fail: the check reads the oracle's own imports.)
  assert.ok(importsOf(join(ORACLE, 'run.ts')).some((s) => s.endsWith('src/host/sandbox/sandbox.js')));
});

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
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const files = sourceFiles(SRC);

test('every source file is in a layer', () => {
  assert.deepEqual(files.map(layerOf).filter((l) => !(LAYERS as readonly string[]).includes(l)), []);
});

test('imports only point down: core ← host ← app ← tui ← cli', () => {
  const wrong: string[] = [];
  for (const file of files) {
    const from = LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const to = LAYERS.indexOf(layerOf(resolve(dirname(file), spec)) as (typeof LAYERS)[number]);
      if (to > from) wrong.push(`${relative(SRC, file)} imports ${spec} (${LAYERS[to]} is above ${LAYERS[from]})`);
    }
  }
  assert.deepEqual(wrong, []);
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

test('the layer check sees imports (it can fail)', () => {
  assert.deepEqual(importsOf(join(SRC, 'cli', 'main.ts')).filter((s) => s.startsWith('.')).length > 3, true);
});

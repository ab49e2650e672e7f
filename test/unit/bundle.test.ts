// The build's patch to string-width must not change a width: every glyph its fast path takes is
// one column for string-width itself. And every glyph svctui draws is in that list (else the first
// frame pays for warming up string-width's slow path).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import stringWidth from 'string-width';
// @ts-expect-error: a plain .mjs build script without type declarations
import { NARROW_GLYPHS } from '../../scripts/bundle.mjs';

const glyphs = [...(NARROW_GLYPHS as string)];

test('the fast-path glyphs are one column wide for string-width', () => {
  for (const g of glyphs) assert.equal(stringWidth(g), 1, `${g} (U+${g.codePointAt(0)!.toString(16)})`);
  assert.equal(stringWidth(`── a-unit.service ·… ${glyphs.join('')}`), 21 + glyphs.length);
});

test('every non-ASCII glyph in src/ is in the fast path', () => {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  const used = new Set<string>();
  for (const f of files(new URL('../../src', import.meta.url).pathname)) for (const c of readFileSync(f, 'utf8')) if (c.charCodeAt(0) > 0x7e) used.add(c);
  assert.deepEqual([...used].filter((c) => !glyphs.includes(c)), []);
});

test("the built UI starts without loading Node's fetch (yoga's WebAssembly read from its data: URL)", async () => {
  // The build patches yoga's loader: through fetch(), Node loads undici (~60–90 ms of every start).
  // Importing the UI chunk runs Ink's import of yoga, which instantiates the WebAssembly.
  const { execFileSync } = await import('node:child_process');
  const dist = join(import.meta.dirname, '../../dist/chunks');
  const tui = readdirSync(dist).find((f) => /^tui-.*\.mjs$/.test(f));
  assert.ok(tui, 'the build (npm run build) made the UI chunk');
  const script = `const ui = await import(${JSON.stringify(join(dist, tui))});
    process.stdout.write(JSON.stringify({ exports: Object.keys(ui).length, undici: process.moduleLoadList.filter((m) => m.includes('undici')) }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { exports: number; undici: string[] };
  assert.ok(out.exports > 0, 'the UI chunk loaded');
  assert.deepEqual(out.undici, []);
});

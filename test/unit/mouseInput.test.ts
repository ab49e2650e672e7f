// The keyboard filter under the TUI: mouse reports and the terminal's OSC 11 answer are taken out
// (also when a read cuts them), everything else passes byte for byte.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { stdinWithoutMouse } from '../../src/tui/mouse.js';

function harness() {
  const real = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
  Object.assign(real, { isTTY: true, setRawMode: () => real, ref: () => real, unref: () => real });
  const reports: string[] = [];
  const backgrounds: boolean[] = [];
  const f = stdinWithoutMouse((r) => reports.push(r), (l) => backgrounds.push(l), real);
  const passed: Buffer[] = [];
  f.stdin.on('data', (c: Buffer) => passed.push(c));
  const send = async (...chunks: (string | Buffer)[]) => {
    for (const c of chunks) {
      real.write(typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
      await new Promise((r) => setImmediate(r));
    }
  };
  return { f, reports, backgrounds, passed: () => Buffer.concat(passed).toString('utf8'), send };
}

test('reports out, keys through; a report cut in two is put together', async () => {
  const h = harness();
  await h.send('j\x1b[<0;10;5Mk', '\x1b[<65;3', ';4Mq');
  assert.deepEqual(h.reports, ['\x1b[<0;10;5M', '\x1b[<65;3;4M']);
  assert.equal(h.passed(), 'jkq');
  h.f.close();
});

test('UTF-8 split across reads passes whole, and Esc and arrow keys are untouched', async () => {
  const h = harness();
  const text = Buffer.from('ü€\x1b[A\x1b', 'utf8');
  await h.send(text.subarray(0, 1), text.subarray(1, 4), text.subarray(4));
  assert.equal(h.passed(), 'ü€\x1b[A\x1b');
  assert.deepEqual(h.reports, []);
  h.f.close();
});

test('the background answer (OSC 11, with BEL or ST, cut or whole) says light or dark', async () => {
  const h = harness();
  await h.send('\x1b]11;rgb:ffff/ffff/ffff\x07x', '\x1b]11;rgb:0000/', '0000/0000\x1b\\y');
  assert.deepEqual(h.backgrounds, [true, false]);
  assert.equal(h.passed(), 'xy');
  h.f.close();
});

// Builds the shipped svctui: ESM bundles, production React, dependencies included.
// (Per-file ESM loading and development React cost 100+ ms at start-up; see npm run bench.)
// The bench bundles its bare-Ink yardstick with the same options, for a fair comparison.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The non-ASCII glyphs svctui draws. All are one column wide for string-width (East Asian Width
 * narrow or ambiguous, no emoji; test/unit/bundle.test.ts checks it against string-width itself),
 * so its ASCII fast path may take them too: measuring the first such line otherwise costs ~30 ms
 * (grapheme segmenter and Unicode property regexes warming up) on the first frame.
 */
export const NARROW_GLYPHS = '·─…→←●▏└↓—×○├↻↑µ§│◆✓';

const ASCII_FAST_PATH = '/^[\\u0020-\\u007E]*$/';

/**
 * Built when first used, not when the module loads: the RGI_Emoji property-of-strings class takes
 * ~17 ms to build and an Intl.Segmenter ~11 ms, on every start (measured on Node 24) — a third of
 * `svctui status`'s own time, for text that is nearly always ASCII and never needs them.
 */
const STRING_WIDTH_LAZY = [
  ['const segmenter = new Intl.Segmenter();', 'let segmenterBuilt; const segmenter = { segment: (s) => (segmenterBuilt ??= new Intl.Segmenter()).segment(s) };'],
  ['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', "let rgiEmojiBuilt; const rgiEmojiRegex = { test: (s) => (rgiEmojiBuilt ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(s) };"],
];

const stringWidthFastPath = {
  name: 'string-width-fast-path',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      if (!source.includes(ASCII_FAST_PATH)) throw new Error(`string-width changed: its ASCII fast path ${ASCII_FAST_PATH} is gone; update scripts/bundle.mjs`);
      for (const [from, to] of STRING_WIDTH_LAZY) {
        if (!source.includes(from)) throw new Error(`string-width changed: "${from}" is gone; update scripts/bundle.mjs`);
        source = source.replace(from, () => to);
      }
      return { contents: source.replace(ASCII_FAST_PATH, `/^[\\u0020-\\u007E${NARROW_GLYPHS}]*$/`), loader: 'js' };
    });
  },
};

/**
 * Ink builds every frame in a new Output: each frame tokenizes every line's ANSI codes again, turns
 * each written text back into line strings, and fills a fresh grid of 4,800 blank cells (at 120x40)
 * before writing. Cells are never changed in place (a write replaces them), so: the caches (text to
 * parsed cells, now also text to line strings) carry over from one frame to the next (what a frame
 * uses again), and every blank cell is one shared object. Unchanged lines then cost next to nothing, and an
 * idle tick of the age clock makes little garbage.
 */
const INK_OUTPUT_EDITS = [
  ['caches = new OutputCaches();', 'caches = outputCaches();'],
  [
    `        const characterLines = [[]];
        for (const character of this.caches.getStyledChars(text)) {
            if (character.value === '\\n') {
                characterLines.push([]);
            }
            else {
                characterLines.at(-1).push(character);
            }
        }
        let lines = characterLines.map(line => styledCharsToString(line));`,
    `        let lines = this.caches.getLines(text);`,
  ],
  [
    `                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
    '                row.push(BLANK_CELL);',
  ],
  [
    `    getStringWidth(text) {`,
    `    lines = new Map();
    getLines(text) {
        let cached = this.lines.get(text);
        if (cached === undefined) {
            const characterLines = [[]];
            for (const character of this.getStyledChars(text)) {
                if (character.value === '\\n') {
                    characterLines.push([]);
                }
                else {
                    characterLines.at(-1).push(character);
                }
            }
            cached = characterLines.map(line => styledCharsToString(line));
            this.lines.set(text, cached);
        }
        return cached;
    }
    getStringWidth(text) {`,
  ],
];

const inkOutputReuse = {
  name: 'ink-output-reuse',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      for (const [from, to] of INK_OUTPUT_EDITS) {
        if (!source.includes(from)) throw new Error(`ink changed: output.js no longer has\n${from}\nupdate scripts/bundle.mjs`);
        source = source.replace(from, () => to);
      }
      const shared = `
const BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });
// Two generations: a frame's caches start empty and take from the previous frame's what they use
// again; what the frame before did not use goes with it. Unchanged lines are still parsed once, and
// the caches hold about two screens (a bounded cache of 1,000 lines held 100,000 parsed cells).
class GenerationMap extends Map {
  constructor(previous) {
    super();
    this.previous = previous;
  }
  get(key) {
    let value = super.get(key);
    if (value === undefined && this.previous) {
      value = Map.prototype.get.call(this.previous, key);
      if (value !== undefined) super.set(key, value);
    }
    return value;
  }
}
const CACHE_FIELDS = ['styledChars', 'widths', 'blockWidths', 'lines'];
let currentOutputCaches;
function outputCaches() {
  const next = new OutputCaches();
  for (const f of CACHE_FIELDS) next[f] = new GenerationMap(currentOutputCaches?.[f]);
  if (currentOutputCaches) for (const f of CACHE_FIELDS) currentOutputCaches[f].previous = undefined;
  currentOutputCaches = next;
  return next;
}
`;
      return { contents: source + shared, loader: 'js' };
    });
  },
};

/**
 * dbus-next loads xml2js (with xmlbuilder and sax) only to introspect remote objects through proxies
 * and to describe objects a program exports; svctui does neither (it sends plain messages, exports
 * nothing). A stand-in keeps ~150 KB of parsing out of the D-Bus worker's start. Were a peer to
 * introspect svctui's connection, it would get an empty node.
 */
const noXml2js = {
  name: 'no-xml2js',
  setup(b) {
    b.onResolve({ filter: /^xml2js$/ }, () => ({ path: 'xml2js', namespace: 'xml2js-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'xml2js-stub' }, () => ({
      contents: `module.exports = {
  Builder: class { buildObject() { return '<node/>'; } },
  Parser: class { parseString(_xml, done) { done(new Error('D-Bus introspection is not built into svctui')); } },
};`,
      loader: 'js',
    }));
  },
};

/**
 * dbus-next's handshake loads node:crypto at start (~7 ms) for the DBUS_COOKIE_SHA1 method, which
 * svctui never offers (EXTERNAL only): crypto is loaded if that code ever runs, not before.
 */
const CRYPTO_EAGER = "const crypto = require('crypto');";
/**
 * dbus-next writes each message with its own socket write (a syscall each): 1,000 pipelined calls
 * (a `list` of a busy manager) are 1,000 writes. Writes made in one turn of the event loop go out
 * together (cork, then uncork on the next tick): one writev.
 */
const WRITE_EACH = `        stream.write(data);
      }
    };`;
const WRITE_BATCHED = `        if (!stream.writableCorked) {
          stream.cork();
          process.nextTick(() => stream.uncork());
        }
        stream.write(data);
      }
    };`;

/**
 * dbus-next reads each message twice (a generic tree, then its JS form, parsing the signature and
 * turning 64-bit values into decimal strings on the way): svctui's reader
 * (src/host/dbus/readMessage.ts) reads once into the JS form, so the connection no longer converts.
 */
const READER_EXPORT = 'module.exports.unmarshalMessages = function messageParser (';
const TO_JS = 'message = new Message(messageToJsFmt(message));';
const READER_PATH = fileURLToPath(new URL('../src/host/dbus/readMessage.ts', import.meta.url));

/**
 * Ink's layout engine (yoga) carries its WebAssembly as a data: URL and reads it with fetch() when
 * the runtime has one: Node's fetch loads undici (with its crypto and zlib) for that, ~60–90 ms
 * of every TUI start on this machine, before the first frame. The same bytes are decoded from the
 * data: URL directly (yoga's own fallback, used where there is no fetch).
 */
const YOGA_FETCH = 'function ya(){return w||"function"!=typeof fetch?';
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(YOGA_FETCH)) throw new Error('yoga-layout changed: its wasm loader no longer reads as expected; update scripts/bundle.mjs');
      return { contents: source.replace(YOGA_FETCH, () => 'function ya(){return true?'), loader: 'js' };
    });
  },
};

const dbusNextEdits = {
  name: 'dbus-next-edits',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]dbus-next[\\/]lib[\\/]handshake\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(CRYPTO_EAGER)) throw new Error(`dbus-next changed: "${CRYPTO_EAGER}" is gone from handshake.js; update scripts/bundle.mjs`);
      return { contents: source.replace(CRYPTO_EAGER, () => "const crypto = { createHash: (...a) => require('crypto').createHash(...a), randomBytes: (...a) => require('crypto').randomBytes(...a) };"), loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]node_modules[\\/]dbus-next[\\/]lib[\\/]connection\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(WRITE_EACH)) throw new Error('dbus-next changed: its message write in connection.js is not as expected; update scripts/bundle.mjs');
      if (!source.includes(TO_JS)) throw new Error('dbus-next changed: its conversion of read messages in connection.js is not as expected; update scripts/bundle.mjs');
      return { contents: source.replace(WRITE_EACH, () => WRITE_BATCHED).replace(TO_JS, () => 'message = new Message(message);'), loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]node_modules[\\/]dbus-next[\\/]lib[\\/]message\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(READER_EXPORT)) throw new Error('dbus-next changed: unmarshalMessages is gone from message.js; update scripts/bundle.mjs');
      const ours = `module.exports.unmarshalMessages = require(${JSON.stringify(READER_PATH)}).unmarshalMessages((signature, value) => new (VariantClass ??= require('./variant').Variant)(signature, value));\nlet VariantClass;\n`;
      return { contents: source.replace(READER_EXPORT, () => 'const dbusNextReader = function messageParser (') + ours, loader: 'js' };
    });
  },
};

/** The commit being built, for --version (empty outside a git checkout). */
function buildCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return '';
  }
}

export function bundleOptions(entry, outfile) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    jsx: 'automatic',
    minifySyntax: true,
    sourcemap: 'linked',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"', 'process.env.SVCTUI_BUILD_COMMIT': JSON.stringify(buildCommit()) },
    // Optional modules never used here: dbus-next's X11 and abstract-socket paths.
    external: ['x11', 'usocket'],
    plugins: [
      stringWidthFastPath,
      dbusNextEdits,
      yogaWithoutFetch,
      inkOutputReuse,
      noXml2js,
      {
        // Ink imports the devtools module statically; it is only ever used with DEV=true.
        name: 'no-devtools',
        setup(b) {
          b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };', loader: 'js' }));
        },
      },
    ],
    // CommonJS dependencies (dbus-next) need require() inside an ES module.
    banner: { js: "import { createRequire as __svctuiCreateRequire } from 'node:module'; const require = __svctuiCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}

/**
 * svctui's build: the entry (svctui.mjs) and the D-Bus worker (bus-worker.mjs), split into chunks so
 * that start-up reads only what it runs: the UI (Ink, React) loads as the TUI starts, dbus-next
 * only in the worker or for a command, the sandbox only for --demo.
 */
export function appBuildOptions(outdir = 'dist') {
  const { entryPoints: _e, outfile: _o, ...common } = bundleOptions('', '');
  return {
    ...common,
    entryPoints: { svctui: 'src/cli/main.ts', 'bus-worker': 'src/host/dbus/worker.ts', 'bus-worker-start': 'src/host/dbus/workerStart.ts' },
    outdir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // (The single executable, npm run package's, stays: the bench compares it with this build.)
  for (const name of existsSync('dist') ? readdirSync('dist') : []) if (!name.startsWith('svctui-linux-') && name !== 'sea') rmSync(`dist/${name}`, { recursive: true, force: true });
  await build(appBuildOptions());
}

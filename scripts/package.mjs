// npm run package: svctui as one executable (dist/svctui-linux-<arch>) — Node's single executable
// application with an ES module entry (Node 25.7+), built with `node --build-sea` (25.5+). Two
// self-contained bundles: the program, and the D-Bus worker as an asset started from memory.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { bundleOptions } from './bundle.mjs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 26) {
  process.stderr.write(`npm run package needs Node.js 26 (single executables with an ES module entry); this is ${process.version}.\n`);
  process.exit(1);
}
/** The V8 flags bin/svctui's first line gives node (the executable runs with the same). */
function nodeFlags() {
  const first = readFileSync('bin/svctui', 'utf8').split('\n')[0];
  return (/^#!\/usr\/bin\/env -S node (.*)$/.exec(first)?.[1] ?? '').split(' ').filter(Boolean);
}

const dir = 'dist/sea';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
// In the executable, import.meta.url is no file to require() from: builtins only, from the executable's path.
const seaOptions = (entry, outfile) => {
  const o = bundleOptions(entry, outfile);
  return { ...o, sourcemap: false, banner: { js: "import { createRequire as __svctuiCreateRequire } from 'node:module'; const require = __svctuiCreateRequire(process.execPath);" } };
};
await build(seaOptions('src/cli/sea.ts', `${dir}/svctui.mjs`));
await build(seaOptions('src/host/dbus/worker.ts', `${dir}/bus-worker.mjs`));
const output = `dist/svctui-linux-${arch()}`;
writeFileSync(
  `${dir}/sea-config.json`,
  JSON.stringify({ main: `${dir}/svctui.mjs`, mainFormat: 'module', output, disableExperimentalSEAWarning: true, useCodeCache: true, execArgv: nodeFlags(), assets: { 'bus-worker.mjs': `${dir}/bus-worker.mjs` } }, null, 2),
);
execFileSync(process.execPath, ['--build-sea', `${dir}/sea-config.json`], { stdio: 'inherit' });
const sha = createHash('sha256').update(readFileSync(output)).digest('hex');
writeFileSync(`${output}.sha256`, `${sha}  ${output.replace(/^dist\//, '')}\n`);
process.stdout.write(`${output}: ${(statSync(output).size / 2 ** 20).toFixed(1)} MB, Node ${process.version}\nsha256 ${sha}\n`);

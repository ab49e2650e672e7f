// Builds the shipped svctui: one ESM file, production React, dependencies included.
// (Per-file ESM loading and development React cost 100+ ms at start-up; see npm run bench.)
// The bench bundles its bare-Ink yardstick with the same options, for a fair comparison.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

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
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"' },
    // Optional modules never used here: dbus-next's X11 and abstract-socket paths.
    external: ['x11', 'usocket'],
    plugins: [
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(bundleOptions('src/cli.tsx', 'dist/svctui.mjs'));
}

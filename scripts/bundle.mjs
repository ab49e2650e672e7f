// Builds the shipped svctui: one ESM file, production React, dependencies included.
// (Per-file ESM loading and development React cost 100+ ms at start-up; see npm run bench.)
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.tsx'],
  outfile: 'dist/svctui.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  jsx: 'automatic',
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"' },
  // Optional modules never used here: Ink's devtools (DEV=true only), dbus-next's X11 and abstract-socket paths.
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
});

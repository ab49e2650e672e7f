// Kept equal to package.json's version (a unit test checks it).
export const VERSION = '0.1.0';

/** The commit it was built from (set by the build: scripts/bundle.mjs, scripts/package.mjs); empty from the sources. */
export const BUILD_COMMIT: string = process.env.SVCTUI_BUILD_COMMIT ?? '';

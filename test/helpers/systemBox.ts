// A system-manager box per test file (torn down after its tests, also when they fail), and svctui
// run inside it — where the manager's files, journal and processes are — as root or a box user.
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { startSystemBox, type ExecOptions, type SystemBox, type SystemBoxOptions } from '../../src/host/sandbox/systemBox.js';
import { REPO_ROOT } from './sandbox.js';

export function useSystemBox(options: SystemBoxOptions = {}): () => SystemBox {
  let box: SystemBox | undefined;
  before(async () => {
    box = await startSystemBox(options);
    box.installSvctui(REPO_ROOT);
  });
  after(async () => {
    await box?.stop();
  });
  return () => {
    if (!box) throw new Error('the system box did not start');
    return box;
  };
}

/**
 * The fake editor, copied into the box by the box's own code: the checkout's path is not always
 * visible inside (the box mounts its own /tmp, and a clone may live there).
 */
export function boxEditor(box: SystemBox): string {
  const { node } = box.installSvctui(REPO_ROOT);
  return `${node} ${box.copyIn(`${REPO_ROOT}test/helpers/fake-editor.mjs`, '/opt/svctui-test/fake-editor.mjs', 0o644)}`;
}

/**
 * Every absolute path in what a test hands to a command in the box that exists here but not in
 * there: a test that passes the checkout's path would otherwise fail later with "module not found".
 */
export function pathsHiddenInBox(box: SystemBox, words: string[]): string[] {
  const paths = words.flatMap((w) => w.split(/[\s=:]+/)).filter((p) => p.startsWith('/') && p.length > 1);
  return [...new Set(paths)].filter((p) => existsSync(p) && !box.existsInside(p));
}

function checkVisible(box: SystemBox, argv: string[], o: ExecOptions): void {
  const hidden = pathsHiddenInBox(box, [...argv, ...Object.values(o.env ?? {})]);
  if (hidden.length) {
    throw new Error(`${hidden.join(', ')} exists on the host but not inside the system box (it mounts its own /tmp, /run and unit folder): copy it in with box.copyIn() and pass the box's path`);
  }
}

/** Runs the real svctui inside the box (as root, or as `user`). */
export async function svctuiInBox(box: SystemBox, args: string[], o: ExecOptions = {}) {
  const { node, bin } = box.installSvctui(REPO_ROOT);
  checkVisible(box, args, o);
  return box.exec([node, bin, ...args], { ...o, env: { NO_COLOR: '1', ...o.env } });
}

/** The shell command that runs svctui inside the box, for a terminal (tmux). */
export function svctuiInBoxCommand(box: SystemBox, args: string[], o: ExecOptions = {}): string {
  const { node, bin } = box.installSvctui(REPO_ROOT);
  checkVisible(box, args, o);
  return box
    .execArgv([node, bin, ...args], o)
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
}

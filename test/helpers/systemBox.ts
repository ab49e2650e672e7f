// A system-manager box per test file (torn down after its tests, also when they fail), and svctui
// run inside it — where the manager's files, journal and processes are — as root or a box user.
import { after, before } from 'node:test';
import { startSystemBox, type ExecOptions, type SystemBox } from '../../src/host/sandbox/systemBox.js';
import { REPO_ROOT } from './sandbox.js';

export function useSystemBox(options: { units?: Record<string, string> } = {}): () => SystemBox {
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

/** The fake editor, reachable from inside the box (the checkout is on the host's root). */
export const BOX_EDITOR = `/opt/svctui/node ${REPO_ROOT}test/helpers/fake-editor.mjs`;

/** Runs the real svctui inside the box (as root, or as `user`). */
export function svctuiInBox(box: SystemBox, args: string[], o: ExecOptions = {}) {
  const { node, bin } = box.installSvctui(REPO_ROOT);
  return box.exec([node, bin, ...args], { ...o, env: { NO_COLOR: '1', ...o.env } });
}

/** The shell command that runs svctui inside the box, for a terminal (tmux). */
export function svctuiInBoxCommand(box: SystemBox, args: string[], o: ExecOptions = {}): string {
  const { node, bin } = box.installSvctui(REPO_ROOT);
  return box
    .execArgv([node, bin, ...args], o)
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
}

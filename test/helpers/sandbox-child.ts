// A process that owns a sandbox (the user manager's, or with "system" the system manager's box)
// and then waits to be killed (for the teardown tests).
import { startSandbox } from '../../src/host/sandbox/sandbox.js';
import { startSystemBox } from '../../src/host/sandbox/systemBox.js';

try {
  if (process.argv[2] === 'system') {
    const box = await startSystemBox();
    process.stdout.write(JSON.stringify({ id: box.id, root: box.dir, managerPid: box.initPid, cgroupDirs: [`/sys/fs/cgroup/unified/${box.id}`] }) + '\n');
  } else {
    const sb = await startSandbox();
    process.stdout.write(JSON.stringify({ id: sb.id, root: sb.root, managerPid: sb.managerPid, journaldPid: sb.journaldPid, cgroupDirs: sb.cgroupDirs }) + '\n');
  }
  setInterval(() => undefined, 1 << 30);
} catch (err) {
  process.stdout.write(JSON.stringify({ error: (err as Error).message }) + '\n');
  process.exit(1);
}

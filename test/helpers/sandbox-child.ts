// A process that owns a sandbox and then waits to be killed (for the teardown tests).
import { startSandbox } from '../../src/sandbox/sandbox.js';

try {
  const sb = await startSandbox();
  process.stdout.write(
    JSON.stringify({ id: sb.id, root: sb.root, managerPid: sb.managerPid, journaldPid: sb.journaldPid, cgroupDirs: sb.cgroupDirs }) + '\n',
  );
  setInterval(() => undefined, 1 << 30);
} catch (err) {
  process.stdout.write(JSON.stringify({ error: (err as Error).message }) + '\n');
  process.exit(1);
}

// A bus carried by a program's standard input and output (ssh HOST systemd-stdio-bridge): dbus-next
// only connects to sockets, so the program is joined to a socket of our own, in a folder only this
// user can enter (another local user must never reach a bus svctui opened as root on a server), and
// the socket's name is removed once the one connection it takes is made.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { makePrivateTempDirSync } from '../local/safeFs.js';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';

export interface BridgedBus {
  /** A unix socket address for dbus-next. */
  address: string;
  /** What the program said on stderr (its last lines), for errors in words. */
  stderr(): string;
  /** Whether (and how) the program ended. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  close(): void;
}

export async function bridgeCommand(command: readonly string[], input?: string): Promise<BridgedBus> {
  const dir = makePrivateTempDirSync('svctui-bus-');
  const path = join(dir, 'bus');
  let child: ChildProcess | undefined;
  let socket: Socket | undefined;
  let stderr = '';
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const server = createServer((sock) => {
    // One connection: ours. Then nobody else can connect, even by name.
    server.close();
    removeDir();
    socket = sock;
    // stdin is the bus, never the terminal: keys stay with the UI.
    child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    child.on('error', (err) => {
      stderr += `\n${err.message}`;
      sock.destroy();
    });
    child.on('exit', (code, signal) => {
      ended = { code, signal };
      sock.destroy();
    });
    child.stdin!.on('error', () => sock.destroy());
    sock.on('error', () => child?.kill());
    sock.on('close', () => child?.kill());
    // (sudo -S reads its password line first, a byte at a time; the bus follows it.)
    if (input !== undefined) child.stdin!.write(input);
    sock.pipe(child.stdin!);
    child.stdout!.pipe(sock);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    address: `unix:path=${path}`,
    stderr: () => stderr.trim(),
    exit: () => ended,
    close: () => {
      server.close();
      removeDir();
      socket?.destroy();
      child?.kill();
    },
  };
}

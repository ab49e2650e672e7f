// A real sshd for the -H tests, on 127.0.0.1 only, with its own host key, a user key and a
// known_hosts file in a private temp folder; svctui reaches it through an `ssh` first in PATH that
// uses that folder's client config (the machine's ~/.ssh is never read or written). Stopped after
// the file's tests, also when they fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { execa } from 'execa';
import { waitFor } from './wait.js';

export interface Sshd {
  port: number;
  dir: string;
  /** root@127.0.0.1:PORT */
  destination: string;
  /** A folder to put first in PATH: its `ssh` uses this sshd's client config. */
  binDir: string;
  /** PATH with binDir first. */
  path: string;
  /** Every ssh command line svctui ran (the proof that it went over SSH). */
  log: string;
  /** Client configs for the failure cases: a known_hosts without the key, a key the server does not know. */
  variants: { unknownHostKey: string; wrongKey: string };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** An `ssh` that uses `config` (and nothing from ~/.ssh), and logs each command line it runs. */
function sshWrapper(binDir: string, config: string, log: string): void {
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, 'ssh'), `#!/bin/sh\nprintf '%s\\n' "$*" >> ${log}\nexec /usr/bin/ssh -F ${config} "$@"\n`, { mode: 0o755 });
}

export async function startSshd(options: { setEnvPath?: string } = {}): Promise<{ sshd: Sshd; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'svctui-sshd-'));
  const keygen = (file: string) => execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'svctui-test', '-f', file]);
  await Promise.all([keygen(join(dir, 'host_key')), keygen(join(dir, 'id')), keygen(join(dir, 'other_id'))]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id.pub')));
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  const port = await freePort();
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The keys live in a folder under /tmp (sticky, world-writable): sshd's path check would refuse.
      'StrictModes no',
      'LogLevel ERROR',
      ...(options.setEnvPath ? [`SetEnv PATH=${options.setEnvPath}`] : []),
      '',
    ].join('\n'),
  );
  const known = (withKey: boolean) => (withKey ? `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_key.pub'), 'utf8')}` : '');
  const clientConfig = (name: string, key: string, withHostKey: boolean) => {
    writeFileSync(join(dir, `known_hosts_${name}`), known(withHostKey));
    const file = join(dir, `ssh_config_${name}`);
    writeFileSync(
      file,
      ['Host *', `  IdentityFile ${key}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${join(dir, `known_hosts_${name}`)}`, '  GlobalKnownHostsFile /dev/null', '  LogLevel ERROR', ''].join('\n'),
    );
    return file;
  };
  const binDir = join(dir, 'bin');
  const log = join(dir, 'ssh.log');
  sshWrapper(binDir, clientConfig('good', join(dir, 'id'), true), log);
  const unknownHostKey = join(dir, 'bin-unknown');
  sshWrapper(unknownHostKey, clientConfig('unknown', join(dir, 'id'), false), log);
  const wrongKey = join(dir, 'bin-wrongkey');
  sshWrapper(wrongKey, clientConfig('wrongkey', join(dir, 'other_id'), true), log);
  // sshd needs its privilege-separation folder (Debian's service would create it).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const path = `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`sshd ended: ${stderr}`);
      const r = await execa('ssh', ['-o', 'BatchMode=yes', '-p', String(port), 'root@127.0.0.1', 'true'], { reject: false, env: { PATH: path } });
      return r.exitCode === 0;
    },
    'sshd answering',
    15_000,
  );
  return {
    sshd: { port, dir, destination: `root@127.0.0.1:${port}`, binDir, path, log, variants: { unknownHostKey, wrongKey } },
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An sshd for the test file: started before its tests, stopped after them. */
export function useSshd(options: { setEnvPath?: string } = {}): () => Sshd {
  let s: Awaited<ReturnType<typeof startSshd>> | undefined;
  before(async () => {
    s = await startSshd(options);
  });
  after(async () => {
    await s?.stop();
  });
  return () => {
    if (!s) throw new Error('sshd did not start');
    return s.sshd;
  };
}

/** A PATH folder with the tools a login shell needs, but no systemd-stdio-bridge. */
export function pathWithoutBridge(dir: string): string {
  const bin = join(dir, 'nobridge-bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['sh', 'bash', 'id', 'cat', 'hostname', 'uname', 'printf', 'env']) {
    try {
      symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    } catch {
      // already there, or not installed (then the shell's builtin serves)
    }
  }
  return bin;
}

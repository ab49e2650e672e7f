// Real ssh into a system box, as the fleet is reached: `ProxyCommand nsenter -t <box PID> -a sshd -i`
// starts a real sshd per connection inside the box's namespaces (nothing listens on a port). The
// keys, known_hosts and client config live in a private folder; `ssh` first in PATH uses them.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SystemBox } from '../../src/host/sandbox/systemBox.js';

export interface BoxSsh {
  /** The name svctui -H takes (an alias in the client config). */
  host: string;
  /** PATH with the ssh wrapper first. */
  path: string;
  dir: string;
  remove(): void;
}

/** Makes `host` reachable by ssh as root with a key, inside `box`. */
export async function sshIntoBox(box: SystemBox, host: string): Promise<BoxSsh> {
  return sshIntoBoxes([{ box, host }]);
}

/**
 * Makes each box reachable by ssh as root under its name (a fleet): one key, one host key, one
 * client config with a Host block per box. `unreachable` names get a ProxyCommand that fails,
 * `hanging` ones a ProxyCommand that never answers.
 */
export async function sshIntoBoxes(entries: { box: SystemBox; host: string }[], unreachable: string[] = [], hanging: string[] = []): Promise<BoxSsh & { hosts: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'svctui-boxssh-'));
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'svctui-test', '-f', file]);
  keygen(join(dir, 'id'));
  keygen(join(dir, 'host_key'));
  const blocks: string[] = [];
  const known: string[] = [];
  for (const { box, host } of entries) {
    const root = box.root;
    mkdirSync(join(root, 'root', '.ssh'), { recursive: true, mode: 0o700 });
    writeFileSync(join(root, 'root', '.ssh', 'authorized_keys'), readFileSync(join(dir, 'id.pub')), { mode: 0o600 });
    mkdirSync(join(root, 'etc', 'ssh', 'svctui-test'), { recursive: true });
    copyFileSync(join(dir, 'host_key'), join(root, 'etc', 'ssh', 'svctui-test', 'host_key'));
    chmodSync(join(root, 'etc', 'ssh', 'svctui-test', 'host_key'), 0o600);
    writeFileSync(
      join(root, 'etc', 'ssh', 'svctui-test', 'sshd_config'),
      'HostKey /etc/ssh/svctui-test/host_key\nPermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nLogLevel ERROR\n',
    );
    const r = await box.exec(['sh', '-c', 'mkdir -p /run/sshd && chmod 755 /run/sshd']);
    if (r.exitCode !== 0) throw new Error(`cannot prepare sshd in the box: ${r.stderr}`);
    known.push(`${host} ${readFileSync(join(dir, 'host_key.pub'), 'utf8').trim()}`);
    blocks.push(`Host ${host}`, `  ProxyCommand nsenter -t ${box.initPid} -a /usr/sbin/sshd -i -f /etc/ssh/svctui-test/sshd_config`);
  }
  // A host that cannot be reached: its proxy ends at once, as a dead network would.
  for (const host of unreachable) blocks.push(`Host ${host}`, '  ProxyCommand sh -c "echo ssh: connect to host %h port 22: No route to host >&2; exit 255"');
  // A host that hangs: its connection opens and then says nothing, ever (a wedged network or sshd).
  for (const host of hanging) blocks.push(`Host ${host}`, '  ProxyCommand sleep 3600');
  writeFileSync(join(dir, 'known_hosts'), known.join('\n') + '\n');
  const config = join(dir, 'ssh_config');
  writeFileSync(
    config,
    [
      ...blocks,
      'Host *',
      '  User root',
      `  IdentityFile ${join(dir, 'id')}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${config} "$@"\n`, { mode: 0o755 });
  return { host: entries[0]?.host ?? '', hosts: entries.map((e) => e.host), path: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

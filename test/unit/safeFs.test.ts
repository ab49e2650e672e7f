// Trusted paths, exact modes and no-follow reads (security issue, items 2, 3, 5, 9).
import assert from 'node:assert/strict';
import { chmodSync, chownSync, lchownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ensureDir, FileError, readOwnFile, writeFileAtomic } from '../../src/host/local/safeFs.js';
import { checkTrustedPath as checkOnHost, type TrustOptions } from '../../src/host/files.js';
import { localFiles } from '../../src/host/local/localHost.js';

/** The trust check on this machine, as root (the tests' user). */
const checkTrustedPath = (path: string, o?: TrustOptions) => checkOnHost(localFiles, 0, path, o);

const root = mkdtempSync(join(tmpdir(), 'svctui-safefs-'));
after(() => rmSync(root, { recursive: true, force: true }));
const OTHER = 48123;

test('a path is judged resolved, and so is every link on the way: its owner and its folder', async () => {
  const dir = join(root, 'ok');
  mkdirSync(dir, { mode: 0o755 });
  writeFileSync(join(dir, 'f'), 'x', { mode: 0o755 });
  symlinkSync(join(dir, 'f'), join(root, 'link'));
  assert.deepEqual((await checkTrustedPath(join(root, 'link'))), { resolved: join(dir, 'f'), problems: [], links: [{ path: join(root, 'link'), target: join(dir, 'f') }] });
  const theirs = join(root, 'theirs');
  mkdirSync(theirs, { mode: 0o755 });
  chownSync(theirs, OTHER, OTHER);
  writeFileSync(join(theirs, 'f'), 'x', { mode: 0o755 });
  const v = (await checkTrustedPath(join(theirs, 'f')));
  assert.deepEqual(v.problems, [`${theirs} belongs to uid ${OTHER}, who could change what is in it; it must belong to root`]);
  const open = join(root, 'open');
  mkdirSync(open);
  chmodSync(open, 0o777);
  writeFileSync(join(open, 'f'), 'x');
  assert.match((await checkTrustedPath(join(open, 'f'))).problems.join(), /lies under .*\/open, which anyone can write to \(mode 777\)/);
  assert.match((await checkTrustedPath('relative/path')).problems.join(), /is not an absolute path/);
});

test('a link another user owns, or one in a folder others can write, is refused even when its target is fine', async () => {
  const target = join(root, 'ok2');
  mkdirSync(target, { mode: 0o755 });
  writeFileSync(join(target, 'f'), 'x', { mode: 0o755 });
  const shared = join(root, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  // The attacker's link in a sticky, world-writable folder (as /srv/shared): root's file behind it.
  symlinkSync(join(target, 'f'), join(shared, 'stops.jsonl'));
  lchownSync(join(shared, 'stops.jsonl'), OTHER, OTHER);
  const theirs = await checkTrustedPath(join(shared, 'stops.jsonl'), { mayNotExist: true });
  assert.equal(theirs.resolved, join(target, 'f'));
  assert.deepEqual(theirs.problems, [
    `the symbolic link ${join(shared, 'stops.jsonl')} -> ${join(target, 'f')}: it belongs to uid ${OTHER}, who could point it elsewhere; it must belong to root`,
    `the symbolic link ${join(shared, 'stops.jsonl')} -> ${join(target, 'f')}: ${join(shared, 'stops.jsonl')} lies under ${shared}, which anyone can write to (mode 1777)`,
  ]);
  // Root's own link in a sticky folder cannot be replaced by others: fine.
  symlinkSync(join(target, 'f'), join(shared, 'mine'));
  assert.deepEqual((await checkTrustedPath(join(shared, 'mine'))).problems, []);
  // Root's link in a folder anyone may write to (not sticky) can be swapped.
  const open = join(root, 'open2');
  mkdirSync(open);
  chmodSync(open, 0o777);
  symlinkSync(join(target, 'f'), join(open, 'l'));
  assert.deepEqual((await checkTrustedPath(join(open, 'l'))).problems, [`the symbolic link ${join(open, 'l')} -> ${join(target, 'f')}: ${join(open, 'l')} lies under ${open}, which anyone can write to (mode 777)`]);
  // A link to a folder on the way counts too (relative targets resolved from the link's folder).
  symlinkSync('../ok2', join(open, 'dirlink'));
  assert.match((await checkTrustedPath(join(open, 'dirlink', 'f'))).problems.join(), /the symbolic link .*open2\/dirlink -> \.\.\/ok2: .* which anyone can write to/);
});

test('folders still to be made: the nearest one that exists is judged', async () => {
  const base = join(root, 'base');
  mkdirSync(base, { mode: 0o755 });
  assert.deepEqual((await checkTrustedPath(join(base, 'x', 'y'), { missingParents: true })).problems, []);
  const open = join(root, 'open3');
  mkdirSync(open);
  chmodSync(open, 0o1777);
  assert.match((await checkTrustedPath(join(open, 'x', 'y'), { missingParents: true })).problems.join(), /open3\/x does not exist yet and could be created first by another user in .*open3, which anyone can write to/);
});

test('a sticky folder is fine for an entry owned right; a missing file there is not (it could be planted)', async () => {
  const sticky = join(root, 'sticky');
  mkdirSync(sticky);
  chmodSync(sticky, 0o1777);
  writeFileSync(join(sticky, 'mine'), 'x', { mode: 0o644 });
  assert.deepEqual((await checkTrustedPath(join(sticky, 'mine'))).problems, []);
  const missing = (await checkTrustedPath(join(sticky, 'later.jsonl'), { mayNotExist: true }));
  assert.match(missing.problems.join(), /later\.jsonl does not exist yet and could be created first by another user in .*sticky, which anyone can write to \(mode 1777\)/);
  writeFileSync(join(sticky, 'theirs'), 'x');
  chownSync(join(sticky, 'theirs'), OTHER, OTHER);
  assert.match((await checkTrustedPath(join(sticky, 'theirs'))).problems.join(), /belongs to uid 48123/);
});

test('folders and files get exactly their modes, whatever the umask', async () => {
  const old = process.umask(0);
  try {
    const made = await ensureDir(join(root, 'a', 'b'), 0o755);
    assert.deepEqual(made, [join(root, 'a'), join(root, 'a', 'b')]);
    assert.equal(statSync(join(root, 'a', 'b')).mode & 0o777, 0o755);
    await writeFileAtomic(join(root, 'a', 'b', 'c.conf'), 'x', { mode: 0o644 });
    assert.equal(statSync(join(root, 'a', 'b', 'c.conf')).mode & 0o777, 0o644);
  } finally {
    process.umask(old);
  }
  process.umask(0o077);
  try {
    await writeFileAtomic(join(root, 'a', 'script.sh'), 'x', { mode: 0o755 });
    assert.equal(statSync(join(root, 'a', 'script.sh')).mode & 0o777, 0o755);
  } finally {
    process.umask(old);
  }
});

test('an atomic write replaces a planted symlink instead of writing through it', async () => {
  const victim = join(root, 'victim');
  writeFileSync(victim, 'secret');
  symlinkSync(victim, join(root, 'target'));
  await writeFileAtomic(join(root, 'target'), 'new');
  assert.equal(readFileSync(victim, 'utf8'), 'secret');
  assert.equal(readFileSync(join(root, 'target'), 'utf8'), 'new');
});

test('own files are read without following links, and only when they are ours', () => {
  writeFileSync(join(root, 'own'), 'mine');
  assert.equal(readOwnFile(join(root, 'own')), 'mine');
  assert.equal(readOwnFile(join(root, 'absent')), undefined);
  symlinkSync(join(root, 'own'), join(root, 'own-link'));
  assert.throws(() => readOwnFile(join(root, 'own-link')), FileError);
  writeFileSync(join(root, 'notmine'), 'x');
  chownSync(join(root, 'notmine'), OTHER, OTHER);
  assert.throws(() => readOwnFile(join(root, 'notmine')), /belongs to uid 48123, not to this user/);
});

// A remote host's files, through POSIX sh and coreutils on that host (no agent to install): one small
// script, sent with each operation, does what safeFs.ts does here — exact modes whatever the umask,
// a temp file made by mktemp (created exclusively, never through a planted link) renamed into place.
import { dirname, basename } from 'node:path/posix';
import { FileError, reasonOf } from '../files.js';
import type { FileStat, HostFiles, ToolOptions, ToolResult, WriteOptions } from '../host.js';

/** Exit status the script uses for "it does not exist". */
const MISSING = 44;

const SCRIPT = String.raw`
op=$1; shift
case $op in
read)
  [ -e "$1" ] || exit ${MISSING}
  exec cat -- "$1" ;;
lstat)
  [ -e "$1" ] || [ -L "$1" ] || exit ${MISSING}
  exec stat -c '%F|%u|%a' -- "$1" ;;
stat)
  [ -e "$1" ] || exit ${MISSING}
  exec stat -L -c '%F|%u|%a' -- "$1" ;;
readlink)
  [ -L "$1" ] || exit ${MISSING}
  exec readlink -- "$1" ;;
list)
  [ -d "$1" ] || exit 0
  exec find "$1" -mindepth 1 -maxdepth 1 -printf '%f\0' ;;
realpath)
  exec realpath -e -- "$1" ;;
canwrite)
  [ -w "$1" ] ;;
ensuredir)
  p=$1 mode=$2 missing=
  while [ ! -e "$p" ] && [ ! -L "$p" ]; do
    missing="$p
$missing"
    p=$(dirname -- "$p")
  done
  if [ -L "$p" ] || [ ! -d "$p" ]; then echo "$p: Not a directory" >&2; exit 20; fi
  printf '%s' "$missing" | while IFS= read -r d; do
    [ -n "$d" ] || continue
    mkdir -- "$d" 2>/dev/null || [ -d "$d" ] || mkdir -- "$d" || exit 1
    chmod "$mode" -- "$d" || exit 1
    printf '%s\n' "$d"
  done ;;
write)
  t=$(mktemp -- "$(dirname -- "$1")/.#$2.XXXXXXXXXX") || exit 1
  if cat > "$t" && chmod "$3" -- "$t" && { sync -- "$t" 2>/dev/null || true; } && mv -f -T -- "$t" "$1"; then exit 0; fi
  rm -f -- "$t"; exit 1 ;;
remove)
  exec rm -f -- "$1" ;;
removetree)
  exec rm -rf -- "$1" ;;
rmdir)
  rmdir -- "$1" 2>/dev/null; exit 0 ;;
tempdir)
  d=$TMPDIR; [ -n "$d" ] || d=/tmp
  exec mktemp -d -- "$d/$1XXXXXXXXXX" ;;
chmod)
  exec chmod "$2" -- "$1" ;;
*)
  echo "unknown operation $op" >&2; exit 2 ;;
esac
`;

/** coreutils' words for errno, back to a code (and so to the same words as here). */
const MESSAGES: [RegExp, string][] = [
  [/No such file or directory/, 'ENOENT'],
  [/Permission denied/, 'EACCES'],
  [/Operation not permitted/, 'EPERM'],
  [/No space left on device/, 'ENOSPC'],
  [/Disk quota exceeded/, 'EDQUOT'],
  [/Read-only file system/, 'EROFS'],
  [/Not a directory/, 'ENOTDIR'],
  [/Is a directory/, 'EISDIR'],
  [/File exists/, 'EEXIST'],
  [/File name too long/, 'ENAMETOOLONG'],
  [/Too many levels of symbolic links/, 'ELOOP'],
  [/Input\/output error/, 'EIO'],
];

type Run = (file: string, args: string[], options: ToolOptions) => Promise<ToolResult>;

export function sshFiles(run: Run, hostLabel: string): HostFiles {
  /** Runs one operation; a FileError in words when it fails (MISSING is left to the caller). */
  const op = async (action: string, path: string, args: string[], o: { input?: string; missingOk?: boolean } = {}): Promise<ToolResult> => {
    const r = await run('sh', ['-c', SCRIPT, 'svctui', ...args], { timeoutMs: 30_000, input: o.input });
    if (r.exitCode === 0 || (o.missingOk && r.exitCode === MISSING)) return r;
    if (r.exitCode === MISSING) throw new FileError(`cannot ${action} ${path} on ${hostLabel}: it does not exist`, 'ENOENT');
    const said = r.failure ?? (r.timedOut ? 'it did not answer within 30 s' : r.stderr.trim().split('\n').pop() || `exit status ${r.exitCode}`);
    const code = MESSAGES.find(([re]) => re.test(said))?.[1];
    const hint = code === 'EACCES' || code === 'EPERM' ? ` (connect as root, e.g. svctui -H root@…)` : '';
    throw new FileError(`cannot ${action} ${path} on ${hostLabel}: ${reasonOf(code) ?? said}${hint}`, code);
  };
  const parseStat = (out: string): FileStat => {
    const [kind = '', uid = '0', mode = '0'] = out.trim().split('|');
    const type = kind.startsWith('regular') ? 'file' : kind === 'directory' ? 'dir' : kind === 'symbolic link' ? 'symlink' : 'other';
    return { type, uid: Number(uid), mode: parseInt(mode, 8) & 0o7777 };
  };
  return {
    async read(path) {
      const r = await op('read', path, ['read', path], { missingOk: true });
      return r.exitCode === MISSING ? undefined : r.stdout;
    },
    async lstat(path) {
      const r = await op('look at', path, ['lstat', path], { missingOk: true });
      return r.exitCode === MISSING ? undefined : parseStat(r.stdout);
    },
    async stat(path) {
      const r = await op('look at', path, ['stat', path], { missingOk: true });
      return r.exitCode === MISSING ? undefined : parseStat(r.stdout);
    },
    async readlink(path) {
      const r = await op('read the link', path, ['readlink', path], { missingOk: true }).catch(() => undefined);
      return r && r.exitCode === 0 ? r.stdout.replace(/\n$/, '') : undefined;
    },
    async list(dir) {
      const r = await op('list', dir, ['list', dir]);
      return r.stdout.split('\0').filter(Boolean).sort();
    },
    async realpath(path) {
      return (await op('use', path, ['realpath', path])).stdout.replace(/\n$/, '');
    },
    async canWrite(dir) {
      const r = await run('sh', ['-c', SCRIPT, 'svctui', 'canwrite', dir], { timeoutMs: 30_000 });
      return r.exitCode === 0;
    },
    async ensureDir(path, mode) {
      const r = await op('create the folder', path, ['ensuredir', path, mode.toString(8)]);
      return r.stdout.split('\n').filter(Boolean);
    },
    async writeAtomic(path, text, options: WriteOptions = {}) {
      await this.ensureDir(dirname(path), options.dirMode ?? 0o755);
      // Room for the prefix and suffix within NAME_MAX (255 bytes).
      await op('write', path, ['write', path, basename(path).slice(0, 200), (options.mode ?? 0o644).toString(8)], { input: text });
    },
    async remove(path, options = {}) {
      await op('remove', path, [options.recursive ? 'removetree' : 'remove', path]);
    },
    async removeEmptyDir(path) {
      await op('remove', path, ['rmdir', path]).catch(() => undefined);
    },
    async makeTempDir(prefix) {
      return (await op('create a temporary folder for', prefix, ['tempdir', prefix])).stdout.trim();
    },
    async chmod(path, mode) {
      await op('set the mode of', path, ['chmod', path, mode.toString(8)]);
    },
  };
}

/**
 * Writes a fixed template in place, atomically: the new text goes to a temporary file beside it, with the
 * file's permissions (and, where allowed, its owner), which then replaces the file in one rename. A reader
 * sees the old file or the new one, never half of it; a failed write leaves the file as it was.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The file is no longer what was read: someone changed it while it was being fixed. */
export class ChangedMeanwhileError extends Error {
  readonly code = 'CHANGED';
  constructor() {
    super('it changed while it was being fixed; run again');
  }
}

export async function writeFileAtomically(target: string, text: string, expected: { readonly size: number; readonly mtimeMs: number }): Promise<void> {
  // Through a symbolic link, the file it points to is replaced and the link stays a link.
  const real = await fs.realpath(target);
  const stats = await fs.stat(real);
  if (stats.size !== expected.size || stats.mtimeMs !== expected.mtimeMs) throw new ChangedMeanwhileError();
  const mode = stats.mode & 0o7777;
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.sop-lens-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, text, { flag: 'wx', mode });
    await fs.chmod(temp, mode); // the umask may have narrowed it
    if (stats.uid !== process.getuid?.() || stats.gid !== process.getgid?.()) {
      // Only root may give a file to another owner; anyone else keeps the new file as their own.
      await fs.chown(temp, stats.uid, stats.gid).catch(() => undefined);
    }
    await fs.rename(temp, real);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

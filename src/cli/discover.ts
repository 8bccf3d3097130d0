/**
 * Finds the files to lint. Folders are walked recursively, in sorted order, for CloudFormation-looking
 * file names; dependency, build and dot folders are skipped. Symbolic links to files are followed; a link
 * to a folder is followed only when the folder is inside one of the paths given, so a link cannot widen
 * the walk (a link to `/` does not walk the disk), and a folder is never walked twice (so link loops end).
 * Nothing is skipped in silence: a folder that cannot be listed or a link that cannot be followed is a
 * failure the run reports (exit 2), and a FIFO, socket or device where a template could be is a note.
 */
import { promises as fsPromises, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { compareStrings } from './report';
import type { PathMatcher } from './glob';

export const TEMPLATE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.template'];

/** Never walked into: dependencies and build output of the usual IaC tools. Dot folders are skipped too. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', 'cdk.out']);

export interface DiscoveredFile {
  readonly absolutePath: string;
  /** Relative to the current directory, forward slashes. */
  readonly file: string;
  /** Named on the command line (as opposed to found in a folder). */
  readonly explicit: boolean;
}

/** What a walk could not look into: the run is incomplete. */
export interface DiscoveryFailure {
  readonly file: string;
  readonly error: string;
}

export interface Discovery {
  readonly files: readonly DiscoveredFile[];
  /** Folders that could not be listed, links that could not be followed. */
  readonly failures: readonly DiscoveryFailure[];
  /** What was left out on purpose and why, one line each (a FIFO, a link leading outside the paths given). */
  readonly notes: readonly string[];
}

export class MissingPathError extends Error {
  constructor(readonly path: string, readonly code: string) {
    super(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or folder: ${path}` : `cannot read ${path} (${describeCode(code)})`);
  }
}

/** The file system calls of the walk: node's, or a test's stand-in. */
export type WalkFs = Pick<typeof fsPromises, 'readdir' | 'realpath' | 'stat'>;

export interface DiscoverOptions {
  readonly cwd: string;
  readonly exclude?: PathMatcher;
  readonly fs?: WalkFs;
}

export function displayPath(cwd: string, absolutePath: string): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

export function isTemplateFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return TEMPLATE_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name);
}

/** What a file system object is, in words, when it is neither a file nor a folder. */
export function describeSpecial(stats: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string | undefined {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return undefined;
}

/** Throws `MissingPathError` for a path on the command line that does not exist or cannot be read. */
export async function discoverFiles(paths: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const { cwd } = options;
  const fs = options.fs ?? fsPromises;
  const excluded = options.exclude ?? (() => false);
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();
  const found: DiscoveredFile[] = [];
  const failures: DiscoveryFailure[] = [];
  const notes: string[] = [];

  const addFile = (absolutePath: string, identity: string, explicit: boolean): void => {
    if (seenFiles.has(identity)) return;
    seenFiles.add(identity);
    found.push({ absolutePath, file: displayPath(cwd, absolutePath), explicit });
  };
  const fail = (absolutePath: string, error: unknown, what: string): void => {
    failures.push({ file: displayPath(cwd, absolutePath), error: `${what} (${describeCode((error as NodeJS.ErrnoException).code ?? String(error))})` });
  };

  // Real paths of the folders given: a link to a folder is followed only into one of them.
  const roots: string[] = [];
  const inside = (real: string): boolean => roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));

  const walk = async (folder: string): Promise<void> => {
    let real: string;
    let entries: Dirent[];
    try {
      real = await fs.realpath(folder);
      if (seenFolders.has(real)) return;
      seenFolders.add(real);
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      // A folder removed while the walk runs held nothing to lint; any other failure leaves the run incomplete.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') fail(folder, error, 'cannot list this folder');
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const absolutePath = path.join(folder, entry.name);
      const shown = displayPath(cwd, absolutePath);
      if (excluded(shown)) continue;
      const template = isTemplateFileName(entry.name);
      if (entry.isSymbolicLink()) {
        let target: Stats;
        let targetReal: string;
        try {
          target = await fs.stat(absolutePath);
          targetReal = await fs.realpath(absolutePath);
        } catch (error) {
          // A link that leads nowhere (or in a circle) where a template could be: the run cannot say what it holds.
          if (template || (error as NodeJS.ErrnoException).code === 'ELOOP') fail(absolutePath, error, 'cannot follow this symbolic link');
          continue;
        }
        if (target.isDirectory()) {
          if (isSkippedFolder(entry.name)) continue;
          if (inside(targetReal)) await walk(absolutePath);
          else notes.push(`${shown} is a link to ${targetReal}, outside the paths given; not followed`);
        } else if (target.isFile()) {
          if (template) addFile(absolutePath, targetReal, false);
        } else if (template) {
          notes.push(`${shown} leads to ${describeSpecial(target) ?? 'neither a file nor a folder'}, not a file; skipped`);
        }
      } else if (entry.isDirectory()) {
        if (!isSkippedFolder(entry.name)) await walk(absolutePath);
      } else if (entry.isFile()) {
        if (template) addFile(absolutePath, path.join(real, entry.name), false);
      } else if (template) {
        notes.push(`${shown} is ${describeSpecial(entry) ?? 'not a regular file'}, not a file; skipped`);
      }
    }
  };

  const given: { absolutePath: string; stats: Stats; shown: string; name: string }[] = [];
  for (const name of paths) {
    const absolutePath = path.resolve(cwd, name);
    let stats: Stats;
    try {
      stats = await fs.stat(absolutePath);
      if (stats.isDirectory()) roots.push(await fs.realpath(absolutePath));
    } catch (error) {
      throw new MissingPathError(name, (error as NodeJS.ErrnoException).code ?? 'EIO');
    }
    given.push({ absolutePath, stats, shown: displayPath(cwd, absolutePath), name });
  }
  for (const { absolutePath, stats, shown, name } of given) {
    if (excluded(shown)) continue;
    if (stats.isDirectory()) {
      await walk(absolutePath);
    } else if (stats.isFile()) {
      let identity = absolutePath;
      try {
        identity = await fs.realpath(absolutePath);
      } catch {
        // keep the given path: reading it will report the problem
      }
      addFile(absolutePath, identity, true);
    } else {
      notes.push(`${name} is ${describeSpecial(stats) ?? 'not a regular file'}, not a file; skipped`);
    }
  }
  return { files: found.sort((a, b) => compareStrings(a.file, b.file)), failures: failures.sort((a, b) => compareStrings(a.file, b.file)), notes };
}

/** An error code as a user reads it: `EACCES (permission denied)`. */
export function describeCode(code: string): string {
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ELOOP: 'a loop of symbolic links',
    ENOENT: 'it does not exist',
    ENAMETOOLONG: 'the path is too long',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
    EFBIG: 'file too large',
    ENOSPC: 'no space left on the device',
    EROFS: 'read-only file system',
  };
  return words[code] ? `${code}: ${words[code]}` : code;
}

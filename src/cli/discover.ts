/**
 * Finds the files to lint. Folders are walked recursively, in sorted order, for CloudFormation-looking
 * file names; dependency, build and dot folders are skipped; symbolic links are followed, but a folder
 * is never walked twice (so link loops end) and a file is never linted twice.
 */
import { promises as fs, type Dirent } from 'node:fs';
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

export class MissingPathError extends Error {
  constructor(readonly path: string, readonly code: string) {
    super(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or folder: ${path}` : `cannot read ${path} (${code})`);
  }
}

export interface DiscoverOptions {
  readonly cwd: string;
  readonly exclude?: PathMatcher;
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

/** Throws `MissingPathError` for a path on the command line that does not exist. */
export async function discoverFiles(paths: readonly string[], options: DiscoverOptions): Promise<DiscoveredFile[]> {
  const { cwd } = options;
  const excluded = options.exclude ?? (() => false);
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();
  const found: DiscoveredFile[] = [];

  const addFile = (absolutePath: string, identity: string, explicit: boolean): void => {
    if (seenFiles.has(identity)) return;
    seenFiles.add(identity);
    found.push({ absolutePath, file: displayPath(cwd, absolutePath), explicit });
  };

  const walk = async (folder: string): Promise<void> => {
    let real: string;
    let entries: Dirent[];
    try {
      real = await fs.realpath(folder);
      if (seenFolders.has(real)) return;
      seenFolders.add(real);
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      // A folder that vanished or cannot be listed while walking: nothing to lint in it.
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const absolutePath = path.join(folder, entry.name);
      if (excluded(displayPath(cwd, absolutePath))) continue;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let identity = path.join(real, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(absolutePath);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
          if (isFile) identity = await fs.realpath(absolutePath);
        } catch {
          continue; // a dangling link
        }
      }
      if (isDirectory) {
        if (!isSkippedFolder(entry.name)) await walk(absolutePath);
      } else if (isFile && isTemplateFileName(entry.name)) {
        addFile(absolutePath, identity, false);
      }
    }
  };

  for (const given of paths) {
    const absolutePath = path.resolve(cwd, given);
    let stats;
    try {
      stats = await fs.stat(absolutePath);
    } catch (error) {
      throw new MissingPathError(given, (error as NodeJS.ErrnoException).code ?? 'EIO');
    }
    if (stats.isDirectory()) {
      if (!excluded(displayPath(cwd, absolutePath))) await walk(absolutePath);
    } else if (!excluded(displayPath(cwd, absolutePath))) {
      let identity = absolutePath;
      try {
        identity = await fs.realpath(absolutePath);
      } catch {
        // keep the given path: reading it will report the problem
      }
      addFile(absolutePath, identity, true);
    }
  }
  return found.sort((a, b) => compareStrings(a.file, b.file));
}

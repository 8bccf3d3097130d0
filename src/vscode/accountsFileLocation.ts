/**
 * Where a workspace folder's accounts file is, and whether SOP Lens may read it. A path the user's own
 * settings name is theirs to choose. A path from the workspace's settings, or the default, must stay
 * inside the folder: not absolute, not out through `..`, not out through a symbolic link. Otherwise a
 * cloned folder could make SOP Lens read (and show the lines of, in its diagnostics) any file of the
 * user's, such as ~/.aws/credentials.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AccountSettings } from './settings';

export type AccountsFileLocation =
  | { readonly folder: vscode.WorkspaceFolder; readonly uri: vscode.Uri; readonly refused?: undefined }
  | { readonly folder: vscode.WorkspaceFolder; readonly uri?: undefined; readonly refused: string };

/** The accounts file of `folder`, or why it is not read. */
export function locateAccountsFile(folder: vscode.WorkspaceFolder, settings: Pick<AccountSettings, 'file' | 'fileFrom'>): AccountsFileLocation {
  const { file, fileFrom } = settings;
  if (fileFrom === 'user') return { folder, uri: path.isAbsolute(file) ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder.uri, file) };
  const escape = escapeOf(folder, file);
  if (escape === undefined) return { folder, uri: vscode.Uri.joinPath(folder.uri, file) };
  const named = fileFrom === 'workspace' ? `sopLens.accounts.file (${file}) in the workspace settings` : `The accounts file ${file}`;
  return {
    folder,
    refused:
      `${named} ${escape}, and SOP Lens reads a workspace's accounts file only inside the workspace folder ${folder.name}. ` +
      `Move the file into ${folder.name}, or name it in your user settings (sopLens.accounts.file).`,
  };
}

/** How `file` leads out of `folder`, or undefined when it stays inside. */
function escapeOf(folder: vscode.WorkspaceFolder, file: string): string | undefined {
  if (path.isAbsolute(file) || path.win32.isAbsolute(file)) return 'is an absolute path';
  const root = folder.uri.scheme === 'file' ? folder.uri.fsPath : folder.uri.path;
  const target = path.resolve(root, file);
  if (!inside(root, target)) return 'leads out of the workspace folder through ..';
  // Links can only be followed on a local disk; other file systems are judged by the path alone.
  if (folder.uri.scheme !== 'file') return undefined;
  const real = realPathOf(target);
  const realRoot = realPathOf(root);
  return real !== undefined && realRoot !== undefined && !inside(realRoot, real) ? `leads out of the workspace folder through a symbolic link (to ${real})` : undefined;
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The real path of `target`, links resolved, also when it does not exist yet (the file before
 * "Create .sop/accounts.yaml"): its nearest existing ancestor's real path, with the rest appended. A
 * dangling link is followed too: writing through it would create its target.
 */
function realPathOf(target: string): string | undefined {
  const rest: string[] = [];
  let current = target;
  for (let steps = 0; steps < 64; steps++) {
    try {
      return path.join(fs.realpathSync.native(current), ...[...rest].reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
    }
    const link = danglingLink(current);
    if (link !== undefined) {
      current = path.resolve(path.dirname(current), link);
      continue;
    }
    if (path.dirname(current) === current) return undefined;
    rest.push(path.basename(current));
    current = path.dirname(current);
  }
  return undefined;
}

function danglingLink(file: string): string | undefined {
  try {
    return fs.lstatSync(file).isSymbolicLink() ? fs.readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

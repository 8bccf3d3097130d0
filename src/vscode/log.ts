import * as vscode from 'vscode';

/** The one log channel. Background problems go here at the right level; they never pop up or open the panel. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('SOP Lens', { log: true });
}

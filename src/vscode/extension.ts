/**
 * SOP Lens in VS Code: wires the core linter to the editor. Activation only connects providers and
 * listeners; every disposable goes onto `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { isSdkLoaded } from '../core/aws/clients';
import { SessionStore } from '../core/aws/session-store';
import { registerAccountsView, type AccountsFeatures } from './accounts';
import { SopCodeActionProvider, SUPPRESS_COMMAND } from './codeActions';
import { SHOW_FINDINGS_COMMAND, SopCodeLensProvider } from './codeLens';
import { SopDiagnostics } from './diagnostics';
import { WorkspaceEndpointTrust } from './endpointTrust';
import { TemplateLinter } from './linter';
import { createLog } from './log';
import { RuleDocs } from './ruleDocs';
import { reportScan, scanWorkspace } from './scanWorkspace';
import { registerSessionFeatures, type SessionFeatures } from './session';
import { affectsSettings, readAccountSettings, readSettings, type Settings } from './settings';
import { showFindings } from './showFindings';
import { suppressFinding } from './suppress';
import { pickRuleDocs } from './pickRule';

/** The public surface returned from `activate`, used by the integration tests. */
export interface SopLensApi {
  readonly linter: TemplateLinter;
  /** The Accounts view: its tree provider, results store and account source. */
  readonly accounts: AccountsFeatures;
  /** Sign-in, sessions, the status bar item. */
  readonly session: SessionFeatures;
  /** The answers about endpoints the workspace's settings name for credential-carrying calls. */
  readonly endpointTrust: WorkspaceEndpointTrust;
  /** Whether any AWS SDK module has been loaded (activation must leave it false until the first AWS call). */
  readonly isSdkLoaded: () => boolean;
  /** How long `activate` took, for the benchmark. */
  readonly activationMs: number;
}

const TEMPLATE_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { pattern: '**/*.template' },
];

export function activate(context: vscode.ExtensionContext): SopLensApi {
  const started = performance.now();
  const log = createLog();
  let settings: Settings = readSettings();
  const docs = new RuleDocs(context.extensionUri);
  const linter = new TemplateLinter(context.extensionPath, () => settings, log);
  const diagnostics = new SopDiagnostics(docs);
  const lenses = new SopCodeLensProvider(linter, () => settings);

  // The account browser. Nothing here reads a file or loads the AWS SDK: the view and the commands do, on demand.
  const sessions = new SessionStore();
  const endpointTrust = new WorkspaceEndpointTrust(context.workspaceState);
  const accountSettings = () => readAccountSettings(endpointTrust);
  const session = registerSessionFeatures(context, {
    log,
    sessions,
    accounts: async () => (await accounts.source.load()).accounts,
    settings: accountSettings,
  });
  const accounts = registerAccountsView(context, {
    log,
    sessions,
    settings: accountSettings,
    signIn: (account, signal, prompts) => session.ensureSession(account, { signal, prompts }),
  });

  context.subscriptions.push(
    log,
    linter,
    diagnostics,
    lenses,
    linter.onDidLint((lint) => {
      diagnostics.show(lint.uri, lint.snapshot);
      lenses.refresh();
    }),
    vscode.languages.registerCodeLensProvider(TEMPLATE_SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(TEMPLATE_SELECTOR, new SopCodeActionProvider(linter), SopCodeActionProvider.metadata),
    vscode.workspace.onDidOpenTextDocument((d) => linter.schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && settings.lintOn === 'type') linter.schedule(e.document, settings.debounceMs);
    }),
    vscode.workspace.onDidSaveTextDocument((d) => linter.schedule(d, 0)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      linter.forget(d.uri);
      diagnostics.clear(d.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsSettings(e)) return;
      settings = readSettings();
      log.info('Settings changed: re-linting open templates');
      diagnostics.clearAll();
      linter.relintAll();
      lenses.refresh();
    }),
    vscode.commands.registerCommand('sopLens.scanWorkspace', async () => {
      const summary = await scanWorkspace(linter, diagnostics, settings, log);
      void reportScan(summary);
      return summary;
    }),
    vscode.commands.registerCommand(SHOW_FINDINGS_COMMAND, (uri?: vscode.Uri, resource?: string) => showFindings(linter, docs, uri, resource)),
    vscode.commands.registerCommand(SUPPRESS_COMMAND, (uri: vscode.Uri, logicalId: string, ruleId: string, reason?: string) => suppressFinding(uri, logicalId, ruleId, reason)),
    vscode.commands.registerCommand('sopLens.showRuleDocs', (ruleId?: string) => (ruleId ? docs.open(ruleId) : pickRuleDocs(docs))),
    vscode.commands.registerCommand('sopLens.showLog', () => log.show()),
  );

  for (const document of vscode.workspace.textDocuments) linter.schedule(document, 0);
  const activationMs = performance.now() - started;
  log.info(`SOP Lens activated in ${activationMs.toFixed(1)} ms`);
  return { linter, accounts, session, endpointTrust, isSdkLoaded, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

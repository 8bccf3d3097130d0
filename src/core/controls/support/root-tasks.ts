/**
 * The tasks the SOP permits the root user (ACCT-001, "when to use root"): billing, AWS Organizations,
 * the root user's own security settings (password, MFA, access keys), and other rare tasks only root can
 * do. Signing in is neutral. Declared as data so the list can be read and extended.
 */

export interface RootEvent {
  readonly eventSource: string;
  readonly eventName: string;
  readonly readOnly?: boolean;
  readonly requestParameters?: Record<string, unknown> | null;
}

interface PermittedTask {
  readonly task: string;
  readonly matches: (e: RootEvent) => boolean;
}

const source = (...sources: string[]) => (e: RootEvent): boolean => sources.includes(e.eventSource);

/** IAM calls on the root user's own credentials carry no userName (a userName means an IAM user's). */
const ROOT_CREDENTIAL_CALLS = new Set([
  'ChangePassword', 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'ListAccessKeys', 'GetAccessKeyLastUsed',
  'CreateVirtualMFADevice', 'EnableMFADevice', 'DeactivateMFADevice', 'DeleteVirtualMFADevice', 'ResyncMFADevice', 'ListMFADevices', 'ListVirtualMFADevices',
  'GetAccountSummary', 'GetAccountPasswordPolicy', 'GetUser', 'ListSigningCertificates', 'ListServiceSpecificCredentials', 'ListSSHPublicKeys',
  'CreateServiceSpecificCredential', 'DeleteSigningCertificate', 'DeleteSSHPublicKey',
]);

/** Console pages load these read-only widgets for whoever signs in, root included. */
const CONSOLE_HOME_SOURCES = ['health.amazonaws.com', 'notifications.amazonaws.com', 'resource-explorer-2.amazonaws.com', 'servicecatalog-appregistry.amazonaws.com', 'uxc.amazonaws.com'];

const PERMITTED_ROOT_TASKS: readonly PermittedTask[] = [
  { task: 'sign-in', matches: source('signin.amazonaws.com') },
  {
    task: 'billing',
    matches: source(
      'billing.amazonaws.com', 'billingconsole.amazonaws.com', 'payments.amazonaws.com', 'ce.amazonaws.com', 'budgets.amazonaws.com',
      'cur.amazonaws.com', 'tax.amazonaws.com', 'invoicing.amazonaws.com', 'freetier.amazonaws.com', 'account.amazonaws.com',
      'purchase-orders.amazonaws.com', 'cost-optimization-hub.amazonaws.com', 'pricing.amazonaws.com',
    ),
  },
  { task: 'Organizations', matches: source('organizations.amazonaws.com') },
  {
    task: 'root security settings',
    matches: (e) => e.eventSource === 'iam.amazonaws.com' && ROOT_CREDENTIAL_CALLS.has(e.eventName) && !e.requestParameters?.userName,
  },
  { task: 'support plan', matches: source('supportplans.amazonaws.com') },
  { task: 'console home', matches: (e) => e.readOnly === true && CONSOLE_HOME_SOURCES.includes(e.eventSource) },
];

/** The permitted task an event belongs to, or undefined when root should not have done it. */
export function permittedTask(e: RootEvent): string | undefined {
  return PERMITTED_ROOT_TASKS.find((t) => t.matches(e))?.task;
}

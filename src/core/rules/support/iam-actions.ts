/**
 * What an IAM action grants, told from its name alone (no per-service catalogue is shipped).
 *
 * AWS gives every action one of five access levels: List, Read, Write, Permissions management and
 * Tagging (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html).
 * SOP Lens only needs to know whether an action is read-only (List or Read) or not. It decides that
 * conservatively by the action's verb: only verbs whose actions AWS classifies as List or Read across the
 * services count as read-only; every other verb, and any name it cannot read, counts as write.
 */

/**
 * Verbs whose actions are List or Read in the Service Authorization Reference. Left out on purpose,
 * because some of their actions are Write: Generate (kms:GenerateDataKey), Check
 * (license-manager:CheckInLicense), Test (elasticache:TestFailover), Verify (kms:Verify), Validate,
 * Export, Retrieve, Download, Detect, Receive.
 */
const READ_VERBS = ['get', 'list', 'describe', 'batchget', 'batchdescribe', 'search', 'lookup', 'query', 'scan', 'select', 'filter', 'view', 'simulate'];

/** Actions named with a read verb that AWS nevertheless classifies as Write or Permissions management. */
const NOT_READ = new Set([
  // Creates identities in an identity pool: "Permissions management".
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncognitoidentity.html
  'cognito-identity:getid',
]);

/**
 * Write actions that have no resource type in the Service Authorization Reference: AWS accepts them only
 * with `"Resource": "*"` ("If there is no value for this column, you must specify all resources ("*")"),
 * so a policy cannot scope them by ARN. Kept small: only actions commonly needed by workloads.
 */
const ONLY_ANY_RESOURCE = new Set([
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
  'xray:puttracesegments',
  'xray:puttelemetryrecords',
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
  // (scope it with the cloudwatch:namespace condition key instead)
  'cloudwatch:putmetricdata',
  // Log delivery for Step Functions, API Gateway and other vended logs:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
  // https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
  'logs:createlogdelivery',
  'logs:updatelogdelivery',
  'logs:deletelogdelivery',
  // A key does not exist before it is created:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
  'kms:createkey',
  // Scoped with the lambda:FunctionArn condition key instead:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
  'lambda:createeventsourcemapping',
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html
  'cloudformation:validatetemplate',
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscertificatemanager.html
  'acm:requestcertificate',
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html
  'route53:createhostedzone',
]);

/** `*` or `service:*`: every action, or every action of one service. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[^:*?]+:\*+$/.test(action);
}

/**
 * True when every action `action` names (it may hold `*` and `?` wildcards) is List or Read:
 * `s3:GetObject`, `ec2:Describe*`. False for `*`, `s3:*`, `s3:Put*`, `s3:G*`, `s3:*Object`, and for
 * anything not shaped like `service:Action`.
 */
export function isReadOnlyAction(action: string): boolean {
  const colon = action.indexOf(':');
  if (colon <= 0) return false;
  const service = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1).toLowerCase();
  if (!/^[a-z0-9-]+$/.test(service) || !/^[a-z0-9*?_-]+$/.test(name)) return false;
  // The literal part before any wildcard must already spell out a read verb.
  const literal = name.split(/[*?]/)[0];
  if (!READ_VERBS.some((verb) => literal.startsWith(verb))) return false;
  for (const exception of NOT_READ) if (actionMatches(`${service}:${name}`, exception)) return false;
  return true;
}

/** True for the write actions AWS only accepts on `"Resource": "*"` (see ONLY_ANY_RESOURCE). */
export function onlyAcceptsAnyResource(action: string): boolean {
  return ONLY_ANY_RESOURCE.has(action.toLowerCase());
}

/** IAM's matching of an action pattern (`*` any run, `?` one character; case-insensitive) against an action. */
export function actionMatches(pattern: string, action: string): boolean {
  const lower = pattern.toLowerCase();
  if (!lower.includes('*') && !lower.includes('?')) return lower === action.toLowerCase();
  let regex = PATTERNS.get(lower);
  if (!regex) {
    // The identity rules ask about the same few patterns for every statement: compile each once.
    if (PATTERNS.size >= MAX_PATTERNS) PATTERNS.clear();
    const source = lower
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    PATTERNS.set(lower, (regex = new RegExp(`^${source}$`)));
  }
  return regex.test(action.toLowerCase());
}

const PATTERNS = new Map<string, RegExp>();
const MAX_PATTERNS = 1000;

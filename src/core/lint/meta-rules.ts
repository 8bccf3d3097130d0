/** Findings about the file itself rather than an SOP control: they have ids and documentation too. */
export interface MetaRule {
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

export const META_RULES: readonly MetaRule[] = [
  { id: 'parse-error', title: 'The template does not parse', description: 'The file looks like a CloudFormation template but is not valid YAML or JSON, or is not shaped like a template (several YAML documents, no Resources map). Nothing else is checked until it parses: fix the error at the position shown.' },
  { id: 'duplicate-key', title: 'A key appears twice in the same map', description: 'YAML parsers and CloudFormation keep only one of two equal keys, so one of the values is silently lost. Remove or rename one of them.' },
  { id: 'parse-limit', title: 'Part of the template is beyond the analysis limits', description: 'Nesting deeper than 200 levels, or more than 1,000 YAML aliases, is not analysed, to keep the editor responsive on hostile input. Findings in that part are not reported, so the file is an error until it is within the limits.' },
  { id: 'null-value', title: 'A value is left empty', description: 'A key written with no value (`MfaConfiguration:`), `null` or `~`, or an empty list item: CloudFormation rejects a template holding a null value. Give it a value or remove it. Until then every rule treats the property as not set. It cannot be suppressed: the template would not deploy.' },
  { id: 'invalid-policy-json', title: 'A policy document written as a string is not JSON', description: 'CloudFormation accepts a policy document as a map or as a string of JSON (a literal or a `Fn::Sub`); this string does not parse as JSON, so the stack would fail. The finding points where the JSON goes wrong when the string\'s positions can be kept, else at the whole string. The rules cannot read the document until it is fixed. It cannot be suppressed.' },
  { id: 'suppression-reason-missing', title: 'A suppression has no reason', description: 'A `sop-lens` suppression must say why the SOP does not apply, so a reviewer can judge it. Without a reason it is ignored and the original finding stays.' },
  { id: 'suppression-unknown-rule', title: 'A suppression names a rule that does not exist', description: 'The suppression has no effect. Check the rule id against `sop-lens rules`.' },
  { id: 'suppression-malformed', title: 'A suppression is not shaped as SOP Lens expects', description: 'Write `Metadata: { sop-lens: { suppress: [ { rule: <id>, reason: <text> } ] } }` on the resource, or in the template\'s top-level Metadata for the whole file.' },
];

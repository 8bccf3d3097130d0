/**
 * Checks of the template itself that CloudFormation would reject it for, reported once each whatever rules
 * run (they are findings about the file, not about an SOP control, and cannot be suppressed): a value written
 * as null, and a policy document written as a string that is not JSON. The rules treat the first as absent
 * and skip the second, so neither is reported again by them.
 */
import type { SourceRange, Template, TemplateNode } from '../template/model';
import { invalidPolicyDocuments } from './support/policy-document';

export interface TemplateProblem {
  readonly ruleId: 'null-value' | 'invalid-policy-json';
  readonly message: string;
  readonly range: SourceRange;
  readonly resource: string | undefined;
  /** Dotted path inside the resource, when the problem is inside one. */
  readonly path: string | undefined;
}

export function templateProblems(template: Template): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  findNulls(template, problems);
  for (const p of invalidPolicyDocuments(template)) {
    problems.push({ ruleId: 'invalid-policy-json', message: p.message, range: p.range, resource: p.resource, path: p.path });
  }
  return problems;
}

/** Every null value of the template (`Key:`, `Key: ~`, an empty list item), on its key or list item. */
function findNulls(template: Template, problems: TemplateProblem[]): void {
  const path: (string | number)[] = [];
  let resource: string | undefined;
  const visit = (node: TemplateNode): void => {
    if (node.kind === 'map') {
      for (const e of node.entries) {
        path.push(e.key);
        if (isNull(e.value)) problems.push(nullProblem(`${e.key} has no value`, e.keyRange, resource, path));
        else visit(e.value);
        path.pop();
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, i) => {
        path.push(i);
        if (isNull(item)) problems.push(nullProblem(`An item of ${String(path[path.length - 2] ?? 'a list')} has no value`, itemRange(template.text, item.range), resource, path, 'item'));
        else visit(item);
        path.pop();
      });
    } else if (node.kind === 'intrinsic' && !node.shortForm) {
      visit(node.argument);
    } else if (node.kind === 'intrinsic' && !isNull(node.argument)) {
      // A short-form tag with nothing after it (`!GetAZs`) is an empty string in YAML, not a null.
      visit(node.argument);
    }
  };
  for (const e of template.root.entries) {
    path.push(e.key);
    if (isNull(e.value)) problems.push(nullProblem(`${e.key} has no value`, e.keyRange, undefined, path));
    else if (e === template.resourcesEntry && e.value.kind === 'map') {
      for (const r of e.value.entries) {
        resource = r.key;
        if (isNull(r.value)) problems.push(nullProblem(`${r.key} has no value`, r.keyRange, r.key, []));
        else visitResource(r.value);
      }
      resource = undefined;
    } else visit(e.value);
    path.pop();
  }

  function visitResource(node: TemplateNode): void {
    const outer = path.splice(0);
    visit(node);
    path.push(...outer);
  }
}

function isNull(node: TemplateNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

function nullProblem(what: string, range: SourceRange, resource: string | undefined, path: readonly (string | number)[], holder: 'key' | 'item' = 'key'): TemplateProblem {
  return {
    ruleId: 'null-value',
    message: `${what}: CloudFormation rejects null values. Give it a value or remove the ${holder}; until then SOP Lens treats it as not set.`,
    range,
    resource,
    path: resource !== undefined && path.length > 0 ? path.join('.') : undefined,
  };
}

/** An empty list item has an empty range after its dash: underline the dash. */
function itemRange(text: string, range: SourceRange): SourceRange {
  if (range.end > range.start) return range;
  const dash = text.lastIndexOf('-', range.start);
  return dash >= 0 ? { start: dash, end: dash + 1 } : range;
}

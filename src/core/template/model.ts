/**
 * The CloudFormation template model: a tree that keeps the source range of every key and value,
 * so a finding can point at the exact text at fault. Ranges are UTF-16 offsets into the source,
 * the unit VS Code and JavaScript strings use.
 */

import type { LineBreak } from './positions';
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

export type TemplateNode = ScalarNode | MapNode | SeqNode | IntrinsicNode;

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  readonly range: SourceRange;
}

export interface MapEntry {
  readonly key: string;
  readonly keyRange: SourceRange;
  readonly value: TemplateNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
  readonly range: SourceRange;
  /** `{ a: 1 }` or JSON, as opposed to an indented block. Fixes edit the two styles differently. */
  readonly flow: boolean;
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly items: readonly TemplateNode[];
  readonly range: SourceRange;
  readonly flow: boolean;
}

export const INTRINSIC_FUNCTIONS = [
  'Ref',
  'Condition',
  'Fn::Sub',
  'Fn::GetAtt',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Fn::FindInMap',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::ImportValue',
  'Fn::GetAZs',
  'Fn::Transform',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::ForEach',
] as const;

export type IntrinsicName = (typeof INTRINSIC_FUNCTIONS)[number];

/** `!Ref X`, `{ "Fn::GetAtt": [...] }` and the like, in short or long form. */
export interface IntrinsicNode {
  readonly kind: 'intrinsic';
  readonly name: IntrinsicName;
  readonly argument: TemplateNode;
  /** From the tag (or the `Fn::` key) to the end of the argument. */
  readonly range: SourceRange;
  readonly shortForm: boolean;
}

export interface Resource {
  readonly logicalId: string;
  readonly logicalIdRange: SourceRange;
  /** The resource's own map: Type, Properties, DeletionPolicy, Metadata... */
  readonly node: MapNode;
  readonly type: string;
  readonly typeRange: SourceRange;
  /** The `Properties` value, when it is a map (it usually is). */
  readonly properties: MapNode | undefined;
  /** The `Properties` entry itself, for findings about a missing property. */
  readonly propertiesEntry: MapEntry | undefined;
  /** The name of the resource's `Condition`, when it has one. */
  readonly condition: string | undefined;
  /** The resource's `Metadata` map, when it has one (where suppressions are written). */
  readonly metadata: MapNode | undefined;
}

export interface Parameter {
  readonly name: string;
  readonly type: string | undefined;
  /** The `Default` node, when the parameter has one: a `Ref` to it evaluates to this. */
  readonly defaultNode: ScalarNode | SeqNode | undefined;
}

/** A `Ref`, `!GetAtt` or `${...}` in `!Sub` that names another resource of the template. */
export interface ResourceReference {
  readonly from: Resource;
  /** Property path inside `from`, e.g. ['Properties', 'Dimensions', 0, 'Value']. */
  readonly path: readonly (string | number)[];
  readonly node: TemplateNode;
  readonly targetId: string;
  /** For `!GetAtt X.Arn` and `${X.Arn}`: `Arn`. */
  readonly attribute: string | undefined;
}

export interface Template {
  readonly uri: string;
  /** The text as parsed: a lone CR is read as LF (same offsets), as YAML 1.2 counts it a line break. */
  readonly text: string;
  /** The file's own line break, which edits to it write. */
  readonly lineBreak: LineBreak;
  readonly format: 'yaml' | 'json';
  readonly root: MapNode;
  readonly resources: readonly Resource[];
  readonly resourceById: ReadonlyMap<string, Resource>;
  /** The resources of one type, in template order. */
  resourcesOfType(type: string): readonly Resource[];
  readonly parameters: ReadonlyMap<string, Parameter>;
  readonly conditionNames: ReadonlySet<string>;
  /** The `Resources` entry of the root: new resources are appended to its map. */
  readonly resourcesEntry: MapEntry;
  readonly isSam: boolean;
  /** Every reference between resources, built once so cross-resource rules stay linear. */
  readonly references: readonly ResourceReference[];
  referencesTo(logicalId: string): readonly ResourceReference[];
}

export function entry(map: MapNode | undefined, key: string): MapEntry | undefined {
  if (!map) return undefined;
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

/** The value of `key` in a map; a key written with no value (null, which CloudFormation rejects) counts as not set. */
export function child(node: TemplateNode | undefined, key: string): TemplateNode | undefined {
  const value = node?.kind === 'map' ? entry(node, key)?.value : undefined;
  return value?.kind === 'scalar' && value.value === null ? undefined : value;
}

export function scalarString(node: TemplateNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** A string that is equal for two nodes written the same way (short or long form alike), ranges aside. */
export function structuralKey(node: TemplateNode): string {
  switch (node.kind) {
    case 'scalar':
      return JSON.stringify(node.value);
    case 'intrinsic':
      return `${node.name}(${structuralKey(node.argument)})`;
    case 'seq':
      return `[${node.items.map(structuralKey).join(',')}]`;
    case 'map':
      return `{${node.entries.map((e) => `${JSON.stringify(e.key)}:${structuralKey(e.value)}`).join(',')}}`;
  }
}

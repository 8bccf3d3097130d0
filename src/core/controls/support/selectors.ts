/**
 * What a trail's (or an event data store's) event selectors log, decided the way CloudTrail applies
 * them. Classic `EventSelectors` and `AdvancedEventSelectors` are both handled; a trail with neither
 * logs every management event, read and write (AWS's default).
 *
 * Advanced selectors are read as filters over an event's fields. The fields that decide what we ask
 * about (`eventCategory`, `resources.type`, `resources.ARN`, `readOnly`) are evaluated; a condition on
 * any other field narrows what is logged: a negative one (`NotEquals`, `NotStartsWith`, `NotEndsWith`)
 * is an exclusion we note, a positive one (`Equals`, `StartsWith`, `EndsWith`) keeps only a subset, so
 * that selector does not count as logging the whole category.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '@aws-sdk/client-cloudtrail';

export interface Selectors {
  readonly EventSelectors?: readonly EventSelector[];
  readonly AdvancedEventSelectors?: readonly AdvancedEventSelector[];
}

export interface Coverage {
  readonly read: boolean;
  readonly write: boolean;
  /** Exclusions and narrowing conditions found on the way, for the evidence. */
  readonly notes: readonly string[];
}

const NONE: Coverage = { read: false, write: false, notes: [] };

export function coversReadAndWrite(c: Coverage): boolean {
  return c.read && c.write;
}

/** In words: `read and write`, `read only`, `write only`, `none`. */
export function describeCoverage(c: Coverage): string {
  if (c.read && c.write) return 'read and write';
  if (c.read) return 'read only';
  if (c.write) return 'write only';
  return 'none';
}

/** Which management events the selectors log. */
export function managementCoverage(selectors: Selectors): Coverage {
  const advanced = selectors.AdvancedEventSelectors ?? [];
  const basic = selectors.EventSelectors ?? [];
  if (advanced.length === 0 && basic.length === 0) return { read: true, write: true, notes: ['no event selectors: CloudTrail logs all management events'] };
  if (advanced.length > 0) return advancedCoverage(advanced, { eventCategory: 'Management' });
  return merge(
    basic
      .filter((s) => s.IncludeManagementEvents !== false)
      .map((s) => ({
        ...readWriteOf(s.ReadWriteType),
        notes: (s.ExcludeManagementEventSources ?? []).map((source) => `excludes management events from ${source}`),
      })),
  );
}

/** Which data events on the resource `arn` of type `resourceType` (e.g. `AWS::DynamoDB::Table`) the selectors log. */
export function dataCoverage(selectors: Selectors, resourceType: string, arn: string): Coverage {
  const advanced = selectors.AdvancedEventSelectors ?? [];
  if (advanced.length > 0) return advancedCoverage(advanced, { eventCategory: 'Data', 'resources.type': resourceType, 'resources.ARN': arn });
  return merge(
    (selectors.EventSelectors ?? [])
      .filter((s) => (s.DataResources ?? []).some((d) => d.Type === resourceType && (d.Values ?? []).some((prefix) => arn.startsWith(prefix))))
      .map((s) => ({ ...readWriteOf(s.ReadWriteType), notes: [] })),
  );
}

function readWriteOf(type: string | undefined): { read: boolean; write: boolean } {
  // The API's default for a selector without ReadWriteType is All.
  if (type === 'ReadOnly') return { read: true, write: false };
  if (type === 'WriteOnly') return { read: false, write: true };
  return { read: true, write: true };
}

function merge(parts: readonly Coverage[]): Coverage {
  return parts.reduce<Coverage>((a, b) => ({ read: a.read || b.read, write: a.write || b.write, notes: [...a.notes, ...b.notes] }), NONE);
}

type KnownField = 'eventCategory' | 'resources.type' | 'resources.ARN' | 'readOnly';
type Event = Partial<Record<KnownField, string>>;

const KNOWN: ReadonlySet<string> = new Set<KnownField>(['eventCategory', 'resources.type', 'resources.ARN', 'readOnly']);

function advancedCoverage(selectors: readonly AdvancedEventSelector[], event: Event): Coverage {
  const parts = [true, false].map((readOnly) => {
    const e: Event = { ...event, readOnly: String(readOnly) };
    const matching = selectors.map((s) => matchSelector(s, e)).filter((m) => m.matches);
    return { readOnly, matches: matching.length > 0, notes: matching.flatMap((m) => m.notes) };
  });
  const read = parts.find((p) => p.readOnly)!;
  const write = parts.find((p) => !p.readOnly)!;
  return { read: read.matches, write: write.matches, notes: [...new Set([...read.notes, ...write.notes])] };
}

/** Whether the selector logs every event like `event`, and the exclusions it applies to the rest. */
function matchSelector(selector: AdvancedEventSelector, event: Event): { matches: boolean; notes: string[] } {
  const notes: string[] = [];
  const fields = selector.FieldSelectors ?? [];
  // A selector must name its category; without it CloudTrail rejects it, so it logs nothing we can count.
  if (!fields.some((f) => f.Field === 'eventCategory')) return { matches: false, notes };
  // An event whose field we ask about but the selector does not constrain is matched by it (e.g. no readOnly).
  for (const field of fields) {
    if (!field.Field) continue;
    if (KNOWN.has(field.Field)) {
      const value = event[field.Field as KnownField];
      // A resource condition does not apply to an event without that field (e.g. management events).
      if (value === undefined) continue;
      if (!fieldMatches(field, value)) return { matches: false, notes };
    } else if (narrowsToSubset(field)) {
      return { matches: false, notes };
    } else {
      notes.push(`excludes events where ${field.Field} ${exclusionText(field)}`);
    }
  }
  return { matches: true, notes };
}

function fieldMatches(f: AdvancedFieldSelector, value: string): boolean {
  // Each operator present must hold; within one operator, any listed value will do.
  const holds = (list: readonly string[] | undefined, test: (v: string) => boolean, negated: boolean): boolean =>
    !list || list.length === 0 || list.some(test) !== negated;
  return (
    holds(f.Equals, (v) => value === v, false) &&
    holds(f.StartsWith, (p) => value.startsWith(p), false) &&
    holds(f.EndsWith, (p) => value.endsWith(p), false) &&
    holds(f.NotEquals, (v) => value === v, true) &&
    holds(f.NotStartsWith, (p) => value.startsWith(p), true) &&
    holds(f.NotEndsWith, (p) => value.endsWith(p), true)
  );
}

function narrowsToSubset(f: AdvancedFieldSelector): boolean {
  return [f.Equals, f.StartsWith, f.EndsWith].some((list) => (list?.length ?? 0) > 0);
}

function exclusionText(f: AdvancedFieldSelector): string {
  const parts: string[] = [];
  if (f.NotEquals?.length) parts.push(`is ${f.NotEquals.join(' or ')}`);
  if (f.NotStartsWith?.length) parts.push(`starts with ${f.NotStartsWith.join(' or ')}`);
  if (f.NotEndsWith?.length) parts.push(`ends with ${f.NotEndsWith.join(' or ')}`);
  return parts.join(' or ');
}

/**
 * SAM's API Gateway model, as the rules about APIs need it: the `Globals` section (which SAM merges into
 * `AWS::Serverless::Api`/`HttpApi`/`Function` resources and into the implicit APIs), the `Api` and `HttpApi`
 * events of functions and state machines, and the implicit APIs SAM creates for events that name no API.
 */
import { type Lookup, lookup } from '../../template/evaluate';
import { type MapEntry, type MapNode, type Resource, type Template, type TemplateNode, child, entry, scalarString } from '../../template/model';
import type { RuleContext } from '../rule';

export type GlobalsSection = 'Api' | 'HttpApi' | 'Function' | 'SimpleTable';

/** Logical ids SAM gives the APIs it creates for events without `RestApiId` / `ApiId`. */
export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** The `Globals.<section>` map of a SAM template. */
export function globalsOf(template: Template, section: GlobalsSection): MapNode | undefined {
  if (!template.isSam) return undefined;
  const node = child(child(template.root, 'Globals'), section);
  return node?.kind === 'map' ? node : undefined;
}

/** Lookups of `Globals.<section>.<path>` (absent when the template has no such global). */
export function globalLookup(template: Template, section: GlobalsSection, path: readonly (string | number)[]): Lookup[] {
  const globals = globalsOf(template, section);
  return globals ? lookup(globals, path) : [];
}

/**
 * A SAM setting as the resource ends up with it: the resource's own value where it sets one, else the
 * `Globals` value. SAM merges maps key by key, so this holds for nested paths too (e.g. Auth.DefaultAuthorizer).
 * `resource` undefined means the implicit API, which takes the Globals alone (absent, on the template root,
 * when there are none).
 */
export function samSetting(ctx: RuleContext, resource: Resource | undefined, section: GlobalsSection, path: readonly string[]): Lookup[] {
  const own = resource ? ctx.property(resource, ...path) : [];
  const globals = globalLookup(ctx.template, section, path);
  if (!resource) return globals.length > 0 ? globals : [{ kind: 'absent', parent: ctx.template.root, missing: [...path] }];
  const out: Lookup[] = [];
  for (const found of own) {
    if (found.kind === 'absent' && globals.some((g) => g.kind !== 'absent')) out.push(...globals.filter((g) => g.kind !== 'absent'));
    else out.push(found);
  }
  return out;
}

export interface SamEvent {
  readonly owner: Resource;
  readonly name: string;
  readonly entry: MapEntry;
  /** `Api` or `HttpApi`. */
  readonly type: string;
  readonly typeNode: TemplateNode;
  readonly properties: MapNode | undefined;
}

const EVENT_OWNERS = ['AWS::Serverless::Function', 'AWS::Serverless::StateMachine'];

/** The `Api` / `HttpApi` events of a function or state machine. */
export function apiEvents(owner: Resource, types: readonly string[] = ['Api', 'HttpApi']): SamEvent[] {
  if (!EVENT_OWNERS.includes(owner.type)) return [];
  const events = child(owner.properties, 'Events');
  if (events?.kind !== 'map') return [];
  const out: SamEvent[] = [];
  for (const e of events.entries) {
    if (e.value.kind !== 'map') continue;
    const typeEntry = entry(e.value, 'Type');
    const type = scalarString(typeEntry?.value);
    if (!typeEntry || type === undefined || !types.includes(type)) continue;
    const properties = child(e.value, 'Properties');
    out.push({ owner, name: e.key, entry: e, type, typeNode: typeEntry.value, properties: properties?.kind === 'map' ? properties : undefined });
  }
  return out;
}

export function allApiEvents(ctx: RuleContext, types: readonly string[] = ['Api', 'HttpApi']): SamEvent[] {
  return ctx.resourcesOfType(...EVENT_OWNERS).flatMap((r) => apiEvents(r, types));
}

export type EventApi =
  | { readonly kind: 'resource'; readonly api: Resource }
  | { readonly kind: 'implicit' }
  | { readonly kind: 'unknown'; readonly node: TemplateNode };

/** The API an event attaches to: its `RestApiId` (Api) / `ApiId` (HttpApi), or SAM's implicit API. */
export function apiOfEvent(ctx: RuleContext, event: SamEvent): EventApi {
  const key = event.type === 'Api' ? 'RestApiId' : 'ApiId';
  const node = child(event.properties, key);
  if (!node) return { kind: 'implicit' };
  const target = ctx.targetOf(node);
  const expected = event.type === 'Api' ? ['AWS::Serverless::Api', 'AWS::ApiGateway::RestApi'] : ['AWS::Serverless::HttpApi', 'AWS::ApiGatewayV2::Api'];
  return target && expected.includes(target.type) ? { kind: 'resource', api: target } : { kind: 'unknown', node };
}

/** The events that make SAM create its implicit REST (`Api`) or HTTP (`HttpApi`) API. */
export function implicitApiEvents(ctx: RuleContext, type: 'Api' | 'HttpApi'): SamEvent[] {
  if (!ctx.template.isSam) return [];
  return allApiEvents(ctx, [type]).filter((e) => apiOfEvent(ctx, e).kind === 'implicit');
}

/** "GET /items" for an event, from its Method and Path (SAM's defaults for HttpApi: any method, the $default route). */
export function eventRoute(ctx: RuleContext, event: SamEvent): { method: string | undefined; label: string } {
  const known = (key: string): string | undefined => {
    const outcomes = ctx.scalarsOf(child(event.properties, key), event.typeNode);
    return outcomes.length === 1 && outcomes[0].kind === 'known' && outcomes[0].value !== null ? String(outcomes[0].value) : undefined;
  };
  const method = known('Method');
  const path = known('Path');
  if (event.type === 'HttpApi' && method === undefined && path === undefined && !child(event.properties, 'Method') && !child(event.properties, 'Path')) {
    return { method: undefined, label: '$default' };
  }
  return { method, label: `${method?.toUpperCase() ?? '?'} ${path ?? '?'}` };
}

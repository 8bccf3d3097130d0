/**
 * The REST API stages a template deploys, and the web ACL associations whose `ResourceArn` names them.
 *
 * A stage comes from an `AWS::ApiGateway::Stage`, from an `AWS::ApiGateway::Deployment` with `StageName` (when
 * no Stage resource of the same API has that name), from an `AWS::Serverless::Api` (its `StageName`), or from
 * the implicit `ServerlessRestApi` that SAM creates, with its `Prod` stage, for `Api` events that name no API.
 * A stage's ARN is `arn:<partition>:apigateway:<region>::/restapis/<api id>/stages/<stage name>`; an association
 * names the stage when its ARN names the API (a reference to it) and the stage (a reference that yields the
 * stage name, or the literal name).
 */
import { branches } from '../../template/evaluate';
import { type Resource, type TemplateNode, child } from '../../template/model';
import type { RuleContext } from '../rule';
import { IMPLICIT_REST_API, type SamEvent, implicitApiEvents, samSetting } from './sam-api';
import { type StringPart, partsText, stringParts, unknownReason } from './string-parts';

export interface RestStage {
  /** The resource reported on (the stage, deployment, SAM API, or the function whose event makes the implicit API). */
  readonly owner: Resource;
  readonly at: TemplateNode | { start: number; end: number };
  /** "stage prod of API MyApi", for messages. */
  readonly label: string;
  /** Logical id of the API (RestApi, Serverless::Api, or ServerlessRestApi); undefined when not in this template. */
  readonly apiId: string | undefined;
  /** References (`Id` or `Id.Attr`) whose value is the stage name. */
  readonly stageTokens: ReadonlySet<string>;
  /** The stage name as it can be known before deployment (one per `!If` branch). */
  readonly names: readonly string[];
  /** The API is private (reachable only from a VPC endpoint), so WAF's public-endpoint requirement does not apply. */
  readonly isPrivate: boolean;
}

export function restStages(ctx: RuleContext): RestStage[] {
  const stages: RestStage[] = [];
  const stageResources = ctx.resourcesOfType('AWS::ApiGateway::Stage');
  for (const stage of stageResources) {
    const api = ctx.targetOf(child(stage.properties, 'RestApiId'));
    const names = knownNames(ctx, child(stage.properties, 'StageName'));
    stages.push({
      owner: stage,
      at: stage.typeRange,
      label: `API Gateway stage${names.length ? ' ' + names.join('/') : ''}`,
      apiId: api?.logicalId,
      stageTokens: new Set([stage.logicalId]),
      names,
      isPrivate: api ? restApiIsPrivate(ctx, api) : false,
    });
  }
  for (const deployment of ctx.resourcesOfType('AWS::ApiGateway::Deployment')) {
    const stageName = child(deployment.properties, 'StageName');
    if (!stageName) continue;
    const api = ctx.targetOf(child(deployment.properties, 'RestApiId'));
    const names = knownNames(ctx, stageName);
    const declared = stageResources.some((s) => ctx.targetOf(child(s.properties, 'RestApiId')) === api && knownNames(ctx, child(s.properties, 'StageName')).some((n) => names.includes(n)));
    if (declared) continue;
    stages.push({
      owner: deployment,
      at: stageName,
      label: `API Gateway stage${names.length ? ' ' + names.join('/') : ''} (created by the deployment)`,
      apiId: api?.logicalId,
      stageTokens: new Set(),
      names,
      isPrivate: api ? restApiIsPrivate(ctx, api) : false,
    });
  }
  for (const api of ctx.resourcesOfType('AWS::Serverless::Api')) {
    const names = knownNames(ctx, child(api.properties, 'StageName'));
    stages.push({
      owner: api,
      at: api.typeRange,
      label: `SAM API stage${names.length ? ' ' + names.join('/') : ''}`,
      apiId: api.logicalId,
      stageTokens: new Set([`${api.logicalId}.Stage`, ...names.map((n) => samStageId(api.logicalId, n))]),
      names,
      isPrivate: samApiIsPrivate(ctx, api),
    });
  }
  const implicit: SamEvent | undefined = implicitApiEvents(ctx, 'Api')[0];
  if (implicit) {
    stages.push({
      owner: implicit.owner,
      at: implicit.typeNode,
      label: `stage Prod of the implicit SAM API ${IMPLICIT_REST_API}`,
      apiId: IMPLICIT_REST_API,
      stageTokens: new Set([`${IMPLICIT_REST_API}.Stage`, samStageId(IMPLICIT_REST_API, 'Prod')]),
      names: ['Prod'],
      isPrivate: samApiIsPrivate(ctx, undefined),
    });
  }
  return stages;
}

/** The logical id SAM gives the stage it generates: `<api id><stage name, alphanumerics only>Stage`. */
function samStageId(apiId: string, stageName: string): string {
  return `${apiId}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage`;
}

function knownNames(ctx: RuleContext, node: TemplateNode | undefined): string[] {
  if (!node) return [];
  const names: string[] = [];
  for (const o of ctx.scalarsOf(node, node)) if (o.kind === 'known' && o.value !== null) names.push(String(o.value));
  return names;
}

function restApiIsPrivate(ctx: RuleContext, api: Resource): boolean {
  if (api.type === 'AWS::Serverless::Api') return samApiIsPrivate(ctx, api);
  const types = ctx.property(api, 'EndpointConfiguration', 'Types');
  return types.length > 0 && types.every((t) => t.kind === 'found' && t.node.kind === 'seq' && t.node.items.some((i) => ctx.scalarsOf(i, i).every((o) => o.kind === 'known' && o.value === 'PRIVATE')));
}

/** SAM's EndpointConfiguration is a string ("PRIVATE") or a map with `Type`; Globals.Api applies. */
function samApiIsPrivate(ctx: RuleContext, api: Resource | undefined): boolean {
  const config = samSetting(ctx, api, 'Api', ['EndpointConfiguration']);
  return (
    config.length > 0 &&
    config.every((c) => {
      if (c.kind !== 'found') return false;
      const type = c.node.kind === 'map' ? child(c.node, 'Type') : c.node;
      return ctx.scalarsOf(type, c.node).every((o) => o.kind === 'known' && o.value === 'PRIVATE');
    })
  );
}

export type Protection = { kind: 'protected'; by: Resource } | { kind: 'maybe'; by: Resource; reason: string } | { kind: 'none' };

/** Whether one of `associations` names `stage` in its ResourceArn (in every `!If` branch of that ARN). */
export function protectionOf(ctx: RuleContext, stage: RestStage, associations: readonly Resource[]): Protection {
  let maybe: Protection | undefined;
  for (const association of associations) {
    const arn = child(association.properties, 'ResourceArn');
    const variants = arn ? branches(arn).flatMap((b) => (b ? stringParts(ctx, b) : [])) : [];
    const verdicts = variants.map((parts) => matchArn(parts, stage));
    if (verdicts.length > 0 && verdicts.every((v) => v === true)) return { kind: 'protected', by: association };
    const uncertain = variants.find((_parts, i) => verdicts[i] === 'maybe');
    if (uncertain && !maybe) maybe = { kind: 'maybe', by: association, reason: unknownReason(uncertain) ?? 'it is computed at deploy time' };
  }
  return maybe ?? { kind: 'none' };
}

const PLACEHOLDER = /^\$\{([^}]+)\}$/;

function matchArn(parts: readonly StringPart[], stage: RestStage): boolean | 'maybe' {
  const text = partsText(parts);
  const m = /restapis\/([^/]*)\/stages\/([^/]*)$/.exec(text);
  if (!m) {
    if (!text.includes('\u0000')) return false;
    // Unknown in part: it may still be a stage ARN, unless what is known names another service.
    const service = /^arn:(?:\$\{AWS::Partition\}|[^:$]*):([^:]*):/.exec(text.split('\u0000')[0])?.[1];
    return service === undefined || service === 'apigateway' ? 'maybe' : false;
  }
  const [, apiPart, stagePart] = m;
  if (apiPart.includes('\u0000') || stagePart.includes('\u0000')) {
    const apiOk = apiPart.includes('\u0000') || sameApi(apiPart, stage);
    const stageOk = stagePart.includes('\u0000') || sameStage(stagePart, stage);
    return apiOk && stageOk ? 'maybe' : false;
  }
  return sameApi(apiPart, stage) && sameStage(stagePart, stage);
}

function sameApi(apiPart: string, stage: RestStage): boolean {
  const ref = PLACEHOLDER.exec(apiPart);
  // An API outside the template can only be recognised through the stage reference.
  return stage.apiId === undefined ? true : ref?.[1] === stage.apiId;
}

function sameStage(stagePart: string, stage: RestStage): boolean {
  const ref = PLACEHOLDER.exec(stagePart);
  if (ref) return stage.stageTokens.has(ref[1]);
  return stage.names.includes(stagePart);
}

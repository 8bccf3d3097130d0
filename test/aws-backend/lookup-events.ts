/**
 * CloudTrail `LookupEvents` (not in moto): the fixture's management events of the caller's account in
 * the request's region, newest first, filtered by one lookup attribute and the time range, 50 a page.
 */
import { jsonResponse, parseJsonBody, type CallContext, type Emulation } from './emulation';
import type { TrailEvent } from './state';
import { errorResponse, type WireResponse } from './wire-errors';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const PAGE_LIMIT = 50;

const ATTRIBUTES: Record<string, (event: TrailEvent) => readonly string[]> = {
  EventId: (event) => [event.eventId],
  EventName: (event) => [event.eventName],
  EventSource: (event) => [event.eventSource],
  Username: (event) => [event.username],
  ReadOnly: (event) => [String(event.readOnly)],
  AccessKeyId: (event) => (event.accessKeyId ? [event.accessKeyId] : []),
  ResourceType: (event) => (event.resources ?? []).map((resource) => resource.ResourceType),
  ResourceName: (event) => (event.resources ?? []).map((resource) => resource.ResourceName),
};

function invalid(message: string): WireResponse {
  return errorResponse('cloudtrail', { code: 'InvalidLookupAttributesException', status: 400, message });
}

/** The SDK sends timestamps as epoch seconds; the CLI may too, or as ISO strings. */
function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') return Number.isNaN(Date.parse(value)) ? undefined : Date.parse(value);
  return undefined;
}

function cloudTrailEvent(event: TrailEvent, account: string): string {
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: event.userIdentityType, arn: event.userIdentityArn, accountId: account, ...(event.accessKeyId ? { accessKeyId: event.accessKeyId } : {}) },
    eventTime: event.eventTime.replace(/\.\d+Z$/, 'Z'),
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.region,
    sourceIPAddress: event.sourceIpAddress ?? '203.0.113.10',
    readOnly: event.readOnly,
    eventID: event.eventId,
    eventType: event.eventName === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
  });
}

function handle(context: CallContext): WireResponse | undefined {
  const input = parseJsonBody(context.request);
  const attributes = Array.isArray(input.LookupAttributes) ? (input.LookupAttributes as { AttributeKey?: string; AttributeValue?: string }[]) : [];
  if (attributes.length > 1) return invalid('You cannot specify more than one lookup attribute.');
  const attribute = attributes[0];
  if (attribute && (!attribute.AttributeKey || !ATTRIBUTES[attribute.AttributeKey])) return invalid(`Unknown lookup attribute ${String(attribute.AttributeKey)}.`);
  const start = toMillis(input.StartTime) ?? -Infinity;
  const end = toMillis(input.EndTime) ?? Infinity;
  if (start > end) return errorResponse('cloudtrail', { code: 'InvalidTimeRangeException', status: 400, message: 'Start time must be before end time.' });
  const maxResults = typeof input.MaxResults === 'number' ? input.MaxResults : PAGE_LIMIT;
  if (maxResults < 1 || maxResults > PAGE_LIMIT) return errorResponse('cloudtrail', { code: 'InvalidMaxResultsException', status: 400, message: 'MaxResults must be between 1 and 50.' });
  const offset = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) return errorResponse('cloudtrail', { code: 'InvalidNextTokenException', status: 400, message: 'Invalid NextToken.' });

  const account = context.account ?? '';
  const matching = (context.state.emulated.events[account] ?? [])
    .filter((event) => event.region === context.request.region)
    .filter((event) => !attribute || ATTRIBUTES[attribute.AttributeKey!](event).includes(attribute.AttributeValue ?? ''))
    .filter((event) => Date.parse(event.eventTime) >= start && Date.parse(event.eventTime) <= end)
    .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
  const page = matching.slice(offset, offset + maxResults);
  const next = offset + maxResults < matching.length ? Buffer.from(String(offset + maxResults)).toString('base64') : undefined;
  return jsonResponse(
    {
      Events: page.map((event) => ({
        EventId: event.eventId,
        EventName: event.eventName,
        ReadOnly: String(event.readOnly),
        AccessKeyId: event.accessKeyId,
        EventTime: Date.parse(event.eventTime) / 1000,
        EventSource: event.eventSource,
        Username: event.username,
        Resources: event.resources ?? [],
        CloudTrailEvent: cloudTrailEvent(event, account),
      })),
      ...(next ? { NextToken: next } : {}),
    },
    CONTENT_TYPE,
  );
}

export const lookupEventsEmulation: Emulation = { service: 'cloudtrail', actions: ['LookupEvents'], handle };

/**
 * One call to a control endpoint of the proxy (`/__proxy/...`): JSON in and out; throws with the proxy's
 * error (its JSON `error`, or the text of a failure it did not answer in JSON).
 */
export async function controlCall(endpoint: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${endpoint}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  const value: unknown = text && isJson ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${method} ${path}: ${(value as { error?: string } | undefined)?.error ?? (text || response.status)}`);
  return value;
}

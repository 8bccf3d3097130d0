/**
 * The logic under the client guards (the real path is test/aws/errors/answers.test.ts): which hosts
 * count as this machine, which endpoint and setting a call uses, which answers are HTML pages.
 */
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { endpointGuard, htmlAnswerCheck } from '../../../src/core/aws/call-guards';
import { endpointChoice } from '../../../src/core/aws/clients';
import { AwsAccessError, NotAwsAnswer, endpointOf, isLoopbackHost, mayCarryCredentials } from '../../../src/core/aws/errors';

describe('client guards', () => {
  it('counts 127.0.0.0/8, ::1 and localhost as this machine, and nothing else', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LocalHost', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['128.0.0.1', '10.0.0.1', '0.0.0.0', 'localhost.example', '127.0.0.1.nip.io', '::2', 'example.com', '']) assert.equal(isLoopbackHost(host), false, host);
  });

  it('lets credentials go over HTTPS anywhere and over HTTP only to this machine', () => {
    assert.equal(mayCarryCredentials('https://sts.amazonaws.com'), true);
    assert.equal(mayCarryCredentials('https://10.0.0.5:4566'), true);
    assert.equal(mayCarryCredentials('http://127.0.0.1:4566'), true);
    assert.equal(mayCarryCredentials('http://[::1]:4566'), true);
    assert.equal(mayCarryCredentials('http://10.0.0.5:4566'), false);
    assert.equal(mayCarryCredentials('http://localhost.evil.example'), false);
    assert.equal(mayCarryCredentials('not a url'), false);
  });

  it('names the setting that chose the endpoint: the front end\'s first, then AWS\'s environment variables', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2' };
    assert.deepEqual(endpointChoice('sts', { sts: 'http://127.0.0.1:3', setting: '--endpoint-url' }, env), { url: 'http://127.0.0.1:3', setting: '--endpoint-url', fromEndpoints: true });
    assert.deepEqual(endpointChoice('sts', { default: 'http://127.0.0.1:4' }, env), { url: 'http://127.0.0.1:4', setting: '', fromEndpoints: true });
    assert.deepEqual(endpointChoice('sts', { setting: '--endpoint-url' }, env), { url: 'http://127.0.0.1:2', setting: 'AWS_ENDPOINT_URL_STS', fromEndpoints: false });
    assert.deepEqual(endpointChoice('iam', undefined, env), { url: 'http://127.0.0.1:1', setting: 'AWS_ENDPOINT_URL', fromEndpoints: false });
    assert.equal(endpointChoice('iam', undefined, {}), undefined);
  });

  describe('the endpoint guard', () => {
    const request = (protocol: string, hostname: string, port?: number) => ({ request: { protocol, hostname, port } });

    it('refuses plain HTTP to another machine before calling on, naming the call and the setting', async () => {
      let called = false;
      const handler = endpointGuard('sts', 'us-east-1', '--endpoint-url')(() => ((called = true), Promise.resolve({})), { commandName: 'AssumeRoleCommand' });
      await assert.rejects(handler(request('http:', '10.1.2.3', 4566)), (e: unknown) => {
        assert.ok(e instanceof AwsAccessError);
        assert.equal(e.kind, 'insecure-endpoint');
        assert.equal(e.message, 'SOP Lens sends no credentials over plain HTTP to 10.1.2.3:4566 (sts:AssumeRole in us-east-1)');
        return true;
      });
      assert.equal(called, false);
    });

    it('tags what fails beyond it with the host and the setting', async () => {
      const failure = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      const handler = endpointGuard('iam', 'us-east-1', undefined)(() => Promise.reject(failure), {});
      await assert.rejects(handler(request('https:', 'iam.amazonaws.com')));
      assert.deepEqual(endpointOf(failure), { host: 'iam.amazonaws.com' });
    });
  });

  describe('the HTML answer check', () => {
    const answer = (contentType: string | undefined, body: string) => () =>
      Promise.resolve({ response: { statusCode: 200, headers: contentType ? { 'Content-Type': contentType } : {}, body: Readable.from([Buffer.from(body)]) }, output: undefined });

    it('refuses an HTML page', async () => {
      for (const page of ['<!DOCTYPE html><html><body>portal</body></html>', '\n  <html lang="en"><head></head></html>', '<!-- proxy --><HEAD><title>x</title></HEAD>']) {
        await assert.rejects(htmlAnswerCheck()(answer('text/html; charset=utf-8', page), {})({}), (e: unknown) => e instanceof NotAwsAnswer && e.what === 'an HTML page (HTTP 200)', page);
      }
    });

    it('hands an XML answer that only says text/html on to the SDK, body intact', async () => {
      const xml = '<?xml version="1.0"?><GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>';
      const result = await htmlAnswerCheck()(answer('text/html', xml), {})({});
      assert.equal(Buffer.from((result.response as { body: Uint8Array }).body).toString('utf8'), xml);
    });

    it('leaves other answers unread', async () => {
      const result = await htmlAnswerCheck()(answer('application/x-amz-json-1.1', '<html>'), {})({});
      assert.ok((result.response as { body: unknown }).body instanceof Readable);
    });
  });
});

/**
 * Fixes on the YAML shapes that used to break the file: a block scalar value, a key with no value in a
 * flow map, an explicit `? key`, CRLF line breaks, comments inside a replaced block. Each goes through the
 * finding's fix, as the editor and the CLI see it, and asserts the exact text written.
 */
import * as assert from 'node:assert/strict';
import { withLineBreak } from '../../../src/core/fix/edits';
import { lineBreakOf } from '../../../src/core/template/positions';
import { parseTemplate } from '../../../src/core/template/parse';
import { applyFix, findingsOf, yaml } from '../support/lint';

/** The fix of the only finding of `ruleId`, applied; the result must parse as a template. */
function fixOnly(ruleId: string, text: string): string {
  const found = findingsOf(ruleId, text).filter((f) => f.kind === 'violation');
  assert.equal(found.length, 1, `expected one ${ruleId} finding`);
  const fixed = applyFix(text, found[0].fix);
  const parsed = parseTemplate(fixed);
  assert.equal(parsed.kind, 'template', `the fix broke the template:\n${fixed}`);
  assert.deepEqual(parsed.kind === 'template' ? parsed.problems : [], []);
  assert.deepEqual(findingsOf(ruleId, fixed).filter((f) => f.kind === 'violation'), [], `the fix left the finding:\n${fixed}`);
  return fixed;
}

describe('fixes on every YAML shape', () => {
  it('replace a block scalar value without joining the next key', () => {
    const t = yaml`
      Resources:
        Logs:
          Type: AWS::S3::Bucket
          Properties:
            VersioningConfiguration:
              Status: |- # paused during the migration
                Suspended
            BucketName: logs
    `;
    assert.equal(fixOnly('s3-versioning', t), t.replace('|- # paused during the migration\n          Suspended\n', 'Enabled # paused during the migration\n'));
  });

  it('replace a folded block scalar that ends the file', () => {
    const t = 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: >\n          Suspended\n';
    assert.equal(fixOnly('s3-versioning', t), t.replace('>\n          Suspended\n', 'Enabled\n'));
  });

  it('fill a key with no value inside a flow map inline', () => {
    const t = yaml`
      Resources:
        Orders: { Type: AWS::DynamoDB::Table, Properties: { TableName: orders, PointInTimeRecoverySpecification: } }
    `;
    assert.equal(fixOnly('dynamodb-pitr', t), t.replace('PointInTimeRecoverySpecification: }', 'PointInTimeRecoverySpecification: {"PointInTimeRecoveryEnabled":true} }'));
    const empty = yaml`
      Resources:
        Orders: { Type: AWS::DynamoDB::Table, Properties: }
    `;
    assert.equal(fixOnly('dynamodb-pitr', empty), empty.replace('Properties: }', 'Properties: {"PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}} }'));
  });

  it('add after a flow map entry that has no value, not between its key and its colon', () => {
    const t = yaml`
      Resources:
        Orders: { Type: AWS::DynamoDB::Table, Properties: { TableName: orders, Tags: } }
    `;
    assert.equal(fixOnly('dynamodb-pitr', t), t.replace('Tags: }', 'Tags:, PointInTimeRecoverySpecification: {"PointInTimeRecoveryEnabled":true} }'));
  });

  it('add beside an explicit key at the map\'s own column', () => {
    const t = yaml`
      Resources:
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            ? TableName
            : orders
    `;
    assert.equal(fixOnly('dynamodb-pitr', t), t + '      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n');
  });

  it('fill an explicit key that has no value', () => {
    const t = yaml`
      Resources:
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            ? PointInTimeRecoverySpecification
    `;
    assert.equal(fixOnly('dynamodb-pitr', t), t + '      : {"PointInTimeRecoveryEnabled":true}\n');
  });

  it('write CRLF into a CRLF file', () => {
    const lf = yaml`
      Resources:
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            TableName: orders
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
    `;
    const crlf = lf.replace(/\n/g, '\r\n');
    const fixed = fixOnly('dynamodb-pitr', crlf);
    assert.equal(fixed, crlf.replace('TableName: orders\r\n', 'TableName: orders\r\n      PointInTimeRecoverySpecification:\r\n        PointInTimeRecoveryEnabled: true\r\n'));
    assert.doesNotMatch(fixed, /[^\r]\n/);
  });

  it('read a file\'s line breaks from its first one: LF, CRLF, or CR as YAML 1.2 allows', () => {
    assert.equal(lineBreakOf('a: 1\nb: 2\r\n'), '\n');
    assert.equal(lineBreakOf('a: 1\r\nb: 2\n'), '\r\n');
    assert.equal(lineBreakOf('a: 1\rb: 2'), '\r');
    assert.equal(lineBreakOf('a: 1'), '\n');
    assert.equal(withLineBreak('\r', 'x\ny\r\nz'), 'x\ry\rz');
  });

  it('keep every comment of the default actions the listener redirect replaces', () => {
    const t = yaml`
      Resources:
        Http:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            Protocol: HTTP
            DefaultActions:
              # forward until the HTTPS listener is live (TICKET-42)
              - Type: forward   # plaintext
                # the web target group
                TargetGroupArn: web
              # then a maintenance page
              - Type: fixed-response
            Port: 80
    `;
    assert.equal(
      fixOnly('elb-https-listener', t),
      t.replace(
        '        - Type: forward   # plaintext\n          # the web target group\n          TargetGroupArn: web\n        # then a maintenance page\n        - Type: fixed-response\n',
        '        # plaintext\n        # the web target group\n        # then a maintenance page\n        - Type: redirect\n          RedirectConfig:\n            Protocol: HTTPS\n            Port: "443"\n            StatusCode: HTTP_301\n',
      ),
    );
  });

  it('keep a "#" inside a string: it is no comment', () => {
    const t = yaml`
      Resources:
        Http:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            Protocol: HTTP
            DefaultActions:
              - Type: fixed-response
                FixedResponseConfig: { MessageBody: "see #ops", StatusCode: "503" }
    `;
    assert.doesNotMatch(fixOnly('elb-https-listener', t), /#ops/);
  });
});

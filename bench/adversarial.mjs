// Adversarial inputs for the linter, generated (never committed as large files): each is a small or
// medium template written to make some part of the parser or the rules do more than linear work, and
// is timed by the bench beside a plain template of the same size (bench/lib/core-bench.mjs). Issue 13
// found the first three; the others are what an attacker would try next.
//
//   import { adversarialTemplates } from './adversarial.mjs';
//   for (const t of adversarialTemplates(400_000)) ... t.name, t.format ('yaml' | 'json'), t.text, t.why

/** Repeats `unit(i)` until the text reaches `bytes`. */
function fill(head, unit, tail, bytes) {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes; i++) {
    const u = unit(i);
    parts.push(u);
    size += u.length;
  }
  parts.push(tail);
  return parts.join('');
}

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';
const trail = (id, extra = '') => `  ${id}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: logs\n      IsMultiRegionTrail: false\n${extra}`;

/**
 * The corpus, each about `bytes` long.
 * @returns {{ name: string, format: 'yaml' | 'json', text: string, why: string }[]}
 */
export function adversarialTemplates(bytes) {
  const out = [];
  const add = (name, format, text, why) => out.push({ name, format, text, why });

  // 1. Reference extraction retried its regular expression at every `${` and scanned to the end each time.
  {
    const n = Math.max(1, Math.floor((bytes - 200) / 2));
    add('!Sub with unclosed ${ (issue 13)', 'yaml', `${HEAD}${trail('Trail')}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "${'${'.repeat(n)}"\n`, 'one !Sub whose pattern is nothing but unclosed ${');
  }

  // 2. Each alias was resolved by walking the whole document.
  {
    const tags = Array.from({ length: 400 }, (_, i) => `        - Key: tag${i}\n          Value: value-${i}`).join('\n');
    const head = `${HEAD}  Anchor:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: &tags\n${tags}\n`;
    let text = head + Array.from({ length: 1000 }, (_, i) => `  Bucket${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *tags\n`).join('');
    text = fill(text, (i) => trail(`Trail${i}`), '', bytes);
    add('a thousand aliases to a large node (issue 13)', 'yaml', text, '1,000 resources whose Tags alias one 400-tag list, then plain resources');
  }

  // 3. The fast path looked for the end of the line at every scalar: a minified document is one line.
  {
    const resources = [];
    let size = 60;
    for (let i = 0; size < bytes; i++) {
      const r = `"Trail${i}":{"Type":"AWS::CloudTrail::Trail","Properties":{"IsLogging":true,"S3BucketName":"logs-${i}","IsMultiRegionTrail":false,"Tags":[{"Key":"team","Value":"audit"}]}}`;
      resources.push(r);
      size += r.length + 1;
    }
    const json = `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{${resources.join(',')}}}`;
    add('minified JSON, one line (issue 13)', 'json', json, 'the whole template on one line');
    // The same in YAML flow style (tags, plain keys): not JSON, so the YAML fast path reads it.
    const flow = json.replace(/"S3BucketName":"([^"]*)"/g, '"S3BucketName":!Sub "$1-${AWS::Region}"').replace(/"([A-Za-z0-9:]+)":/g, '$1: ');
    add('one-line YAML flow collections', 'yaml', flow, 'the whole template as one line of YAML flow maps with !Sub tags');
  }

  // Deep nesting: a parser that recurses, or does work per level for each token, goes superlinear or
  // runs out of stack (the YAML library took seconds, and could abort the process).
  {
    const depth = Math.floor((bytes - 200) / 2);
    add('nesting 100,000s deep, YAML', 'yaml', `${HEAD}${trail('Trail', `      EventSelectors: ${'['.repeat(depth)}${']'.repeat(depth)}\n`)}`, 'one flow sequence nested as deep as the size allows');
    add('nesting 100,000s deep, JSON', 'json', `{"Resources":{"Trail":{"Type":"AWS::CloudTrail::Trail","Properties":{"IsMultiRegionTrail":false,"EventSelectors":${'['.repeat(depth)}${']'.repeat(depth)}}}}}`, 'the same in JSON');
    add('many lists nested 150 deep', 'yaml', fill(HEAD, (i) => trail(`Trail${i}`, `      EventSelectors: ${'['.repeat(150)}${']'.repeat(150)}\n`), '', bytes), 'every resource holds a list nested 150 deep');
    add('many lists nested 250 deep', 'yaml', fill(HEAD, (i) => trail(`Trail${i}`, `      EventSelectors: ${'['.repeat(250)}${']'.repeat(250)}\n`), '', bytes), 'every resource holds a list nested 250 deep: beyond the depth SOP Lens analyses (200), which the fast path declines, within what it reads (256)');
    add('many lists nested 900 deep', 'yaml', fill(HEAD, (i) => trail(`Trail${i}`, `      EventSelectors: ${'['.repeat(900)}${']'.repeat(900)}\n`), '', bytes), 'every resource holds a list nested 900 deep: refused, the file reported');
  }

  // Anything the fast path declines (here one tab, in a quoted string) goes through the YAML library,
  // some fifteen times slower per node: a document dense in nodes shows it most.
  {
    const items = fill('', (i) => `${i ? ', ' : ''}a`, '', bytes - 300);
    add('a dense flow list, fast path declined', 'yaml', `${HEAD}${trail('Trail')}    Metadata:\n      Tab: "\t"\n      List: [${items}]\n`, 'one tab in a quoted string (the fast path declines tabs) and a flow list of one-letter items');
  }

  // Very long keys, and many duplicate keys in one map.
  {
    const key = (i) => `Key${i}${'k'.repeat(900)}`;
    add('long keys (900 characters)', 'yaml', fill(`${HEAD}${trail('Trail')}    Metadata:\n`, (i) => `      ${key(i)}: v\n`, '', bytes), 'a Metadata map of 900-character keys');
    const long = 'k'.repeat(5000);
    add('long keys (5,000 characters), JSON', 'json', fill('{"Resources":{"Trail":{"Type":"AWS::CloudTrail::Trail","Properties":{"IsMultiRegionTrail":false},"Metadata":{', (i) => `${i ? ',' : ''}"${long}${i}":1`, '}}}}', bytes), 'keys YAML would refuse as implicit keys, valid JSON');
    add('many duplicate keys', 'yaml', fill(`${HEAD}${trail('Trail')}    Metadata:\n`, () => '      Same: value\n', '', bytes), 'one key repeated in one map: a problem per repetition');
  }

  // Cross-resource structure: long DependsOn and Ref chains, long Join and Sub lists, many statements.
  {
    add('DependsOn and !Ref chains', 'yaml', fill(HEAD, (i) => `  Topic${i}:\n    Type: AWS::SNS::Topic\n${i ? `    DependsOn: [Topic${i - 1}]\n` : ''}    Properties:\n      TopicName: !Sub "\${Topic${Math.max(0, i - 1)}.TopicName}-next"\n      DisplayName: ${i ? `!GetAtt Topic${i - 1}.TopicName` : 'first'}\n`, '', bytes), 'each topic depends on, and names, the one before');
    const items = fill('', (i) => `${i ? ', ' : ''}!Ref Bucket${i % 50}`, '', bytes - 400);
    add('!Join over a long list', 'yaml', `${HEAD}${trail('Trail')}  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: "*"\n            Action: s3:GetObject\n            Resource: !Join ["", [${items}]]\n`, 'a bucket policy Resource joined from a very long list');
    const vars = fill('', (i) => `\${Var${i % 100}}-`, '', bytes - 400);
    add('!Sub with many variables', 'yaml', `${HEAD}${trail('Trail')}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "${vars}"\n`, 'one !Sub naming a variable every few characters');
    const statement = (i) => `          - Effect: Allow\n            Principal: "*"\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::bucket/${i}/*\n`;
    add('a policy with thousands of statements', 'yaml', fill(`${HEAD}  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n`, statement, '', bytes), 'one bucket policy whose statements each need checking');
    const rule = (i) => `        - IpProtocol: tcp\n          FromPort: ${i % 65535}\n          ToPort: ${i % 65535}\n          CidrIp: 0.0.0.0/0\n`;
    add('a security group with thousands of rules', 'yaml', fill(`${HEAD}  Group:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: open\n      SecurityGroupIngress:\n`, rule, '', bytes), 'one group whose ingress rules each lack a description');
  }

  // !If trees shared through aliases: each level doubles what a walker sees.
  {
    const levels = Array.from({ length: 40 }, (_, i) => `      L${i + 1}: &l${i + 1} !If [C, *l${i}, *l${i}]\n`).join('');
    const head = `AWSTemplateFormatVersion: "2010-09-09"\nConditions:\n  C: !Equals [a, b]\nResources:\n  Shared:\n    Type: AWS::SNS::Topic\n    Metadata:\n      L0: &l0 x\n${levels}    Properties:\n      TopicName: *l40\n`;
    add('an alias DAG of !If, 2^40 paths', 'yaml', fill(head, (i) => trail(`Trail${i}`), '', bytes), 'each !If names the one before in both branches');
  }

  // Line breaks and white space of other platforms.
  {
    const plain = fill(HEAD, (i) => trail(`Trail${i}`), '', bytes);
    add('carriage returns on their own as line breaks', 'yaml', plain.replace(/\n/g, '\r'), 'a plain template with CR line breaks');
  }
  return out;
}

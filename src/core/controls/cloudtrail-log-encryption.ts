import { type AccountCheck, fail, pass } from './check';
import { multiRegionTrails, trailEvidence } from './support/trails';

export const cloudtrailLogEncryption: AccountCheck = {
  id: 'cloudtrail-log-encryption',
  scope: 'account',
  title: 'The multi-region trail encrypts its logs with a KMS key',
  controls: ['ACCT-001'],
  rationale:
    'The SOP asks for encryption when the trail\'s log bucket is chosen. A KMS key (SSE-KMS) adds a key policy on top of the bucket policy, so reading the logs needs both, and key use is itself logged.',
  calls: ['cloudtrail:DescribeTrails'],
  decides: 'Passes when every multi-region trail (organization trails included) names a KMS key (KmsKeyId); fails when one does not or when there is no multi-region trail.',
  remediation:
    'Create a KMS key whose policy lets CloudTrail encrypt (cloudtrail.amazonaws.com, kms:GenerateDataKey*) and your auditors decrypt, then set it on the trail (aws cloudtrail update-trail --name <trail> --kms-key-id <key>).',
  async run(ctx) {
    const trails = await multiRegionTrails(ctx);
    if (trails.length === 0) return fail('There is no multi-region trail whose logs could be encrypted.');
    const evidence = trails.map((t) =>
      t.KmsKeyId ? trailEvidence(t, `encrypted with KMS key ${t.KmsKeyId}`, 'pass') : trailEvidence(t, 'has no KMS key (logs use only the bucket\'s default encryption)', 'fail'),
    );
    const plain = trails.filter((t) => !t.KmsKeyId);
    return plain.length === 0
      ? pass(`Every multi-region trail encrypts its logs with a KMS key.`, evidence)
      : fail(`${plain.map((t) => t.Name).join(', ')} ${plain.length > 1 ? 'do' : 'does'} not encrypt logs with a KMS key.`, evidence);
  },
};

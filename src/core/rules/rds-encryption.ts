import { asBoolean } from '../template/evaluate';
import type { Resource } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { expectProperty } from './support/expect';
import { because, presenceOf } from './support/network';

/** Properties that make a database a copy of another one, whose encryption it inherits when StorageEncrypted is not set. */
const INSTANCE_SOURCES = ['SourceDBInstanceIdentifier', 'DBSnapshotIdentifier', 'SourceDbiResourceId', 'SourceDBInstanceAutomatedBackupsArn', 'SourceDBClusterIdentifier'];
const CLUSTER_SOURCES = ['SnapshotIdentifier', 'SourceDBClusterIdentifier', 'SourceDbClusterResourceId'];

const FIX_TITLE = 'Set StorageEncrypted: true (replaces an existing database: restore it from an encrypted snapshot copy first)';

export const rdsEncryption = defineRule({
  id: 'rds-encryption',
  control: 'NETSEC-002',
  title: 'RDS databases are encrypted at rest',
  severity: 'error',
  rationale:
    'NETSEC-002 covers data at rest. RDS DB instances and Multi-AZ DB clusters are encrypted only with StorageEncrypted: true; the default is false. Aurora is different: clusters created on or after 18 February 2026 are encrypted by default (with an AWS owned key), but clusters created earlier without StorageEncrypted are not, and the template cannot tell which one a stack holds, so an Aurora cluster without StorageEncrypted is reported as undecided. Aurora Serverless v1 clusters (EngineMode serverless) are always encrypted. A DB instance that belongs to a cluster (DBClusterIdentifier) takes the cluster\'s encryption and is not checked; a database restored from a snapshot or created as a replica inherits its source\'s encryption when StorageEncrypted is not set. StorageEncrypted cannot be changed in place: CloudFormation replaces the database.',
  remedy:
    'Set `StorageEncrypted: true` (with KmsKeyId for a customer managed key where the SOP asks for one). For an existing unencrypted database, copy a snapshot with encryption, restore from it (SnapshotIdentifier / DBSnapshotIdentifier) and switch over, since the change replaces the database.',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbcluster.html#cfn-rds-dbcluster-storageencrypted',
  checkResource(db, ctx) {
    if (db.type === 'AWS::RDS::DBInstance') {
      if (always(ctx, db, 'DBClusterIdentifier')) return;
      check(ctx, db, 'RDS DB instance', INSTANCE_SOURCES, false);
      return;
    }
    const modes = ctx.scalars(db, 'EngineMode');
    if (modes.every((m) => m.kind === 'known' && String(m.value).toLowerCase() === 'serverless')) return;
    check(ctx, db, 'RDS DB cluster', CLUSTER_SOURCES, true);
  },
});

/** Whether the property is set (to anything) in every deployment. */
function always(ctx: RuleContext, db: Resource, key: string): boolean {
  return presenceOf(ctx, db.node, ['Properties', key]).every((p) => p.kind !== 'unset');
}

function check(ctx: RuleContext, db: Resource, what: string, sources: readonly string[], cluster: boolean): void {
  const path = ['Properties', 'StorageEncrypted'];
  const stated = ctx.scalars(db, 'StorageEncrypted');
  if (stated.every((s) => s.kind === 'absent')) {
    const source = sources.find((key) => always(ctx, db, key));
    if (source) {
      const target = ctx.property(db, source).find((f) => f.kind === 'found');
      // A source in this template gets its own finding; one outside it is unknown.
      if (target?.kind === 'found' && ctx.targetOf(target.node)) return;
      const at = target?.kind === 'found' ? target.node : stated[0].node;
      ctx.report({ resource: db, at, path, undecided: true, message: `Cannot decide whether the ${what} is encrypted: it inherits the encryption of ${source}, which is outside this template.` });
      return;
    }
    if (cluster) {
      const engines = ctx.scalars(db, 'Engine');
      const nonAurora = engines.some((e) => e.kind === 'known' && !String(e.value).toLowerCase().startsWith('aurora'));
      if (!nonAurora) {
        const unknown = engines.find((e) => e.kind !== 'known');
        const reason = unknown?.kind === 'unknown' ? `${because('its Engine', unknown.reason)}, and Aurora clusters are encrypted by default only when created on or after 18 February 2026` : 'StorageEncrypted is not set, and Aurora encrypts by default only clusters created on or after 18 February 2026; check the deployed cluster';
        ctx.report({ resource: db, at: stated[0].node, path, undecided: true, message: `Cannot decide whether the Aurora cluster is encrypted: ${reason}.` });
        return;
      }
    }
  }
  expectProperty(ctx, db, {
    path: ['StorageEncrypted'],
    ok: (v) => asBoolean(v) === true,
    absentIsOk: false,
    absentMessage: `${what} is not encrypted (StorageEncrypted is not set; it defaults to false)`,
    wrongMessage: () => `${what} is not encrypted (StorageEncrypted: false)`,
    subject: `whether the ${what} is encrypted`,
    fixValue: true,
    fixTitle: FIX_TITLE,
  });
}

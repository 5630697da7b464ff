import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AUDIT_TABLE, keyAttributeType, STATE_TABLE } from './table-design.ts';

/** Item reads and writes the adapters make; transactions are authorised by these item actions. */
const DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];

export interface AuditTablesProps {
  readonly key: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

const attr = (name: string): dynamodb.Attribute => ({ name, type: keyAttributeType(name) });

/**
 * The audit trail (current line records and their history, single-table) and the state table (checkpoints,
 * leases): on-demand, point-in-time recovery, TTL on `expiresAt`, encrypted with the customer-managed key.
 */
export class AuditTables extends Construct {
  readonly audit: dynamodb.TableV2;
  readonly state: dynamodb.TableV2;

  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: AuditTablesProps) {
    super(scope, id);
    this.key = props.key;
    const common = {
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(props.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy,
    };
    this.audit = new dynamodb.TableV2(this, 'Audit', {
      ...common,
      partitionKey: attr(AUDIT_TABLE.partitionKey),
      sortKey: attr(AUDIT_TABLE.sortKey),
      timeToLiveAttribute: AUDIT_TABLE.ttlAttribute,
      globalSecondaryIndexes: [
        {
          indexName: AUDIT_TABLE.byStatusIndex.name,
          partitionKey: attr(AUDIT_TABLE.byStatusIndex.partitionKey),
          sortKey: attr(AUDIT_TABLE.byStatusIndex.sortKey),
        },
        {
          indexName: AUDIT_TABLE.byOrderIndex.name,
          partitionKey: attr(AUDIT_TABLE.byOrderIndex.partitionKey),
          sortKey: attr(AUDIT_TABLE.byOrderIndex.sortKey),
        },
      ],
    });
    this.state = new dynamodb.TableV2(this, 'State', {
      ...common,
      partitionKey: attr(STATE_TABLE.partitionKey),
      timeToLiveAttribute: STATE_TABLE.ttlAttribute,
    });
  }

  /**
   * Lets the grantee read and write items of both tables and query the two audit indexes by name (no
   * `index/*` wildcard), and use the key for it.
   */
  grantData(grantee: iam.IGrantable): void {
    const auditIndexes = [AUDIT_TABLE.byStatusIndex.name, AUDIT_TABLE.byOrderIndex.name].map(
      (name) => `${this.audit.tableArn}/index/${name}`,
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: DATA_ACTIONS,
        resources: [this.audit.tableArn, ...auditIndexes, this.state.tableArn],
      }),
    );
    this.key.grantEncryptDecrypt(grantee);
  }
}

/**
 * The DynamoDB layout and the Lambda environment variables as the infrastructure sees them.
 *
 * The layout itself is defined once, in `shared/aws/table-design.ts` (the adapters read the same constants);
 * this module re-exports it and adds what only the CDK needs: the attribute types of every key.
 *
 * Audit table (single-table): current record `pk = LINE#{key}`, `sk = STATE`; history `sk = ENTRY#…`.
 *   GSI `byStatus` (status S, updatedAt N, epoch ms) lists lines for review;
 *   GSI `byOrder` (purchaseOrderId S, sk S) gives one order's history.
 *   Reservation markers: partition `pk = RESERVING`, `sk = {line key}`, one per line whose receipt holds PO
 *   schedule quantity; no index attributes, so they stay out of both GSIs and need no key type of their own.
 * State table: checkpoints and leases, `pk` only.
 * Both tables expire items through the `expiresAt` attribute (epoch seconds).
 */
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { AUDIT_TABLE, ENV, STATE_TABLE } from '../shared/aws/index.ts';

export { AUDIT_TABLE, ENV, STATE_TABLE };

/** DynamoDB type of every key attribute used by a table or index. */
export const KEY_ATTRIBUTE_TYPES: Record<string, AttributeType> = {
  pk: AttributeType.STRING,
  sk: AttributeType.STRING,
  status: AttributeType.STRING,
  updatedAt: AttributeType.NUMBER,
  purchaseOrderId: AttributeType.STRING,
};

/** Type of a key attribute; throws for an attribute the layout does not declare. */
export function keyAttributeType(name: string): AttributeType {
  const type = KEY_ATTRIBUTE_TYPES[name];
  if (!type) throw new Error(`table-design: no attribute type declared for key attribute "${name}"`);
  return type;
}

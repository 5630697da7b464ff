/**
 * Local AWS for tests: dynalite (DynamoDB) and local-aws-sqs (SQS) in this process on 127.0.0.1, ephemeral
 * ports, with tables and queues laid out exactly as the CDK stack creates them (shared/aws/table-design.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { createRequestHandler } from 'local-aws-sqs';
import { AUDIT_TABLE, STATE_TABLE, WORK_QUEUE } from '../../shared/aws/index.ts';

export const TEST_REGION = 'us-east-1';
/** Obviously fake keys: the emulators accept anything, the SDK only needs something to sign with. */
export const TEST_AWS_CREDENTIALS = { accessKeyId: 'LOCALTESTKEY', secretAccessKey: 'local-test-only' };

export interface QueuePair {
  queueUrl: string;
  dlqUrl: string;
}

export interface AwsEmulators {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  /** Creates an audit table (pk/sk, GSIs byStatus and byOrder projecting everything). */
  createAuditTable(name: string): Promise<string>;
  /** Creates a state table (pk). */
  createStateTable(name: string): Promise<string>;
  /** Creates a DLQ and a work queue whose redrive policy moves a message there after `maxReceiveCount` receives. */
  createQueues(name: string, maxReceiveCount?: number, visibilityTimeoutSeconds?: number): Promise<QueuePair>;
  /** Another DynamoDB client of the emulator, as a second process would have one; destroy it when done. */
  newDynamoClient(): DynamoDBClient;
  /** Another SQS client of the emulator, as a second process would have one; destroy it when done. */
  newSqsClient(): SQSClient;
  stop(): Promise<void>;
}

/** Starts both emulators; call `stop()` in afterAll. */
export async function startAwsEmulators(): Promise<AwsEmulators> {
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamoServer.once('error', reject);
    dynamoServer.listen(0, '127.0.0.1', () => resolve());
  });
  const sqsServer = await startSqsServer();
  const dynamoEndpoint = endpointOf(dynamoServer);
  const sqsEndpoint = endpointOf(sqsServer);
  const newDynamoClient = () =>
    new DynamoDBClient({ endpoint: dynamoEndpoint, region: TEST_REGION, credentials: TEST_AWS_CREDENTIALS });
  const newSqsClient = () =>
    new SQSClient({ endpoint: sqsEndpoint, region: TEST_REGION, credentials: TEST_AWS_CREDENTIALS });
  const dynamo = newDynamoClient();
  const sqs = newSqsClient();

  return {
    dynamoEndpoint,
    sqsEndpoint,
    dynamo,
    sqs,
    async createAuditTable(name) {
      const { byStatusIndex: byStatus, byOrderIndex: byOrder } = AUDIT_TABLE;
      await dynamo.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: AUDIT_TABLE.partitionKey, AttributeType: 'S' },
            { AttributeName: AUDIT_TABLE.sortKey, AttributeType: 'S' },
            { AttributeName: byStatus.partitionKey, AttributeType: 'S' },
            { AttributeName: byStatus.sortKey, AttributeType: 'N' },
            { AttributeName: byOrder.partitionKey, AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: AUDIT_TABLE.partitionKey, KeyType: 'HASH' },
            { AttributeName: AUDIT_TABLE.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [byStatus, byOrder].map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }),
      );
      await untilActive(dynamo, name);
      return name;
    },
    async createStateTable(name) {
      await dynamo.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: STATE_TABLE.partitionKey, AttributeType: 'S' }],
          KeySchema: [{ AttributeName: STATE_TABLE.partitionKey, KeyType: 'HASH' }],
        }),
      );
      await untilActive(dynamo, name);
      return name;
    },
    async createQueues(
      name,
      maxReceiveCount = WORK_QUEUE.defaultMaxReceiveCount,
      visibilityTimeoutSeconds = 30,
    ) {
      const dlq = await sqs.send(
        new CreateQueueCommand({
          QueueName: `${name}-dlq`,
          Attributes: { MessageRetentionPeriod: String(WORK_QUEUE.dlqRetentionSeconds) },
        }),
      );
      const dlqUrl = dlq.QueueUrl as string;
      const arn = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
      );
      const queue = await sqs.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: {
            VisibilityTimeout: String(visibilityTimeoutSeconds),
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: arn.Attributes?.QueueArn,
              maxReceiveCount,
            }),
          },
        }),
      );
      return { queueUrl: queue.QueueUrl as string, dlqUrl };
    },
    newDynamoClient,
    newSqsClient,
    async stop() {
      dynamo.destroy();
      sqs.destroy();
      await Promise.all([closeServer(dynamoServer), closeServer(sqsServer)]);
    },
  };
}

/**
 * local-aws-sqs with one correction: it counts ChangeMessageVisibility as a receive (SQS does not), which
 * would dead-letter released work early. Each queue's internal message entries are captured as they are
 * created, and the extra count is taken back after every visibility change.
 */
async function startSqsServer(): Promise<Server> {
  const { service, requestHandler } = createRequestHandler({
    port: 0,
    hostname: '127.0.0.1',
    region: TEST_REGION,
    emulateQueueCreationLifecycle: false,
  });
  const patchQueues = () => {
    for (const queue of service.Queues as unknown as EmulatedQueue[]) patchReceiveCount(queue);
  };
  const server = createServer((req, res) => {
    patchQueues();
    res.on('finish', patchQueues);
    void requestHandler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service.PORT = (server.address() as AddressInfo).port;
  return server;
}

interface EmulatedEntry {
  record: { MessageId: string; attributes: { ApproximateReceiveCount: string } };
}

interface EmulatedQueue {
  newRecord(record: EmulatedEntry['record'], delaySeconds: number): EmulatedEntry;
  changeVisibility(handle: string, timeoutSeconds: number): boolean;
  [patched]?: true;
}

const patched = Symbol('receiveCountPatched');

function patchReceiveCount(queue: EmulatedQueue): void {
  if (queue[patched]) return;
  queue[patched] = true;
  const entries = new Map<string, EmulatedEntry>();
  const newRecord = queue.newRecord;
  queue.newRecord = (record, delaySeconds) => {
    const entry = newRecord(record, delaySeconds);
    entries.set(record.MessageId, entry);
    return entry;
  };
  const changeVisibility = queue.changeVisibility.bind(queue);
  queue.changeVisibility = (handle, timeoutSeconds) => {
    const changed = changeVisibility(handle, timeoutSeconds);
    const entry = entries.get(messageIdOf(handle));
    if (changed && entry) {
      const count = Number(entry.record.attributes.ApproximateReceiveCount);
      entry.record.attributes.ApproximateReceiveCount = String(Math.max(0, count - 1));
    }
    return changed;
  };
}

/** The emulator's receipt handle is base64 of a UUID followed by JSON naming the message. */
function messageIdOf(handle: string): string {
  try {
    const text = Buffer.from(handle, 'base64').toString('utf8');
    return (JSON.parse(text.slice(text.indexOf('{'))) as { MessageId?: string }).MessageId ?? '';
  } catch {
    return '';
  }
}

function endpointOf(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/**
 * Waits until a new table is ACTIVE: dynalite answers CreateTable while the table is still CREATING (for a
 * timer tick), and a write in that moment fails with ResourceNotFoundException on a busy machine.
 */
async function untilActive(dynamo: DynamoDBClient, name: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}

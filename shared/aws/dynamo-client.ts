import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Wraps a DynamoDB client (or builds one from `config`) in the document client the adapters use.
 * Undefined fields are dropped rather than rejected: optional record fields are simply absent.
 *
 * @example const doc = documentClient(new DynamoDBClient({ endpoint: 'http://127.0.0.1:4567' }));
 */
export function documentClient(
  client: DynamoDBClient | DynamoDBDocumentClient | DynamoDBClientConfig = {},
): DynamoDBDocumentClient {
  if (client instanceof DynamoDBDocumentClient) return client;
  const base = client instanceof DynamoDBClient ? client : new DynamoDBClient(client);
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/**
 * A loopback Secrets Manager that speaks just enough awsJson1_1 for GetSecretValue (no emulator exists).
 * Secrets are addressed by name or by a fake ARN; unknown ids answer ResourceNotFoundException like AWS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsManagerFake {
  endpoint: string;
  /** Stores (or rotates) a secret; returns its ARN. */
  put(name: string, value: string | object): string;
  /** GetSecretValue calls answered so far, per secret name. */
  reads(name: string): number;
  /** Makes every call fail with this AWS error code until cleared with `undefined`. */
  failWith(code: string | undefined): void;
  stop(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, ephemeral port. */
export async function startSecretsManagerFake(): Promise<SecretsManagerFake> {
  const secrets = new Map<string, string>();
  const counts = new Map<string, number>();
  let failure: string | undefined;
  const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
  const nameOf = (id: string) => {
    for (const name of secrets.keys()) if (id === name || id === arnOf(name)) return name;
    return undefined;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      if (failure) return reply(400, { __type: failure, message: `simulated ${failure}` });
      if (target !== 'secretsmanager.GetSecretValue') {
        return reply(400, { __type: 'UnknownOperationException', message: `not emulated: ${target}` });
      }
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        SecretId?: string;
      };
      const name = SecretId ? nameOf(SecretId) : undefined;
      if (!name) {
        return reply(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      }
      counts.set(name, (counts.get(name) ?? 0) + 1);
      reply(200, {
        ARN: arnOf(name),
        Name: name,
        SecretString: secrets.get(name),
        VersionId: `v${counts.get(name)}`,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Date.now() / 1000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    put(name, value) {
      secrets.set(name, typeof value === 'string' ? value : JSON.stringify(value));
      return arnOf(name);
    },
    reads: (name) => counts.get(name) ?? 0,
    failWith(code) {
      failure = code;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { type RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface CredentialSecretsProps {
  readonly key: kms.IKey;
  readonly peoplesoftAuthType: 'basic' | 'oauth2';
  readonly removalPolicy: RemovalPolicy;
}

/** JSON shapes the functions read from the two secrets (docs/deploy-aws.md shows how to put them in). */
export const SECRET_SHAPES = {
  walmart: '{"clientId":"…","clientSecret":"…"}',
  peoplesoftBasic: '{"type":"basic","username":"…","password":"…"}',
  peoplesoftOauth2: '{"type":"oauth2","clientId":"…","clientSecret":"…"}',
} as const;

/**
 * The Walmart and PeopleSoft credentials, encrypted with the customer-managed key. They start with a note
 * and no credential at all (a function reading one says which field is missing); the operator puts the real
 * values in with `aws secretsmanager put-secret-value`, so no credential ever appears in a template.
 */
export class CredentialSecrets extends Construct {
  readonly walmart: secretsmanager.Secret;
  readonly peoplesoft: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: CredentialSecretsProps) {
    super(scope, id);
    const note = (shape: string) =>
      SecretValue.unsafePlainText(
        JSON.stringify({
          note: `Not set yet. Put ${shape} here (docs/deploy-aws.md, "Put the credentials in").`,
        }),
      );
    this.walmart = new secretsmanager.Secret(this, 'Walmart', {
      description: `ml-connector: Walmart Marketplace API credentials ${SECRET_SHAPES.walmart}`,
      encryptionKey: props.key,
      removalPolicy: props.removalPolicy,
      secretStringValue: note(SECRET_SHAPES.walmart),
    });
    const shape =
      props.peoplesoftAuthType === 'oauth2' ? SECRET_SHAPES.peoplesoftOauth2 : SECRET_SHAPES.peoplesoftBasic;
    this.peoplesoft = new secretsmanager.Secret(this, 'PeopleSoft', {
      description: `ml-connector: PeopleSoft credentials ${shape}`,
      encryptionKey: props.key,
      removalPolicy: props.removalPolicy,
      secretStringValue: note(shape),
    });
  }
}

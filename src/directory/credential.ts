/**
 * The app's own Graph credential (client credentials, never a signed-in user).
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { GraphCredentialConfig } from '../config';

/** Where and how to get tokens. */
export interface CredentialOptions {
  readonly tenantId: string;
  readonly authorityHost: string;
  /** Skip MSAL's call to the public cloud's instance discovery (private or sovereign authorities). */
  readonly disableInstanceDiscovery: boolean;
  readonly credential: GraphCredentialConfig;
}

/** Builds the @azure/identity credential the configuration describes. */
export function createCredential(options: CredentialOptions): TokenCredential {
  const common = {
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: options.disableInstanceDiscovery,
  };
  const credential = options.credential;
  switch (credential.kind) {
    case 'secret':
      return new ClientSecretCredential(
        options.tenantId,
        credential.clientId,
        credential.clientSecret,
        common,
      );
    case 'certificate':
      return new ClientCertificateCredential(
        options.tenantId,
        credential.clientId,
        credential.certificatePath,
        common,
      );
    case 'managed-identity':
      return credential.clientId
        ? new ManagedIdentityCredential({ clientId: credential.clientId })
        : new ManagedIdentityCredential();
  }
}

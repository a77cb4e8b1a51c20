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
import { withTimeout } from './credential-timeout';

/** Where and how to get tokens. */
export interface CredentialOptions {
  readonly tenantId: string;
  readonly authorityHost: string;
  /** Skip MSAL's call to the public cloud's instance discovery (private or sovereign authorities). */
  readonly disableInstanceDiscovery: boolean;
  readonly credential: GraphCredentialConfig;
}

/**
 * Builds the @azure/identity credential the configuration describes. With `timeoutMs`, each
 * token request is limited to it (see {@link withTimeout}; the directory's default request
 * timeout, `DEFAULT_GRAPH_TIMEOUT_MS`, is 30 s); without, it is not limited here.
 *
 * @throws Error when `timeoutMs` is given and is not a number of ms above 0.
 */
export function createCredential(options: CredentialOptions, timeoutMs?: number): TokenCredential {
  const credential = buildCredential(options);
  return timeoutMs === undefined ? credential : withTimeout(credential, timeoutMs);
}

function buildCredential(options: CredentialOptions): TokenCredential {
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

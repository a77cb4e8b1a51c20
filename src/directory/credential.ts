/**
 * The app's own credentials (client credentials, never a signed-in user): the Graph credential,
 * and the managed identity the Azure Table Storage store is reached with. The only module that
 * imports @azure/identity.
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { GraphCredentialConfig, StoreIdentityConfig } from '../config';
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
      // A PEM file (AZURE_CLIENT_CERTIFICATE_PATH), or the PEM itself (AZURE_CLIENT_CERTIFICATE).
      return 'certificatePath' in credential
        ? new ClientCertificateCredential(
            options.tenantId,
            credential.clientId,
            { certificatePath: credential.certificatePath },
            common,
          )
        : new ClientCertificateCredential(
            options.tenantId,
            credential.clientId,
            { certificate: credential.certificate },
            common,
          );
    case 'managed-identity':
      return managedIdentity(credential.clientId, options.authorityHost);
  }
}

/**
 * A managed identity. The authority is always passed: @azure/identity otherwise reads
 * `AZURE_AUTHORITY_HOST` itself, and the empty value Teams Toolkit and the Bicep write for an
 * unset variable makes it throw at construction ("must use the 'https' protocol").
 */
function managedIdentity(clientId: string | undefined, authorityHost: string): TokenCredential {
  return new ManagedIdentityCredential(clientId ? { clientId, authorityHost } : { authorityHost });
}

/**
 * The credential of Azure Table Storage named by endpoint: a managed identity of its own
 * (`AZURE_TABLES_CLIENT_ID`: a user-assigned identity's client id; unset: the host's
 * system-assigned identity), never the Graph app's secret or certificate. With `timeoutMs`, each
 * token request is limited to it, as with {@link createCredential}.
 */
export function createStoreCredential(
  identity: StoreIdentityConfig,
  timeoutMs?: number,
  authorityHost = 'https://login.microsoftonline.com',
): TokenCredential {
  const credential = managedIdentity(identity.clientId, authorityHost);
  return timeoutMs === undefined ? credential : withTimeout(credential, timeoutMs);
}

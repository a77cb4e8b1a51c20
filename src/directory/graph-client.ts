/**
 * The Graph SDK client, with its standard middleware (auth, retry with Retry-After, redirect).
 */
import type { TokenCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

/** The Graph hosts the SDK already attaches tokens to. */
const PUBLIC_GRAPH_HOSTS: ReadonlySet<string> = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
  'canary.graph.microsoft.com',
]);

/** Creates a Graph client for `endpoint` (e.g. https://graph.microsoft.com) using `credential`. */
export function createGraphClient(endpoint: string, credential: TokenCredential): Client {
  const host = new URL(endpoint).hostname;
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [`${endpoint}/.default`],
  });
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: endpoint,
    defaultVersion: 'v1.0',
    // The SDK sends the token only to known Graph hosts; any other https host must be named.
    ...(PUBLIC_GRAPH_HOSTS.has(host) ? {} : { customHosts: new Set([host]) }),
  });
}

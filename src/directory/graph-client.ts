/**
 * The Graph SDK client: the SDK's standard middleware (auth, redirect, telemetry) and a fetch
 * that keeps the cause of network errors. No SDK retry handler: the retry budget
 * (retry-policy.ts) does all retrying; the SDK's would wait up to 180 s per `Retry-After`, three
 * times, outside any budget, and it does not retry 502.
 */
import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  type Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { FetchHandler } from './fetch-handler';

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
  const middleware: Middleware[] = [
    new AuthenticationHandler(authProvider),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new FetchHandler(),
  ];
  return Client.initWithMiddleware({
    middleware,
    baseUrl: endpoint,
    defaultVersion: 'v1.0',
    // The SDK sends the token only to known Graph hosts; any other https host must be named.
    ...(PUBLIC_GRAPH_HOSTS.has(host) ? {} : { customHosts: new Set([host]) }),
  });
}

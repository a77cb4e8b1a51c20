/**
 * The Graph credential's settings: which mode (`GRAPH_CREDENTIAL`, or the one the variables set
 * imply), the rules of each mode (every problem names the variables to change), and the typed
 * credential configuration once the rules hold.
 */

/** The values of `GRAPH_CREDENTIAL`. */
export const GRAPH_CREDENTIAL_KINDS = ['secret', 'certificate', 'managed-identity'] as const;

/**
 * How the bot gets its Graph token (`GRAPH_CREDENTIAL`):
 * - `secret`: the Graph app registration `clientId` and its client secret;
 * - `certificate`: that app and a PEM certificate with its private key, from a file
 *   (`certificatePath`) or from the environment (`certificate`, e.g. a Key Vault reference);
 * - `managed-identity`: the host's managed identity: system-assigned, or the user-assigned
 *   one whose client id is `clientId`.
 */
export type GraphCredentialConfig =
  | { readonly kind: 'secret'; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: 'certificate'; readonly clientId: string; readonly certificatePath: string }
  | { readonly kind: 'certificate'; readonly clientId: string; readonly certificate: string }
  | { readonly kind: 'managed-identity'; readonly clientId?: string };

/** The Graph credential mode: `GRAPH_CREDENTIAL`, or the one the variables that are set imply. */
function graphCredentialKind(
  set: (name: string) => boolean,
  environment: NodeJS.ProcessEnv,
): (typeof GRAPH_CREDENTIAL_KINDS)[number] | undefined {
  const named = environment.GRAPH_CREDENTIAL?.trim();
  if (named) {
    return (GRAPH_CREDENTIAL_KINDS as readonly string[]).includes(named)
      ? (named as (typeof GRAPH_CREDENTIAL_KINDS)[number])
      : undefined;
  }
  if (set('AZURE_CLIENT_SECRET')) return 'secret';
  if (set('AZURE_CLIENT_CERTIFICATE_PATH') || set('AZURE_CLIENT_CERTIFICATE')) return 'certificate';
  return 'managed-identity';
}

/** Rules of the Graph credential, each naming the variables to change. */
export function graphCredentialProblems(
  set: (name: string) => boolean,
  environment: NodeJS.ProcessEnv,
): string[] {
  const problems: string[] = [];
  const explicit = (environment.GRAPH_CREDENTIAL ?? '').trim() !== '';
  const kind = graphCredentialKind(set, environment);
  const certificates = ['AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE'].filter(set);
  const mode = explicit ? `GRAPH_CREDENTIAL=${kind}` : 'a client secret or certificate';
  if (certificates.length === 2) {
    problems.push(
      'AZURE_CLIENT_CERTIFICATE_PATH and AZURE_CLIENT_CERTIFICATE: set one of them, not both',
    );
  }
  switch (kind) {
    case undefined:
      return problems; // GRAPH_CREDENTIAL itself is reported by the schema.
    case 'secret':
    case 'certificate': {
      if (set('AZURE_CLIENT_SECRET') && certificates.length > 0) {
        problems.push(
          `${certificates.join(' and ')}: set either AZURE_CLIENT_SECRET or ${certificates.join(' or ')}, not both`,
        );
      }
      if (!set('AZURE_CLIENT_ID')) {
        problems.push(
          `AZURE_CLIENT_ID (the Graph app registration's client id) is required with ${mode}`,
        );
      }
      if (kind === 'secret' && !set('AZURE_CLIENT_SECRET')) {
        problems.push('AZURE_CLIENT_SECRET is required with GRAPH_CREDENTIAL=secret');
      }
      if (kind === 'certificate' && certificates.length === 0) {
        problems.push(
          'GRAPH_CREDENTIAL=certificate needs AZURE_CLIENT_CERTIFICATE_PATH (a PEM file) or AZURE_CLIENT_CERTIFICATE (the PEM itself)',
        );
      }
      return problems;
    }
    case 'managed-identity': {
      const extra = ['AZURE_CLIENT_SECRET', ...certificates].filter(set);
      if (explicit && extra.length > 0) {
        problems.push(
          `GRAPH_CREDENTIAL=managed-identity uses no secret or certificate: unset ${extra.join(', ')}`,
        );
      }
      if (!explicit && set('AZURE_CLIENT_ID')) {
        problems.push(
          'AZURE_CLIENT_ID is set without AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_CLIENT_CERTIFICATE: give the Graph app its secret or certificate, or set GRAPH_CREDENTIAL=managed-identity to use the user-assigned managed identity with that client id',
        );
      }
      return problems;
    }
  }
}

/** The variables the Graph credential is read from, once validated. */
export interface GraphCredentialVariables {
  readonly GRAPH_CREDENTIAL?: (typeof GRAPH_CREDENTIAL_KINDS)[number];
  readonly AZURE_CLIENT_ID?: string;
  readonly AZURE_CLIENT_SECRET?: string;
  readonly AZURE_CLIENT_CERTIFICATE_PATH?: string;
  readonly AZURE_CLIENT_CERTIFICATE?: string;
}

/** Runs after {@link graphCredentialProblems} found nothing: every variable a mode needs is set. */
export function graphCredential(env: GraphCredentialVariables): GraphCredentialConfig {
  const kind =
    env.GRAPH_CREDENTIAL ??
    (env.AZURE_CLIENT_SECRET
      ? 'secret'
      : env.AZURE_CLIENT_CERTIFICATE_PATH || env.AZURE_CLIENT_CERTIFICATE
        ? 'certificate'
        : 'managed-identity');
  const clientId = env.AZURE_CLIENT_ID ?? '';
  switch (kind) {
    case 'secret':
      return { kind, clientId, clientSecret: env.AZURE_CLIENT_SECRET ?? '' };
    case 'certificate':
      return env.AZURE_CLIENT_CERTIFICATE
        ? { kind, clientId, certificate: env.AZURE_CLIENT_CERTIFICATE }
        : { kind, clientId, certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH ?? '' };
    case 'managed-identity':
      return { kind, clientId: env.AZURE_CLIENT_ID };
  }
}

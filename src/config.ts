/**
 * The one typed, validated configuration, read from the environment at start.
 * Anything missing or malformed stops the process with one message listing every problem.
 */
import { z } from 'zod';
import type { AlertsConfig } from './alerts-config';
import {
  appIds,
  audience,
  booleanFlag,
  GUID,
  httpsUrl,
  list,
  metadataUrl,
  objectIds,
  optionNames,
  optionalText,
  seconds,
} from './config-fields';
import { crossFieldProblems } from './config-cross-checks';
import {
  GRAPH_CREDENTIAL_KINDS,
  type GraphCredentialConfig,
  graphCredential,
} from './graph-credential-config';
import type { LockdownOption } from './lockdown/options';

export { describeConfig } from './describe-config';
export type { AlertsConfig } from './alerts-config';
export { GRAPH_CREDENTIAL_KINDS, type GraphCredentialConfig } from './graph-credential-config';

/** Public Graph endpoints and their sign-in authorities, by cloud. */
const KNOWN_CLOUDS: readonly { readonly graph: string; readonly authority: string }[] = [
  { graph: 'https://graph.microsoft.com', authority: 'https://login.microsoftonline.com' },
  { graph: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  { graph: 'https://dod-graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  { graph: 'https://microsoftgraph.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn' },
];

/**
 * The managed identity Azure Table Storage is reached with when it is named by endpoint: its own
 * setting (`AZURE_TABLES_CLIENT_ID`), independent of the Graph credential.
 */
export interface StoreIdentityConfig {
  readonly kind: 'managed-identity';
  /** A user-assigned identity's client id; `undefined`: the host's system-assigned identity. */
  readonly clientId?: string;
}

/** The bot's validated configuration. */
export interface Config {
  readonly port: number;
  /** 127.0.0.1 when the bot runs without a Bot Framework identity; all interfaces otherwise. */
  readonly host: string;
  readonly logLevel: string;
  /** Bot Framework identity; `undefined` means anonymous (local clients only). */
  readonly bot?: {
    readonly appId: string;
    readonly appPassword?: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi';
    readonly tenantId?: string;
    /** Where to find the keys that sign Teams' tokens (sovereign clouds, tests); Bot Framework's by default. */
    readonly openIdMetadataUrl?: string;
    /** The issuer those tokens carry, with {@link openIdMetadataUrl}. */
    readonly tokenIssuer?: string;
  };
  readonly graph: {
    readonly tenantId: string;
    readonly endpoint: string;
    readonly authorityHost: string;
    /** True when the authority is not a public cloud's: MSAL must not call the public cloud's discovery. */
    readonly disableInstanceDiscovery: boolean;
    readonly credential: GraphCredentialConfig;
    /** Time limit of every Graph HTTP call and token request, in ms. */
    readonly timeoutMs: number;
  };
  readonly store: StoreSetting;
  /** How approved lockdowns are run across instances. */
  readonly runner: {
    /** How long a runner's claim on a lockdown holds unless renewed, in ms. */
    readonly leaseMs: number;
    /** How often each instance looks for lockdowns nobody runs, in ms. */
    readonly sweepMs: number;
  };
  readonly approval: {
    readonly ttlMinutes: number;
    readonly allowSelfApproval: boolean;
    /**
     * Show Confirm only to the approvers (Universal Actions per-person views). Off for clients
     * that do not refresh cards, such as the Agents Playground.
     */
    readonly perPersonViews: boolean;
    /** Pending requests one person may have at once. */
    readonly maxPendingPerPerson: number;
  };
  /** Who may use the bot where, and against whom. */
  readonly access: AccessConfig;
  /** What every lockdown does beyond the article's steps. */
  readonly containment: {
    /** Options on for every lockdown unless its command turns one off (`--no-<option>`). */
    readonly defaultOptions: readonly LockdownOption[];
    /** How a synced account's on-premises AD account is reached; absent: it is not. */
    readonly onPremises?: 'defender-for-identity';
  };
  /** `POST /api/alerts` (docs/alerts.md); absent (the default): the route does not exist. */
  readonly alerts?: AlertsConfig;
}

/** Where requests live: one instance uses SQLite; several share Azure Table Storage. */
export type StoreSetting =
  | { readonly kind: 'sqlite'; readonly path: string }
  /** A connection string (Azurite, tests, or an account that still allows shared keys). */
  | { readonly kind: 'azure-tables'; readonly connectionString: string }
  /** Reached with a managed identity of its own (`AZURE_TABLES_CLIENT_ID`), never Graph's credential. */
  | {
      readonly kind: 'azure-tables';
      readonly endpoint: string;
      readonly identity: StoreIdentityConfig;
    };

/** Who may ask and approve, in which channels, and which targets are off limits. */
export interface AccessConfig {
  /** Teams channel ids where commands are accepted; empty means nowhere yet. */
  readonly channelIds: readonly string[];
  /** Entra object ids of people who may ask; with the groups empty too, anyone in a security channel. */
  readonly requesterIds: readonly string[];
  readonly requesterGroupIds: readonly string[];
  /** Entra object ids of people who may approve; with the groups empty too, anyone but the requester. */
  readonly approverIds: readonly string[];
  readonly approverGroupIds: readonly string[];
  /** UPNs (lower case) or object ids that are never locked down. */
  readonly protectedTargets: readonly string[];
  /** Extra directory roles (display names or template ids) whose holders count as privileged. */
  readonly privilegedRoles: readonly string[];
}

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  // Azure no longer creates multi-tenant bots (since 2025-07-31); existing ones still work.
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi']).default('SingleTenant'),
  BOT_TENANT_ID: optionalText,
  AZURE_TENANT_ID: z.string({ required_error: 'is required' }).trim().min(1, 'is required'),
  GRAPH_CREDENTIAL: z
    .enum(GRAPH_CREDENTIAL_KINDS, {
      errorMap: () => ({ message: `must be one of ${GRAPH_CREDENTIAL_KINDS.join(', ')}` }),
    })
    .optional(),
  AZURE_CLIENT_ID: optionalText,
  AZURE_CLIENT_SECRET: optionalText,
  AZURE_CLIENT_CERTIFICATE_PATH: optionalText,
  AZURE_CLIENT_CERTIFICATE: z
    .string()
    .optional()
    // One-line values (some pipelines cannot hold newlines) may carry them as \n.
    .transform((value) => value?.replace(/\\n/g, '\n').trim())
    .refine(
      (value) => value === undefined || /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value),
      'must be a PEM certificate with its private key (-----BEGIN ... PRIVATE KEY-----)',
    )
    .refine(
      (value) => value === undefined || value.includes('-----BEGIN CERTIFICATE-----'),
      'must hold the certificate (-----BEGIN CERTIFICATE-----) besides the private key',
    ),
  AZURE_AUTHORITY_HOST: httpsUrl.default('https://login.microsoftonline.com'),
  GRAPH_ENDPOINT: httpsUrl.default('https://graph.microsoft.com'),
  LOCKDOWN_STORE: z
    .string()
    .trim()
    .regex(/^(sqlite:.+|azure-tables)$/, 'must be sqlite:<path> or azure-tables')
    .default('sqlite:./data/lockdown.db'),
  LOCKDOWN_APPROVAL_TTL_MINUTES: z.coerce.number().min(0.05).max(1440).default(15),
  LOCKDOWN_ALLOW_SELF_APPROVAL: booleanFlag,
  LOCKDOWN_PER_PERSON_VIEWS: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => value !== 'false' && value !== '0'),
  LOCKDOWN_MAX_PENDING_PER_PERSON: z.coerce.number().int().min(1).max(1000).default(10),
  LOCKDOWN_LEASE_SECONDS: seconds(0.5, 300, 30),
  LOCKDOWN_SWEEP_SECONDS: seconds(0.1, 300, 15),
  GRAPH_TIMEOUT_SECONDS: seconds(0.5, 300, 30),
  LOCKDOWN_CHANNEL_IDS: list,
  LOCKDOWN_REQUESTER_IDS: objectIds,
  LOCKDOWN_REQUESTER_GROUP_IDS: objectIds,
  LOCKDOWN_APPROVER_IDS: objectIds,
  LOCKDOWN_APPROVER_GROUP_IDS: objectIds,
  LOCKDOWN_PROTECTED: list,
  LOCKDOWN_PRIVILEGED_ROLES: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(/[,;]+/)
        .map((role) => role.trim())
        .filter(Boolean),
    ),
  LOCKDOWN_DEFAULT_OPTIONS: optionNames,
  LOCKDOWN_ONPREM: z.enum(['none', 'defender-for-identity']).optional(),
  LOCKDOWN_ALERTS_AUDIENCE: audience,
  LOCKDOWN_ALERTS_CALLER_IDS: appIds,
  LOCKDOWN_ALERTS_CHANNEL_ID: optionalText,
  BOT_OPENID_METADATA_URL: metadataUrl,
  BOT_TOKEN_ISSUER: optionalText,
  AZURE_TABLES_CONNECTION_STRING: optionalText,
  AZURE_TABLES_ENDPOINT: httpsUrl.optional(),
  AZURE_TABLES_CLIENT_ID: z
    .string()
    .trim()
    .regex(GUID, 'must be the client id (a GUID) of a user-assigned managed identity')
    .optional(),
});

type Environment = z.infer<typeof environmentSchema>;

/** Thrown when the environment does not describe a runnable bot; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from an environment (defaults to `process.env`). */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // Teams Toolkit writes empty values for unset variables: treat them as absent.
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`,
        )),
    ...crossFieldProblems(environment, Object.keys(environmentSchema.shape)),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.BOT_ID ? '0.0.0.0' : '127.0.0.1',
    logLevel: env.LOG_LEVEL,
    bot: env.BOT_ID
      ? {
          appId: env.BOT_ID,
          appPassword: env.BOT_PASSWORD,
          appType: env.BOT_TYPE,
          // A single-tenant bot lives in the tenant it protects unless told otherwise.
          tenantId:
            env.BOT_TENANT_ID ?? (env.BOT_TYPE === 'MultiTenant' ? undefined : env.AZURE_TENANT_ID),
          openIdMetadataUrl: env.BOT_OPENID_METADATA_URL,
          tokenIssuer: env.BOT_TOKEN_ISSUER,
        }
      : undefined,
    graph: {
      tenantId: env.AZURE_TENANT_ID,
      endpoint: env.GRAPH_ENDPOINT,
      authorityHost: env.AZURE_AUTHORITY_HOST,
      disableInstanceDiscovery: !KNOWN_CLOUDS.some(
        (cloud) => cloud.authority === env.AZURE_AUTHORITY_HOST,
      ),
      credential: graphCredential(env),
      timeoutMs: env.GRAPH_TIMEOUT_SECONDS,
    },
    store: storeSetting(env),
    runner: { leaseMs: env.LOCKDOWN_LEASE_SECONDS, sweepMs: env.LOCKDOWN_SWEEP_SECONDS },
    approval: {
      ttlMinutes: env.LOCKDOWN_APPROVAL_TTL_MINUTES,
      allowSelfApproval: env.LOCKDOWN_ALLOW_SELF_APPROVAL,
      perPersonViews: env.LOCKDOWN_PER_PERSON_VIEWS,
      maxPendingPerPerson: env.LOCKDOWN_MAX_PENDING_PER_PERSON,
    },
    access: {
      channelIds: env.LOCKDOWN_CHANNEL_IDS,
      requesterIds: env.LOCKDOWN_REQUESTER_IDS,
      requesterGroupIds: env.LOCKDOWN_REQUESTER_GROUP_IDS,
      approverIds: env.LOCKDOWN_APPROVER_IDS,
      approverGroupIds: env.LOCKDOWN_APPROVER_GROUP_IDS,
      protectedTargets: env.LOCKDOWN_PROTECTED.map((target) => target.toLowerCase()),
      privilegedRoles: env.LOCKDOWN_PRIVILEGED_ROLES,
    },
    containment: {
      defaultOptions: env.LOCKDOWN_DEFAULT_OPTIONS,
      ...(env.LOCKDOWN_ONPREM === 'defender-for-identity'
        ? { onPremises: env.LOCKDOWN_ONPREM }
        : {}),
    },
    ...(env.LOCKDOWN_ALERTS_AUDIENCE
      ? {
          alerts: {
            audience: env.LOCKDOWN_ALERTS_AUDIENCE,
            callerIds: env.LOCKDOWN_ALERTS_CALLER_IDS,
            channelId: env.LOCKDOWN_ALERTS_CHANNEL_ID ?? '',
          },
        }
      : {}),
  };
}

function storeSetting(env: Environment): StoreSetting {
  if (env.LOCKDOWN_STORE.startsWith('sqlite:')) {
    return { kind: 'sqlite', path: env.LOCKDOWN_STORE.slice('sqlite:'.length) };
  }
  return env.AZURE_TABLES_CONNECTION_STRING
    ? { kind: 'azure-tables', connectionString: env.AZURE_TABLES_CONNECTION_STRING }
    : {
        kind: 'azure-tables',
        endpoint: env.AZURE_TABLES_ENDPOINT ?? '',
        identity: { kind: 'managed-identity', clientId: env.AZURE_TABLES_CLIENT_ID },
      };
}

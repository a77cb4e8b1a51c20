/**
 * The one typed, validated configuration, read from the environment at start.
 * Anything missing or malformed stops the process with one message listing every problem.
 */
import { z } from 'zod';

/** Public Graph endpoints and their sign-in authorities, by cloud. */
const KNOWN_CLOUDS: readonly { readonly graph: string; readonly authority: string }[] = [
  { graph: 'https://graph.microsoft.com', authority: 'https://login.microsoftonline.com' },
  { graph: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  { graph: 'https://dod-graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  { graph: 'https://microsoftgraph.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn' },
];

/** How the bot gets its Graph token. */
export type GraphCredentialConfig =
  | { readonly kind: 'secret'; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: 'certificate'; readonly clientId: string; readonly certificatePath: string }
  | { readonly kind: 'managed-identity'; readonly clientId?: string };

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
  };
  readonly graph: {
    readonly tenantId: string;
    readonly endpoint: string;
    readonly authorityHost: string;
    /** True when the authority is not a public cloud's: MSAL must not call the public cloud's discovery. */
    readonly disableInstanceDiscovery: boolean;
    readonly credential: GraphCredentialConfig;
  };
  readonly store: { readonly kind: 'sqlite'; readonly path: string };
  readonly approval: {
    readonly ttlMinutes: number;
    readonly allowSelfApproval: boolean;
  };
}

const httpsUrl = z
  .string()
  .trim()
  .url()
  .refine((value) => value.startsWith('https://'), 'must be an https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi']).default('MultiTenant'),
  BOT_TENANT_ID: optionalText,
  AZURE_TENANT_ID: z.string({ required_error: 'is required' }).trim().min(1, 'is required'),
  AZURE_CLIENT_ID: optionalText,
  AZURE_CLIENT_SECRET: optionalText,
  AZURE_CLIENT_CERTIFICATE_PATH: optionalText,
  AZURE_AUTHORITY_HOST: httpsUrl.default('https://login.microsoftonline.com'),
  GRAPH_ENDPOINT: httpsUrl.default('https://graph.microsoft.com'),
  LOCKDOWN_STORE: z
    .string()
    .trim()
    .regex(/^sqlite:.+$/, 'must be sqlite:<path>')
    .default('sqlite:./data/lockdown.db'),
  LOCKDOWN_APPROVAL_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  LOCKDOWN_ALLOW_SELF_APPROVAL: booleanFlag,
});

/** Rules across variables, checked on the raw environment so they are reported with the rest. */
function crossFieldProblems(environment: NodeJS.ProcessEnv): string[] {
  const set = (name: string): boolean => (environment[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (set('AZURE_CLIENT_SECRET') && set('AZURE_CLIENT_CERTIFICATE_PATH')) {
    problems.push(
      'AZURE_CLIENT_CERTIFICATE_PATH: set either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, not both',
    );
  }
  if (
    (set('AZURE_CLIENT_SECRET') || set('AZURE_CLIENT_CERTIFICATE_PATH')) &&
    !set('AZURE_CLIENT_ID')
  ) {
    problems.push('AZURE_CLIENT_ID is required with a client secret or certificate');
  }
  const botType = environment.BOT_TYPE?.trim() || 'MultiTenant';
  if (set('BOT_ID') && botType !== 'UserAssignedMsi' && !set('BOT_PASSWORD')) {
    problems.push(`BOT_PASSWORD is required when BOT_ID is set and BOT_TYPE is ${botType}`);
  }
  if (set('BOT_ID') && botType === 'SingleTenant' && !set('BOT_TENANT_ID')) {
    problems.push('BOT_TENANT_ID is required when BOT_TYPE is SingleTenant');
  }
  return problems;
}

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
    ...crossFieldProblems(environment),
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
          tenantId: env.BOT_TENANT_ID,
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
    },
    store: { kind: 'sqlite', path: env.LOCKDOWN_STORE.slice('sqlite:'.length) },
    approval: {
      ttlMinutes: env.LOCKDOWN_APPROVAL_TTL_MINUTES,
      allowSelfApproval: env.LOCKDOWN_ALLOW_SELF_APPROVAL,
    },
  };
}

function graphCredential(env: z.infer<typeof environmentSchema>): GraphCredentialConfig {
  if (env.AZURE_CLIENT_ID && env.AZURE_CLIENT_SECRET) {
    return { kind: 'secret', clientId: env.AZURE_CLIENT_ID, clientSecret: env.AZURE_CLIENT_SECRET };
  }
  if (env.AZURE_CLIENT_ID && env.AZURE_CLIENT_CERTIFICATE_PATH) {
    return {
      kind: 'certificate',
      clientId: env.AZURE_CLIENT_ID,
      certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH,
    };
  }
  return { kind: 'managed-identity', clientId: env.AZURE_CLIENT_ID };
}

/** A description of the configuration that is safe to log: no secrets, only their presence. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    bot: config.bot
      ? { appId: config.bot.appId, appType: config.bot.appType, tenantId: config.bot.tenantId }
      : 'anonymous (local clients only)',
    graph: {
      tenantId: config.graph.tenantId,
      endpoint: config.graph.endpoint,
      authorityHost: config.graph.authorityHost,
      credential: config.graph.credential.kind,
      clientId: config.graph.credential.clientId,
    },
    store: config.store,
    approval: config.approval,
  };
}

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { ConfigError, describeConfig, loadConfig, type GraphCredentialConfig } from '../src/config';
import { openConfiguredStore } from '../src/open-store';

const MINIMAL = {
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 's3cret',
};

describe('loadConfig', () => {
  it('applies the defaults', () => {
    const config = loadConfig(MINIMAL);
    assert.equal(config.port, 3978);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.bot, undefined);
    assert.equal(config.graph.endpoint, 'https://graph.microsoft.com');
    assert.equal(config.graph.authorityHost, 'https://login.microsoftonline.com');
    assert.equal(config.graph.disableInstanceDiscovery, false);
    assert.deepEqual(config.graph.credential, {
      kind: 'secret',
      clientId: 'client',
      clientSecret: 's3cret',
    });
    assert.deepEqual(config.store, { kind: 'sqlite', path: './data/lockdown.db' });
    assert.deepEqual(config.approval, {
      ttlMinutes: 15,
      allowSelfApproval: false,
      perPersonViews: true,
      maxPendingPerPerson: 10,
    });
    assert.deepEqual(config.runner, { leaseMs: 30_000, sweepMs: 15_000 });
    assert.equal(config.graph.timeoutMs, 30_000);
    assert.deepEqual(config.containment, { defaultOptions: [] });
  });

  it('reads lease, sweep and Graph time limits in seconds, fractions allowed, and refuses a sweep as slow as the lease', () => {
    const config = loadConfig({
      ...MINIMAL,
      LOCKDOWN_LEASE_SECONDS: '2',
      LOCKDOWN_SWEEP_SECONDS: '0.5',
      GRAPH_TIMEOUT_SECONDS: '2.5',
      LOCKDOWN_MAX_PENDING_PER_PERSON: '3',
    });
    assert.deepEqual(config.runner, { leaseMs: 2000, sweepMs: 500 });
    assert.equal(config.graph.timeoutMs, 2500);
    assert.equal(config.approval.maxPendingPerPerson, 3);
    assert.throws(
      () => loadConfig({ ...MINIMAL, LOCKDOWN_LEASE_SECONDS: '10', LOCKDOWN_SWEEP_SECONDS: '10' }),
      /LOCKDOWN_SWEEP_SECONDS must be shorter than LOCKDOWN_LEASE_SECONDS/,
    );
    assert.throws(
      () => loadConfig({ ...MINIMAL, GRAPH_TIMEOUT_SECONDS: '0' }),
      /GRAPH_TIMEOUT_SECONDS/,
    );
  });

  it('keeps configured object ids in lower case, so every comparison agrees', () => {
    const config = loadConfig({
      ...MINIMAL,
      LOCKDOWN_APPROVER_IDS: 'A0000000-0000-4000-8000-00000000000A',
      LOCKDOWN_REQUESTER_GROUP_IDS: 'C0000000-0000-4000-8000-00000000000C',
    });
    assert.deepEqual(config.access.approverIds, ['a0000000-0000-4000-8000-00000000000a']);
    assert.deepEqual(config.access.requesterGroupIds, ['c0000000-0000-4000-8000-00000000000c']);
  });

  it('makes a bot single-tenant in the protected tenant unless told otherwise', () => {
    const single = loadConfig({ ...MINIMAL, BOT_ID: 'bot', BOT_PASSWORD: 'pw' });
    assert.equal(single.bot?.appType, 'SingleTenant');
    assert.equal(single.bot?.tenantId, MINIMAL.AZURE_TENANT_ID);
    const other = loadConfig({
      ...MINIMAL,
      BOT_ID: 'bot',
      BOT_PASSWORD: 'pw',
      BOT_TENANT_ID: 'bt',
    });
    assert.equal(other.bot?.tenantId, 'bt');
    const multi = loadConfig({
      ...MINIMAL,
      BOT_ID: 'bot',
      BOT_PASSWORD: 'pw',
      BOT_TYPE: 'MultiTenant',
    });
    assert.equal(multi.bot?.tenantId, undefined);
  });

  it('listens on every interface only with a Bot Framework identity', () => {
    const config = loadConfig({ ...MINIMAL, BOT_ID: 'bot', BOT_PASSWORD: 'pw', PORT: '8080' });
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 8080);
    assert.equal(config.bot?.appId, 'bot');
  });

  it('treats empty values as unset (Teams Toolkit writes empty ones)', () => {
    const config = loadConfig({ ...MINIMAL, BOT_ID: '', BOT_PASSWORD: '', PORT: '3978' });
    assert.equal(config.bot, undefined);
  });

  it('accepts sovereign clouds and private https hosts, skipping instance discovery off the public clouds', () => {
    const us = loadConfig({
      ...MINIMAL,
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      GRAPH_ENDPOINT: 'https://graph.microsoft.us/',
    });
    assert.equal(us.graph.endpoint, 'https://graph.microsoft.us');
    assert.equal(us.graph.disableInstanceDiscovery, false);
    const local = loadConfig({
      ...MINIMAL,
      AZURE_AUTHORITY_HOST: 'https://localhost:8443',
      GRAPH_ENDPOINT: 'https://localhost:8443',
    });
    assert.equal(local.graph.disableInstanceDiscovery, true);
  });

  it('lists every problem at once', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          BOT_ID: 'bot',
          AZURE_CLIENT_SECRET: 'x',
          AZURE_CLIENT_CERTIFICATE_PATH: '/y',
          GRAPH_ENDPOINT: 'http://graph.microsoft.com',
          LOCKDOWN_APPROVAL_TTL_MINUTES: '0',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const text = error.message;
        for (const name of [
          'PORT',
          'AZURE_TENANT_ID',
          'GRAPH_ENDPOINT',
          'AZURE_CLIENT_CERTIFICATE_PATH',
          'AZURE_CLIENT_ID',
          'BOT_PASSWORD',
          'LOCKDOWN_APPROVAL_TTL_MINUTES',
        ]) {
          assert.match(text, new RegExp(name), `${name} missing from:\n${text}`);
        }
        assert.doesNotMatch(text, /x\b.*\/y/);
        return true;
      },
    );
  });

  it('never describes secrets', () => {
    const described = JSON.stringify(
      describeConfig(loadConfig({ ...MINIMAL, BOT_ID: 'bot', BOT_PASSWORD: 'bot-pw-123' })),
    );
    assert.doesNotMatch(described, /s3cret|bot-pw-123/);
  });
});

const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQ==',
  '-----END PRIVATE KEY-----',
  '-----BEGIN CERTIFICATE-----',
  'MIIC+g==',
  '-----END CERTIFICATE-----',
].join('\n');

describe('loadConfig: the Graph credential (GRAPH_CREDENTIAL)', () => {
  const T = { AZURE_TENANT_ID: 't' };
  const accepted: readonly {
    readonly name: string;
    readonly env: NodeJS.ProcessEnv;
    readonly credential: GraphCredentialConfig;
  }[] = [
    {
      name: 'a secret, named',
      env: { ...T, GRAPH_CREDENTIAL: 'secret', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' },
      credential: { kind: 'secret', clientId: 'c', clientSecret: 's' },
    },
    {
      name: 'a secret, implied by AZURE_CLIENT_SECRET',
      env: { ...T, AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' },
      credential: { kind: 'secret', clientId: 'c', clientSecret: 's' },
    },
    {
      name: 'a certificate file, implied by AZURE_CLIENT_CERTIFICATE_PATH',
      env: { ...T, AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem' },
      credential: { kind: 'certificate', clientId: 'c', certificatePath: '/c.pem' },
    },
    {
      name: 'a certificate file, named',
      env: {
        ...T,
        GRAPH_CREDENTIAL: 'certificate',
        AZURE_CLIENT_ID: 'c',
        AZURE_CLIENT_CERTIFICATE_PATH: '/home/site/c.pem',
      },
      credential: { kind: 'certificate', clientId: 'c', certificatePath: '/home/site/c.pem' },
    },
    {
      name: 'a PEM in the environment (a resolved Key Vault reference)',
      env: {
        ...T,
        GRAPH_CREDENTIAL: 'certificate',
        AZURE_CLIENT_ID: 'c',
        AZURE_CLIENT_CERTIFICATE: PEM,
      },
      credential: { kind: 'certificate', clientId: 'c', certificate: PEM },
    },
    {
      name: 'a PEM on one line with \\n escapes',
      env: { ...T, AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE: PEM.replace(/\n/g, '\\n') },
      credential: { kind: 'certificate', clientId: 'c', certificate: PEM },
    },
    {
      name: 'the system-assigned managed identity, implied by no credential at all',
      env: { ...T },
      credential: { kind: 'managed-identity', clientId: undefined },
    },
    {
      name: 'the system-assigned managed identity, named (Teams Toolkit writes empty values)',
      env: {
        ...T,
        GRAPH_CREDENTIAL: 'managed-identity',
        AZURE_CLIENT_ID: '',
        AZURE_CLIENT_SECRET: '',
      },
      credential: { kind: 'managed-identity', clientId: undefined },
    },
    {
      name: 'a user-assigned managed identity, named',
      env: { ...T, GRAPH_CREDENTIAL: 'managed-identity', AZURE_CLIENT_ID: 'mi' },
      credential: { kind: 'managed-identity', clientId: 'mi' },
    },
  ];
  for (const { name, env, credential } of accepted) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(loadConfig(env).graph.credential, credential);
    });
  }

  const refused: readonly {
    readonly name: string;
    readonly env: NodeJS.ProcessEnv;
    readonly message: RegExp;
  }[] = [
    {
      name: 'an unknown mode',
      env: { ...T, GRAPH_CREDENTIAL: 'password' },
      message: /GRAPH_CREDENTIAL must be one of secret, certificate, managed-identity/,
    },
    {
      name: 'a secret without its app',
      env: { ...T, AZURE_CLIENT_SECRET: 's' },
      message: /AZURE_CLIENT_ID \(the Graph app registration's client id\) is required/,
    },
    {
      name: 'GRAPH_CREDENTIAL=secret without the secret',
      env: { ...T, GRAPH_CREDENTIAL: 'secret', AZURE_CLIENT_ID: 'c' },
      message: /AZURE_CLIENT_SECRET is required with GRAPH_CREDENTIAL=secret/,
    },
    {
      name: 'GRAPH_CREDENTIAL=certificate without a certificate',
      env: { ...T, GRAPH_CREDENTIAL: 'certificate', AZURE_CLIENT_ID: 'c' },
      message:
        /GRAPH_CREDENTIAL=certificate needs AZURE_CLIENT_CERTIFICATE_PATH .* or AZURE_CLIENT_CERTIFICATE/,
    },
    {
      name: 'a secret and a certificate at once',
      env: {
        ...T,
        AZURE_CLIENT_ID: 'c',
        AZURE_CLIENT_SECRET: 's',
        AZURE_CLIENT_CERTIFICATE_PATH: '/c',
      },
      message: /set either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, not both/,
    },
    {
      name: 'both certificate variables',
      env: {
        ...T,
        AZURE_CLIENT_ID: 'c',
        AZURE_CLIENT_CERTIFICATE_PATH: '/c',
        AZURE_CLIENT_CERTIFICATE: PEM,
      },
      message: /AZURE_CLIENT_CERTIFICATE_PATH and AZURE_CLIENT_CERTIFICATE: set one of them/,
    },
    {
      name: 'a PEM without its private key',
      env: {
        ...T,
        AZURE_CLIENT_ID: 'c',
        AZURE_CLIENT_CERTIFICATE: '-----BEGIN CERTIFICATE-----\nx',
      },
      message: /AZURE_CLIENT_CERTIFICATE must be a PEM certificate with its private key/,
    },
    {
      // The README once said to fill AZURE_CLIENT_ID: without a secret that silently meant
      // "the user-assigned identity with this id". Now it must be said.
      name: 'AZURE_CLIENT_ID alone (app or managed identity? ambiguous)',
      env: { ...T, AZURE_CLIENT_ID: 'c' },
      message:
        /AZURE_CLIENT_ID is set without AZURE_CLIENT_SECRET.*GRAPH_CREDENTIAL=managed-identity/,
    },
    {
      name: 'a managed identity with a leftover secret',
      env: { ...T, GRAPH_CREDENTIAL: 'managed-identity', AZURE_CLIENT_SECRET: 's' },
      message:
        /GRAPH_CREDENTIAL=managed-identity uses no secret or certificate: unset AZURE_CLIENT_SECRET/,
    },
    {
      name: 'a Key Vault reference App Service could not resolve',
      env: {
        ...T,
        AZURE_CLIENT_ID: 'c',
        AZURE_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/s/)',
      },
      message: /AZURE_CLIENT_SECRET is a Key Vault reference App Service could not resolve/,
    },
  ];
  for (const { name, env, message } of refused) {
    it(`refuses ${name}, naming the variables`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it("never describes a secret or a certificate's private key", () => {
    const described = JSON.stringify(
      describeConfig(
        loadConfig({
          ...T,
          GRAPH_CREDENTIAL: 'certificate',
          AZURE_CLIENT_ID: 'c',
          AZURE_CLIENT_CERTIFICATE: PEM,
        }),
      ),
    );
    assert.doesNotMatch(described, /BEGIN|MIIEvQ/);
    assert.match(described, /"credential":"certificate"/);
  });
});

describe('loadConfig: store and access settings', () => {
  it('opens Azure Table Storage with a connection string or an endpoint, never both', () => {
    assert.deepEqual(
      loadConfig({
        ...MINIMAL,
        LOCKDOWN_STORE: 'azure-tables',
        AZURE_TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      }).store,
      { kind: 'azure-tables', connectionString: 'UseDevelopmentStorage=true' },
    );
    assert.deepEqual(
      loadConfig({
        ...MINIMAL,
        LOCKDOWN_STORE: 'azure-tables',
        AZURE_TABLES_ENDPOINT: 'https://acct.table.core.windows.net/',
      }).store,
      {
        kind: 'azure-tables',
        endpoint: 'https://acct.table.core.windows.net',
        identity: { kind: 'managed-identity', clientId: undefined },
      },
    );
    assert.throws(
      () => loadConfig({ ...MINIMAL, LOCKDOWN_STORE: 'azure-tables' }),
      /exactly one of/,
    );
    assert.throws(
      () => loadConfig({ ...MINIMAL, LOCKDOWN_STORE: 'postgres://x' }),
      /LOCKDOWN_STORE/,
    );
  });

  const storeIdentities: readonly {
    readonly name: string;
    readonly env: NodeJS.ProcessEnv;
    readonly expected: RegExp | { kind: 'managed-identity'; clientId?: string };
  }[] = [
    {
      name: 'the system-assigned identity when AZURE_TABLES_CLIENT_ID is empty',
      env: { AZURE_TABLES_CLIENT_ID: '' },
      expected: { kind: 'managed-identity', clientId: undefined },
    },
    {
      name: 'the user-assigned identity AZURE_TABLES_CLIENT_ID names',
      env: { AZURE_TABLES_CLIENT_ID: '0b6e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b' },
      expected: { kind: 'managed-identity', clientId: '0b6e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b' },
    },
    {
      name: 'its own identity even when Graph uses a user-assigned one',
      env: {
        GRAPH_CREDENTIAL: 'managed-identity',
        AZURE_CLIENT_ID: 'graph-mi',
        AZURE_CLIENT_SECRET: '',
      },
      expected: { kind: 'managed-identity', clientId: undefined },
    },
    {
      name: 'no client id that is not a GUID',
      env: { AZURE_TABLES_CLIENT_ID: 'my-identity' },
      expected:
        /AZURE_TABLES_CLIENT_ID must be the client id \(a GUID\) of a user-assigned managed identity/,
    },
  ];
  for (const { name, env, expected } of storeIdentities) {
    it(`reaches Azure Table Storage by endpoint with ${name}`, () => {
      const load = () =>
        loadConfig({
          ...MINIMAL,
          LOCKDOWN_STORE: 'azure-tables',
          AZURE_TABLES_ENDPOINT: 'https://acct.table.core.windows.net',
          ...env,
        });
      if (expected instanceof RegExp) {
        assert.throws(load, expected);
        return;
      }
      const store = load().store;
      assert.ok(store.kind === 'azure-tables' && 'endpoint' in store);
      assert.deepEqual(store.identity, expected);
    });
  }

  it('takes AZURE_TABLES_CLIENT_ID only with an Azure Tables endpoint', () => {
    const id = '0b6e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
    for (const env of [
      { AZURE_TABLES_CLIENT_ID: id },
      {
        LOCKDOWN_STORE: 'azure-tables',
        AZURE_TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true',
        AZURE_TABLES_CLIENT_ID: id,
      },
    ]) {
      assert.throws(
        () => loadConfig({ ...MINIMAL, ...env }),
        /AZURE_TABLES_CLIENT_ID applies only with LOCKDOWN_STORE=azure-tables and AZURE_TABLES_ENDPOINT/,
      );
    }
  });

  it('never describes a storage connection string', () => {
    const config = loadConfig({
      ...MINIMAL,
      LOCKDOWN_STORE: 'azure-tables',
      AZURE_TABLES_CONNECTION_STRING: 'AccountName=a;AccountKey=c2VjcmV0LWtleQ==',
    });
    assert.doesNotMatch(JSON.stringify(describeConfig(config)), /AccountKey/);
  });

  it('reads the access lists and refuses ids that are not object ids', () => {
    const id = '0b6e4f2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
    const config = loadConfig({
      ...MINIMAL,
      LOCKDOWN_CHANNEL_IDS: '19:abc@thread.tacv2, 19:def@thread.tacv2',
      LOCKDOWN_APPROVER_IDS: id,
      LOCKDOWN_PROTECTED: 'BreakGlass@contoso.com',
      LOCKDOWN_PRIVILEGED_ROLES: 'Exchange Administrator, Intune Administrator',
    });
    assert.deepEqual(config.access.channelIds, ['19:abc@thread.tacv2', '19:def@thread.tacv2']);
    assert.deepEqual(config.access.approverIds, [id]);
    assert.deepEqual(config.access.requesterIds, []);
    assert.deepEqual(config.access.protectedTargets, ['breakglass@contoso.com']);
    assert.deepEqual(config.access.privilegedRoles, [
      'Exchange Administrator',
      'Intune Administrator',
    ]);
    assert.throws(
      () => loadConfig({ ...MINIMAL, LOCKDOWN_APPROVER_GROUP_IDS: 'security-team' }),
      /LOCKDOWN_APPROVER_GROUP_IDS must be Entra object ids/,
    );
  });

  it('takes custom Bot Framework token metadata only with its issuer, and only over https or loopback', () => {
    const bot = { BOT_ID: 'bot', BOT_PASSWORD: 'pw' };
    const config = loadConfig({
      ...MINIMAL,
      ...bot,
      BOT_OPENID_METADATA_URL: 'http://127.0.0.1:9999/openid',
      BOT_TOKEN_ISSUER: 'https://issuer.test',
    });
    assert.equal(config.bot?.openIdMetadataUrl, 'http://127.0.0.1:9999/openid');
    assert.throws(
      () =>
        loadConfig({
          ...MINIMAL,
          ...bot,
          BOT_OPENID_METADATA_URL: 'http://evil.example/openid',
          BOT_TOKEN_ISSUER: 'x',
        }),
      /BOT_OPENID_METADATA_URL/,
    );
    assert.throws(
      () =>
        loadConfig({ ...MINIMAL, ...bot, BOT_OPENID_METADATA_URL: 'https://ok.example/openid' }),
      /go together/,
    );
  });
});

describe('openConfiguredStore', () => {
  /** A credential that records its calls and refuses, so that no request leaves the process. */
  function spyCredential(calls: string[], name: string): TokenCredential {
    return {
      getToken: () => {
        calls.push(name);
        return Promise.reject(new Error(`${name} refused`));
      },
    };
  }

  it("reaches Azure Table Storage by endpoint with the store credential, never with Graph's", async () => {
    const config = loadConfig({
      ...MINIMAL,
      LOCKDOWN_STORE: 'azure-tables',
      AZURE_TABLES_ENDPOINT: 'https://acct.table.core.windows.net',
    });
    const calls: string[] = [];
    const store = openConfiguredStore(config, { storeCredential: spyCredential(calls, 'store') });
    try {
      await assert.rejects(store.get('healthz'));
    } finally {
      await store.close();
    }
    assert.ok(calls.length > 0 && calls.every((call) => call === 'store'), calls.join(', '));
  });

  it('builds its managed identity even when AZURE_AUTHORITY_HOST is set but empty (as the Bicep writes it)', async () => {
    const before = process.env.AZURE_AUTHORITY_HOST;
    process.env.AZURE_AUTHORITY_HOST = '';
    try {
      const config = loadConfig({
        ...MINIMAL,
        LOCKDOWN_STORE: 'azure-tables',
        AZURE_TABLES_ENDPOINT: 'https://acct.table.core.windows.net',
      });
      const store = openConfiguredStore(config);
      await store.close();
    } finally {
      if (before === undefined) delete process.env.AZURE_AUTHORITY_HOST;
      else process.env.AZURE_AUTHORITY_HOST = before;
    }
  });

  it("opens SQLite as configured (the audit export's path)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockdown-open-store-'));
    try {
      const store = openConfiguredStore(
        loadConfig({ ...MINIMAL, LOCKDOWN_STORE: `sqlite:${join(dir, 'l.db')}` }),
      );
      assert.deepEqual(await store.listAudit(), []);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

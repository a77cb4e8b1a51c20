import assert from 'node:assert/strict';
import { ConfigError, describeConfig, loadConfig } from '../src/config';

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
    assert.deepEqual(config.approval, { ttlMinutes: 15, allowSelfApproval: false });
  });

  it('listens on every interface only with a Bot Framework identity', () => {
    const config = loadConfig({ ...MINIMAL, BOT_ID: 'bot', BOT_PASSWORD: 'pw', PORT: '8080' });
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 8080);
    assert.equal(config.bot?.appId, 'bot');
  });

  it('uses a certificate or, without secret and certificate, a managed identity', () => {
    assert.deepEqual(
      loadConfig({
        AZURE_TENANT_ID: 't',
        AZURE_CLIENT_ID: 'c',
        AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem',
      }).graph.credential,
      {
        kind: 'certificate',
        clientId: 'c',
        certificatePath: '/c.pem',
      },
    );
    assert.deepEqual(loadConfig({ AZURE_TENANT_ID: 't' }).graph.credential, {
      kind: 'managed-identity',
      clientId: undefined,
    });
    assert.deepEqual(loadConfig({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'mi' }).graph.credential, {
      kind: 'managed-identity',
      clientId: 'mi',
    });
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

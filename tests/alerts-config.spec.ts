/**
 * The alert endpoint's settings: absent by default (and nothing else changes), complete when
 * `LOCKDOWN_ALERTS_AUDIENCE` is set, and every contradiction reported with the rest.
 */
import assert from 'node:assert/strict';
import { ConfigError, describeConfig, loadConfig } from '../src/config';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const CALLER = 'C0000000-0000-4000-8000-0000000000A1';
const CHANNEL = '19:alerts@thread.tacv2';
const MINIMAL = {
  AZURE_TENANT_ID: TENANT,
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 's3cret',
  LOCKDOWN_CHANNEL_IDS: `19:other@thread.tacv2, ${CHANNEL}`,
};
const ALERTS = {
  LOCKDOWN_ALERTS_AUDIENCE: 'api://lockdown.contoso.com',
  LOCKDOWN_ALERTS_CALLER_IDS: `${CALLER}, d0000000-0000-4000-8000-0000000000a1`,
  LOCKDOWN_ALERTS_CHANNEL_ID: CHANNEL,
};

function problemsWith(environment: Record<string, string>): readonly string[] {
  try {
    loadConfig(environment);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('the configuration was accepted');
}

describe('loadConfig: alerts', () => {
  it('has no alert endpoint by default, and says so at start', () => {
    for (const environment of [
      MINIMAL,
      // Teams Toolkit and the Bicep template write empty values for unset ones.
      {
        ...MINIMAL,
        LOCKDOWN_ALERTS_AUDIENCE: '',
        LOCKDOWN_ALERTS_CALLER_IDS: '',
        LOCKDOWN_ALERTS_CHANNEL_ID: ' ',
      },
    ]) {
      const config = loadConfig(environment);
      assert.equal(config.alerts, undefined);
      assert.equal('alerts' in config, false);
      assert.equal(describeConfig(config).alerts, 'off');
    }
  });

  const accepted: readonly [string, Record<string, string>, unknown][] = [
    [
      'an app ID URI, callers in lower case, a security channel',
      ALERTS,
      {
        audience: 'api://lockdown.contoso.com',
        callerIds: [CALLER.toLowerCase(), 'd0000000-0000-4000-8000-0000000000a1'],
        channelId: CHANNEL,
      },
    ],
    [
      'a client id as the audience (an API that accepts v2 tokens)',
      { ...ALERTS, LOCKDOWN_ALERTS_AUDIENCE: ' b0000000-0000-4000-8000-0000000000b0 ' },
      {
        audience: 'b0000000-0000-4000-8000-0000000000b0',
        callerIds: [CALLER.toLowerCase(), 'd0000000-0000-4000-8000-0000000000a1'],
        channelId: CHANNEL,
      },
    ],
    [
      'an https app ID URI',
      { ...ALERTS, LOCKDOWN_ALERTS_AUDIENCE: 'https://contoso.com/lockdown' },
      undefined,
    ],
  ];
  for (const [name, settings, expected] of accepted) {
    it(`reads ${name}`, () => {
      const config = loadConfig({ ...MINIMAL, ...settings });
      assert.ok(config.alerts);
      if (expected !== undefined) assert.deepEqual(config.alerts, expected);
      assert.deepEqual(describeConfig(config).alerts, config.alerts);
    });
  }

  const refused: readonly [string, Record<string, string>, readonly RegExp[]][] = [
    [
      'an audience alone',
      { ...MINIMAL, LOCKDOWN_ALERTS_AUDIENCE: 'api://lockdown' },
      [
        /^LOCKDOWN_ALERTS_CALLER_IDS is required with/,
        /^LOCKDOWN_ALERTS_CHANNEL_ID is required with/,
      ],
    ],
    [
      'a channel that is not a security channel',
      { ...MINIMAL, ...ALERTS, LOCKDOWN_ALERTS_CHANNEL_ID: '19:elsewhere@thread.tacv2' },
      [
        /^LOCKDOWN_ALERTS_CHANNEL_ID must be one of LOCKDOWN_CHANNEL_IDS.*19:elsewhere@thread\.tacv2/,
      ],
    ],
    [
      'a channel while no security channel is set',
      { ...MINIMAL, ...ALERTS, LOCKDOWN_CHANNEL_IDS: '' },
      [/^LOCKDOWN_ALERTS_CHANNEL_ID must be one of LOCKDOWN_CHANNEL_IDS/],
    ],
    [
      'caller ids that are not GUIDs',
      { ...MINIMAL, ...ALERTS, LOCKDOWN_ALERTS_CALLER_IDS: `${CALLER},sentinel-playbook` },
      [
        /^LOCKDOWN_ALERTS_CALLER_IDS must be app \(client\) ids or object ids \(GUIDs\); not: sentinel-playbook$/,
      ],
    ],
    [
      'an audience that is neither a URI nor a GUID',
      { ...MINIMAL, ...ALERTS, LOCKDOWN_ALERTS_AUDIENCE: 'lockdown alerts' },
      [/^LOCKDOWN_ALERTS_AUDIENCE must be the app ID URI/],
    ],
    [
      'a tenant named by its domain',
      { ...MINIMAL, ...ALERTS, AZURE_TENANT_ID: 'contoso.onmicrosoft.com' },
      [/^LOCKDOWN_ALERTS_AUDIENCE needs AZURE_TENANT_ID to be the tenant id \(a GUID\)/],
    ],
    [
      'caller ids and a channel without an audience',
      {
        ...MINIMAL,
        LOCKDOWN_ALERTS_CALLER_IDS: CALLER,
        LOCKDOWN_ALERTS_CHANNEL_ID: CHANNEL,
      },
      [
        /^LOCKDOWN_ALERTS_CALLER_IDS and LOCKDOWN_ALERTS_CHANNEL_ID apply only with LOCKDOWN_ALERTS_AUDIENCE/,
      ],
    ],
  ];
  for (const [name, environment, expected] of refused) {
    it(`refuses ${name}`, () => {
      const problems = problemsWith(environment);
      assert.equal(problems.length, expected.length, problems.join('\n'));
      expected.forEach((pattern, i) => assert.match(problems[i]!, pattern));
    });
  }

  it('reports alert problems together with the others', () => {
    const problems = problemsWith({
      ...MINIMAL,
      LOCKDOWN_ALERTS_AUDIENCE: 'api://lockdown',
      LOCKDOWN_LEASE_SECONDS: '10',
      LOCKDOWN_SWEEP_SECONDS: '10',
    });
    assert.ok(problems.some((problem) => problem.startsWith('LOCKDOWN_ALERTS_CALLER_IDS')));
    assert.ok(problems.some((problem) => problem.startsWith('LOCKDOWN_SWEEP_SECONDS')));
  });
});

import assert from 'node:assert/strict';
import { ConfigError, describeConfig, loadConfig } from '../src/config';

const MINIMAL = {
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 's3cret',
};

/** The problems loadConfig reports for `value` of LOCKDOWN_DEFAULT_OPTIONS. */
function problemsWith(value: string): readonly string[] {
  try {
    loadConfig({ ...MINIMAL, LOCKDOWN_DEFAULT_OPTIONS: value });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail(`LOCKDOWN_DEFAULT_OPTIONS=${value} was accepted`);
}

describe('loadConfig: LOCKDOWN_DEFAULT_OPTIONS', () => {
  const accepted: readonly (readonly [string, readonly string[]])[] = [
    ['', []],
    ['   ', []],
    ['remove-mfa', ['remove-mfa']],
    ['remove-mfa,disable-mail-rules', ['remove-mfa', 'disable-mail-rules']],
    // In the order the steps run, whatever the order written; duplicates and case do not matter.
    ['compromised, revoke-consents ,Remove-MFA', ['remove-mfa', 'revoke-consents', 'compromised']],
    ['remove-mfa,remove-mfa;compromised', ['remove-mfa', 'compromised']],
    [
      'compromised,revoke-consents,disable-mail-rules,remove-mfa',
      ['remove-mfa', 'disable-mail-rules', 'revoke-consents', 'compromised'],
    ],
  ];
  for (const [value, expected] of accepted) {
    it(`reads ${JSON.stringify(value)}`, () => {
      const config = loadConfig({ ...MINIMAL, LOCKDOWN_DEFAULT_OPTIONS: value });
      assert.deepEqual(config.containment.defaultOptions, expected);
    });
  }

  const refused: readonly (readonly [string, string])[] = [
    // `all` is a command's shorthand, not a default: a new option must never turn on unasked.
    ['all', '"all"'],
    ['--remove-mfa', '"--remove-mfa"'],
    ['remove-mfa,--compromised', '"--compromised"'],
    ['remove_mfa', '"remove_mfa"'],
    ['mfa', '"mfa"'],
    ['remove-methods', '"remove-methods"'],
    ['no-remove-mfa', '"no-remove-mfa"'],
    ['remove-mfa,bogus,all', '"bogus", "all"'],
  ];
  for (const [value, named] of refused) {
    it(`refuses ${JSON.stringify(value)} at start, naming it and the valid names`, () => {
      const problems = problemsWith(value);
      assert.deepEqual(problems, [
        `LOCKDOWN_DEFAULT_OPTIONS must list containment options (comma-separated, without dashes) from remove-mfa, disable-mail-rules, revoke-consents, compromised; not: ${named}`,
      ]);
    });
  }

  it('is reported with every other problem at once', () => {
    assert.throws(
      () => loadConfig({ LOCKDOWN_DEFAULT_OPTIONS: 'all', PORT: 'eighty' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ['LOCKDOWN_DEFAULT_OPTIONS', 'PORT', 'AZURE_TENANT_ID']) {
          assert.ok(
            error.problems.some((problem) => problem.startsWith(name)),
            error.message,
          );
        }
        return true;
      },
    );
  });

  it('is described at start', () => {
    const config = loadConfig({ ...MINIMAL, LOCKDOWN_DEFAULT_OPTIONS: 'remove-mfa' });
    assert.deepEqual(describeConfig(config).containment, { defaultOptions: ['remove-mfa'] });
  });
});

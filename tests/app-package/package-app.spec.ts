/**
 * `npm run package` (scripts/package-app.ts): builds the Teams app package from
 * appPackage/manifest.json, filled from an env file and/or environment variables, plus the icons.
 * The zip it writes is opened (adm-zip) and its manifest validated against the official Teams
 * manifest schema bundled in @microsoft/app-manifest; nothing is fetched.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import AdmZip from 'adm-zip';
import {
  DEFAULT_OUT,
  PackageError,
  buildAppPackage,
  fillPlaceholders,
  parseArgs,
  parseEnvFile,
  placeholdersIn,
  pngSize,
  validateManifest,
} from '../../scripts/package-app';
import { SAMPLE_VALUES } from './samples';

const root = resolve(__dirname, '..', '..');
const NAMES = Object.keys(SAMPLE_VALUES);

/** The environment of this process minus every placeholder variable, plus `extra`. */
function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !NAMES.includes(name)),
  );
  return { ...env, ...extra };
}

function npmRunPackage(args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return spawnSync(npm, ['run', '--silent', 'package', '--', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function dotenv(values: Record<string, string>): string {
  return `# sample values\n${Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

describe('app package: npm run package', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockdown-package-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes appPackage/build/appPackage.zip by default, a git-ignored path', function () {
    assert.equal(
      relative(root, DEFAULT_OUT).split('\\').join('/'),
      'appPackage/build/appPackage.zip',
    );
    assert.deepEqual(parseArgs([]), {});
    const git = spawnSync(
      'git',
      ['check-ignore', '--no-index', '-q', 'appPackage/build/appPackage.zip'],
      {
        cwd: root,
      },
    );
    if (git.error || git.status === 128) this.skip(); // no git here
    assert.equal(git.status, 0, 'appPackage/build/appPackage.zip is git-ignored');
  });

  it('builds a zip from an env file whose manifest and icons pass the checks', async () => {
    const envFile = join(dir, '.env.sample');
    writeFileSync(envFile, dotenv(SAMPLE_VALUES));
    const out = join(dir, 'build', 'appPackage.zip');

    const run = npmRunPackage(['--env-file', envFile, '--out', out], cleanEnvironment());
    assert.equal(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /wrote .*appPackage\.zip/);

    const zip = new AdmZip(out);
    const names = zip.getEntries().map((e) => e.entryName);
    assert.deepEqual(names.sort(), ['color.png', 'manifest.json', 'outline.png']);

    const text = zip.readAsText('manifest.json');
    assert.doesNotMatch(text, /\$\{\{/, 'every placeholder is filled');
    const manifest = JSON.parse(text) as Record<string, unknown>;
    assert.equal(manifest.id, SAMPLE_VALUES.TEAMS_APP_ID);
    assert.deepEqual(manifest.validDomains, [SAMPLE_VALUES.BOT_DOMAIN]);
    assert.deepEqual(manifest.name, {
      short: `Lockdown${SAMPLE_VALUES.APP_NAME_SUFFIX}`,
      full: 'Lockdown: contain a compromised account',
    });
    // The zipped manifest is exactly the template filled with the same values.
    const template = JSON.parse(readFileSync(join(root, 'appPackage', 'manifest.json'), 'utf8'));
    assert.deepEqual(manifest, fillPlaceholders(template, SAMPLE_VALUES));

    const errors = await validateManifest(manifest);
    assert.deepEqual(errors, [], 'the zipped manifest matches the official schema');

    const icons = manifest.icons as { color: string; outline: string };
    const color = zip.readFile(icons.color)!;
    const outline = zip.readFile(icons.outline)!;
    assert.deepEqual(pngSize(color), { width: 192, height: 192 });
    assert.deepEqual(pngSize(outline), { width: 32, height: 32 });
    assert.ok(color.equals(readFileSync(join(root, 'appPackage', 'color.png'))));
    assert.ok(outline.equals(readFileSync(join(root, 'appPackage', 'outline.png'))));
  });

  it('fails with a clear message listing every missing variable, and writes nothing', () => {
    const out = join(dir, 'appPackage.zip');
    // BOT_ID only in the environment; the rest nowhere. APP_NAME_SUFFIX may stay unset.
    const run = npmRunPackage(['--out', out], cleanEnvironment({ BOT_ID: SAMPLE_VALUES.BOT_ID! }));
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /cannot build the app package: these variables are missing or empty: BOT_DOMAIN, TEAMS_APP_ID\./,
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(existsSync(out), false);
  });

  it('takes values from environment variables, which win over the env file', async () => {
    const envFile = join(dir, '.env.dev');
    writeFileSync(envFile, dotenv({ ...SAMPLE_VALUES, TEAMS_APP_ID: '', APP_NAME_SUFFIX: '' }));
    const out = join(dir, 'a.zip');
    const teamsAppId = '11111111-2222-4333-8444-555555555555';
    const { manifest } = await buildAppPackage({
      envFile,
      out,
      environment: { TEAMS_APP_ID: teamsAppId, BOT_DOMAIN: '' },
    });
    assert.equal(manifest.id, teamsAppId, 'from the environment');
    assert.equal((manifest.name as { short: string }).short, 'Lockdown', 'empty suffix allowed');
    assert.deepEqual(manifest.validDomains, [SAMPLE_VALUES.BOT_DOMAIN], 'empty env var: file');
    const zipped = JSON.parse(new AdmZip(out).readAsText('manifest.json'));
    assert.deepEqual(zipped, manifest);
  });

  it('refuses values that make the manifest invalid, with the schema errors', async () => {
    const out = join(dir, 'a.zip');
    await assert.rejects(
      buildAppPackage({
        out,
        environment: {
          ...SAMPLE_VALUES,
          TEAMS_APP_ID: 'lockdown',
          APP_NAME_SUFFIX: '-x'.repeat(20),
        },
      }),
      (error: Error) => {
        assert.ok(error instanceof PackageError);
        assert.match(error.message, /does not match the Teams manifest schema 1\.19/);
        assert.match(error.message, /\/id must match pattern/);
        assert.match(error.message, /\/name\/short must NOT have more than 30 characters/);
        return true;
      },
    );
    assert.equal(existsSync(out), false);
  });

  it('reads --env <name> from env/.env.<name> and rejects unknown arguments', () => {
    assert.deepEqual(parseArgs(['--env', 'dev']), { envFile: join(root, 'env', '.env.dev') });
    assert.deepEqual(parseArgs(['--env=local', `--out=${join(dir, 'x.zip')}`]), {
      envFile: join(root, 'env', '.env.local'),
      out: join(dir, 'x.zip'),
    });
    assert.throws(() => parseArgs(['--bogus']), PackageError);
    assert.throws(() => parseArgs(['--env']), PackageError);
    assert.throws(() => parseArgs(['--env', '../etc']), PackageError);
  });

  it('parses dotenv files as Teams Toolkit writes them', () => {
    assert.deepEqual(
      parseEnvFile(
        '# c\nA=1\n\nB="two words"\nC=\'q\'\nD=\nE=x # note\nexport F=f\r\nnot a line\n',
      ),
      { A: '1', B: 'two words', C: 'q', D: '', E: 'x', F: 'f' },
    );
    // The committed env files define every placeholder of the manifest.
    const template = JSON.parse(readFileSync(join(root, 'appPackage', 'manifest.json'), 'utf8'));
    assert.deepEqual(placeholdersIn(template), [...NAMES].sort());
    for (const env of ['dev', 'local']) {
      const keys = Object.keys(
        parseEnvFile(readFileSync(join(root, 'env', `.env.${env}`), 'utf8')),
      );
      for (const name of NAMES) assert.ok(keys.includes(name), `env/.env.${env} defines ${name}`);
    }
  });
});

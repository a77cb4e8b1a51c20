/**
 * Checks the Teams Toolkit project files, teamsapp.yml (hosted environments) and
 * teamsapp.local.yml (local run behind a tunnel), against the toolkit's own YAML schema of their
 * `version`, vendored under tests/teams-toolkit/schema/ (see its README for the source), and
 * checks what the toolkit does not: the bot is single-tenant everywhere, its Entra app gets a
 * service principal, every ${{VARIABLE}} comes from somewhere, and `.localConfigs` reaches the bot.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';

const root = resolve(__dirname, '..', '..');
const schemaDir = join(__dirname, 'schema');

/** The first schema version whose aadApp/create accepts generateServicePrincipal. */
const MIN_VERSION = 'v1.11';

interface Action {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  version: string;
  environmentFolderPath?: string;
  provision?: Action[];
  deploy?: Action[];
  publish?: Action[];
  [key: string]: unknown;
}
interface JsonSchema {
  properties: Record<string, unknown>;
  definitions: Record<string, Record<string, unknown>>;
}

const FILES = [
  { file: 'teamsapp.yml', env: 'dev' },
  { file: 'teamsapp.local.yml', env: 'local' },
] as const;

function readText(path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

function parseYaml(path: string): ProjectFile {
  const doc = parseDocument(readText(path), { prettyErrors: true, uniqueKeys: true });
  assert.deepEqual(
    [...doc.errors, ...doc.warnings].map((e) => e.message),
    [],
    `${path} parses without errors or warnings`,
  );
  return doc.toJS() as ProjectFile;
}

const schemas = new Map<string, JsonSchema>();
function schemaOf(version: string): JsonSchema {
  let schema = schemas.get(version);
  if (!schema) {
    assert.match(version, /^v\d+\.\d+$/, `version "${version}"`);
    const file = join(schemaDir, version, 'yaml.schema.json');
    assert.ok(existsSync(file), `a schema is vendored for ${version} (${file})`);
    schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
    schemas.set(version, schema);
  }
  return schema;
}

const validators = new Map<string, ValidateFunction>();
function validatorOf(version: string): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    // Strict mode, as the schemas are draft-07; sampleTag uses a union type.
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    validate = ajv.compile(schemaOf(version));
    validators.set(version, validate);
  }
  return validate;
}

function schemaErrors(version: string, data: unknown): string[] {
  const validate = validatorOf(version);
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

/** The action names (`uses`) a lifecycle may hold in a schema version. */
function actionsOf(version: string): Set<string> {
  const schema = schemaOf(version);
  const names = new Set<string>();
  const constOfUses = (def: Record<string, unknown>): void => {
    const uses = (def.properties as Record<string, { const?: string }> | undefined)?.uses;
    if (uses?.const) names.add(uses.const);
    for (const key of ['allOf', 'oneOf', 'anyOf']) {
      for (const ref of (def[key] as { $ref?: string }[] | undefined) ?? []) {
        if (ref.$ref) constOfUses(schema.definitions[ref.$ref.replace('#/definitions/', '')]!);
      }
    }
  };
  const items = schema.definitions.lifeCycleArray!.items as { anyOf: { $ref: string }[] };
  for (const { $ref } of items.anyOf)
    constOfUses(schema.definitions[$ref.replace('#/definitions/', '')]!);
  return names;
}

function actions(project: ProjectFile): Action[] {
  return [...(project.provision ?? []), ...(project.deploy ?? []), ...(project.publish ?? [])];
}

function versionNumber(version: string): [number, number] {
  const m = /^v(\d+)\.(\d+)$/.exec(version);
  assert.ok(m, `version ${version}`);
  return [Number(m[1]), Number(m[2])];
}

/** Keys of a dotenv file. */
function envKeys(path: string): Set<string> {
  const keys = new Set<string>();
  for (const line of readText(path).split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m) keys.add(m[1]!);
  }
  return keys;
}

/** Every string in a value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function placeholders(value: unknown): Set<string> {
  const names = new Set<string>();
  for (const s of strings(value)) {
    for (const m of s.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) names.add(m[1]!);
  }
  return names;
}

function theAction(project: ProjectFile, uses: string): Action {
  const found = actions(project).filter((a) => a.uses === uses);
  assert.equal(found.length, 1, `exactly one ${uses}`);
  return found[0]!;
}

describe('teams toolkit: vendored YAML schemas', () => {
  it('are the files of @microsoft/m365agentstoolkit-cli 1.1.17 listed in schema/README.md', () => {
    const readme = readFileSync(join(schemaDir, 'README.md'), 'utf8');
    assert.match(readme, /@microsoft\/m365agentstoolkit-cli` version \*\*1\.1\.17\*\*/);
    for (const version of ['v1.7', MIN_VERSION]) {
      const text = readFileSync(join(schemaDir, version, 'yaml.schema.json'), 'utf8');
      const canonical = createHash('sha256')
        .update(JSON.stringify(JSON.parse(text)))
        .digest('hex');
      assert.ok(readme.includes(`package/resource/yaml-schema/${version}/yaml.schema.json`));
      assert.match(
        readme,
        new RegExp(`\\| ${version.replace('.', '\\.')} +\\| .*\\| \`${canonical}\` \\|`),
      );
      const properties = schemaOf(version).properties as { version: { const: string } };
      assert.equal(properties.version.const, version);
    }
  });

  it('explain the version bump: v1.7 refuses generateServicePrincipal, v1.11 accepts it', () => {
    const step = {
      uses: 'aadApp/create',
      with: {
        name: 'bot',
        generateClientSecret: true,
        generateServicePrincipal: true,
        signInAudience: 'AzureADMyOrg',
      },
      writeToEnvironmentFile: {
        clientId: 'BOT_ID',
        clientSecret: 'SECRET_BOT_PASSWORD',
        objectId: 'BOT_OBJECT_ID',
      },
    };
    assert.notDeepEqual(schemaErrors('v1.7', { version: 'v1.7', provision: [step] }), []);
    assert.deepEqual(schemaErrors(MIN_VERSION, { version: MIN_VERSION, provision: [step] }), []);
  });
});

for (const { file, env } of FILES) {
  describe(`teams toolkit: ${file}`, () => {
    const text = readText(file);
    const project = parseYaml(file);

    it(`uses schema ${MIN_VERSION} or later, also in its yaml-language-server comment`, () => {
      const [major, minor] = versionNumber(project.version);
      const [minMajor, minMinor] = versionNumber(MIN_VERSION);
      assert.ok(major > minMajor || (major === minMajor && minor >= minMinor), project.version);
      const comment = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
      assert.ok(comment, 'a yaml-language-server schema comment');
      assert.ok(
        comment[1]!.includes(`/${project.version}/`),
        `${comment[1]} is ${project.version}`,
      );
      assert.equal(project.environmentFolderPath, './env');
    });

    it('validates against the vendored schema of its version', () => {
      assert.deepEqual(schemaErrors(project.version, project), []);
    });

    it("uses only actions that exist in that version's schema", () => {
      const known = actionsOf(project.version);
      assert.ok(known.has('aadApp/create') && known.has('teamsApp/create'), 'schema walk works');
      for (const action of actions(project)) {
        assert.ok(known.has(action.uses), `${action.uses} exists in schema ${project.version}`);
      }
    });

    it('creates a single-tenant bot identity with a service principal', () => {
      const app = theAction(project, 'aadApp/create');
      assert.ok(project.provision?.includes(app), 'in provision');
      assert.equal(app.with?.signInAudience, 'AzureADMyOrg');
      assert.equal(app.with?.generateServicePrincipal, true);
      assert.equal(app.with?.generateClientSecret, true);
      assert.deepEqual(
        {
          clientId: app.writeToEnvironmentFile?.clientId,
          clientSecret: app.writeToEnvironmentFile?.clientSecret,
          tenantId: app.writeToEnvironmentFile?.tenantId,
        },
        { clientId: 'BOT_ID', clientSecret: 'SECRET_BOT_PASSWORD', tenantId: 'BOT_TENANT_ID' },
      );
      // botAadApp/create always registers a multi-tenant Entra app.
      assert.ok(!actions(project).some((a) => a.uses === 'botAadApp/create'));
      for (const s of strings(project)) {
        assert.doesNotMatch(s, /MultiTenant|AzureADMultipleOrgs/, `multi-tenant value: ${s}`);
      }
    });

    it(`takes every \${{VARIABLE}} from env/.env.${env}, a secret or an earlier step`, () => {
      const known = new Set([
        ...envKeys(`env/.env.${env}`),
        ...envKeys('env/.env.dev.user.sample'),
        'TEAMSFX_ENV',
      ]);
      for (const action of actions(project)) {
        for (const name of Object.values(action.writeToEnvironmentFile ?? {})) known.add(name);
        if (action.uses === 'arm/deploy') {
          // The outputs of the Bicep templates are written to the environment.
          const templates = (action.with?.templates ?? []) as {
            path: string;
            parameters?: string;
          }[];
          for (const template of templates) {
            for (const m of readText(template.path).matchAll(/^output\s+(\w+)\s/gm))
              known.add(m[1]!);
          }
        }
      }
      for (const name of placeholders(project)) assert.ok(known.has(name), `${name} is defined`);
      // Variables written by provision appear (empty) in the committed env file.
      const envFile = envKeys(`env/.env.${env}`);
      const app = theAction(project, 'aadApp/create');
      for (const name of Object.values(app.writeToEnvironmentFile ?? {})) {
        if (!name.startsWith('SECRET_'))
          assert.ok(envFile.has(name), `env/.env.${env} lists ${name}`);
      }
    });
  });
}

describe('teams toolkit: teamsapp.yml (hosted)', () => {
  const project = parseYaml('teamsapp.yml');

  it('defines in env/.env.dev (or the .user sample) every ${{VARIABLE}} of the ARM parameters', () => {
    // arm/deploy fills the parameters file from the environment; an undefined variable would
    // reach Azure as the literal text ${{NAME}}.
    const known = new Set([...envKeys('env/.env.dev'), ...envKeys('env/.env.dev.user.sample')]);
    const arm = theAction(project, 'arm/deploy');
    for (const template of arm.with?.templates as { parameters?: string }[]) {
      if (!template.parameters) continue;
      const parameters: unknown = JSON.parse(readText(template.parameters));
      for (const name of placeholders(parameters)) {
        assert.ok(known.has(name), `${name} (${template.parameters}) is in env/.env.dev`);
      }
    }
  });

  it('deploys an Azure Bot that is single-tenant or a user-assigned managed identity', () => {
    const arm = theAction(project, 'arm/deploy');
    const templates = arm.with?.templates as { path: string; parameters: string }[];
    for (const template of templates) {
      const parameters = JSON.parse(readText(template.parameters)) as {
        parameters: Record<string, { value: string }>;
      };
      const appType = parameters.parameters.botAppType?.value;
      assert.ok(
        appType === 'SingleTenant' || appType === 'UserAssignedMSI',
        `botAppType ${appType}`,
      );
      if (appType === 'SingleTenant') {
        assert.equal(parameters.parameters.botTenantId?.value, '${{BOT_TENANT_ID}}');
      }
    }
  });
});

describe('teams toolkit: teamsapp.local.yml and .localConfigs', () => {
  const project = parseYaml('teamsapp.local.yml');
  const step = actions(project).find(
    (a) => a.uses === 'file/createOrUpdateEnvironmentFile' && a.with?.target === './.localConfigs',
  );
  const envs = (step?.with?.envs ?? {}) as Record<string, string | number | boolean>;

  it('writes a single-tenant bot configuration to ./.localConfigs', () => {
    assert.ok(step, 'a file/createOrUpdateEnvironmentFile step writes ./.localConfigs');
    assert.ok(project.deploy?.includes(step), 'in deploy');
    assert.equal(envs.BOT_TYPE, 'SingleTenant');
    assert.equal(envs.BOT_TENANT_ID, '${{BOT_TENANT_ID}}');
    assert.equal(envs.BOT_ID, '${{BOT_ID}}');
    assert.equal(envs.BOT_PASSWORD, '${{SECRET_BOT_PASSWORD}}');
    assert.equal(String(envs.PORT), '3978');
  });

  it('registers the development bot on the tunnel endpoint', () => {
    const bot = theAction(project, 'botFramework/create');
    assert.equal(bot.with?.botId, '${{BOT_ID}}');
    assert.equal(bot.with?.messagingEndpoint, '${{BOT_ENDPOINT}}/api/messages');
  });

  it('npm run start:local starts the built bot with ./.localConfigs', () => {
    const pkg = JSON.parse(readText('package.json')) as { scripts: Record<string, string> };
    const start = pkg.scripts.start!;
    const local = pkg.scripts['start:local']!;
    assert.match(local, /^node .*--env-file=\.localConfigs .*dist\/index\.js$/);
    // The same flags and entry point as npm start (which App Service runs), plus the env file.
    assert.equal(local.replace(' --env-file=.localConfigs', ''), start);
    assert.equal(pkg.scripts.package, 'tsx scripts/package-app.ts');
  });

  it("this Node reads a file written the toolkit's way with --env-file", () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    assert.ok(major > 20 || (major === 20 && minor >= 6), `Node ${process.versions.node} >= 20.6`);
    // file/createOrUpdateEnvironmentFile writes `${key}=${value}` lines joined by os.EOL,
    // unquoted. Fill the step's envs with values of the real shapes.
    const samples: Record<string, string> = {
      BOT_ID: '00000000-0000-4000-8000-000000000002',
      SECRET_BOT_PASSWORD: 'Abc8Q~dEf.gH_ij-KLmnOPqr~stUVwxYZ012345',
      BOT_TENANT_ID: '00000000-0000-4000-8000-000000000003',
      AZURE_TENANT_ID: '00000000-0000-4000-8000-000000000003',
      AZURE_CLIENT_ID: '00000000-0000-4000-8000-000000000004',
      SECRET_AZURE_CLIENT_SECRET: 'xyz8Q~secret',
      GRAPH_ENDPOINT: '',
      AZURE_AUTHORITY_HOST: '',
      LOCKDOWN_CHANNEL_IDS: '19:abc@thread.tacv2,19:def@thread.tacv2',
    };
    const expected = Object.fromEntries(
      Object.entries(envs).map(([key, value]) => [
        key,
        String(value).replace(/\$\{\{(\w+)\}\}/g, (_, name: string) => {
          assert.ok(name in samples, `sample for ${name}`);
          return samples[name]!;
        }),
      ]),
    );
    const dir = mkdtempSync(join(tmpdir(), 'lockdown-localconfigs-'));
    try {
      const file = join(dir, '.localConfigs');
      writeFileSync(
        file,
        Object.entries(expected)
          .map(([k, v]) => `${k}=${v}`)
          .join(EOL),
      );
      const keys = Object.keys(expected);
      // --env-file does not override variables already in the environment: leave them out.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([key]) => !keys.includes(key)),
      );
      const run = spawnSync(
        process.execPath,
        [
          `--env-file=${file}`,
          '-p',
          `JSON.stringify(Object.fromEntries(${JSON.stringify(keys)}.map((k) => [k, process.env[k]])))`,
        ],
        { env, encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps .localConfigs* and env/.env.*.user out of git', function () {
    const paths = [
      '.localConfigs',
      '.localConfigs.playground',
      'env/.env.dev.user',
      'env/.env.local.user',
      'appPackage/build/appPackage.local.zip',
    ];
    const git = spawnSync('git', ['check-ignore', '--no-index', ...paths], {
      cwd: root,
      encoding: 'utf8',
    });
    if (git.error || git.status === 128) this.skip(); // no git here
    assert.deepEqual(git.stdout.trim().split(/\r?\n/), paths);
  });
});

/**
 * infra/azure.bicep, read as text (no Bicep CLI here): every resource type and API version exists
 * in Microsoft's published schemas (vendored under tests/infra/schemas), every property it sets is
 * a property of that schema, and the template keeps the promises of docs/deployment.md.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allowedValues,
  readSchemaFile,
  resourceDefinition,
  schemaPath,
  unknownSegment,
} from './arm-schema';
import {
  parseParameters,
  parseResources,
  variableObjectKeys,
  variableObjectValue,
  type BicepResource,
} from './bicep';

const ROOT = join(__dirname, '..', '..');
const SCHEMAS = join(__dirname, 'schemas');
const BICEP = readFileSync(join(ROOT, 'infra', 'azure.bicep'), 'utf8');
const PARAMETERS = JSON.parse(
  readFileSync(join(ROOT, 'infra', 'azure.parameters.json'), 'utf8'),
) as { parameters: Record<string, { value: unknown }> };
const CONFIG_SOURCE = readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8');

const resources = parseResources(BICEP);
const parameters = parseParameters(BICEP);

/** Keys of a resource declaration that Bicep consumes itself; they are not in ARM's schema. */
const BICEP_KEYWORDS = new Set(['parent', 'scope', 'dependsOn']);

function resourcesOfType(type: string): BicepResource[] {
  return resources.filter((resource) => resource.type === type);
}

function only(type: string): BicepResource {
  const found = resourcesOfType(type);
  assert.equal(found.length, 1, `exactly one ${type} expected, found ${found.length}`);
  return found[0]!;
}

/** A single-quoted literal's text, or undefined for any other expression. */
function literal(value: string | undefined): string | undefined {
  const match = /^'([^'$]*)'$/.exec(value ?? '');
  return match?.[1];
}

describe('infra/azure.bicep against the published resource schemas', () => {
  it('declares the resources the deployment needs', () => {
    assert.deepEqual([...new Set(resources.map((resource) => resource.type))].sort(), [
      'Microsoft.Authorization/roleAssignments',
      'Microsoft.BotService/botServices',
      'Microsoft.BotService/botServices/channels',
      'Microsoft.KeyVault/vaults',
      'Microsoft.KeyVault/vaults/secrets',
      'Microsoft.Storage/storageAccounts',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
      'Microsoft.Web/sites/basicPublishingCredentialsPolicies',
      'Microsoft.Web/sites/config',
    ]);
  });

  for (const resource of resources) {
    describe(`${resource.symbol}: ${resource.type}@${resource.apiVersion}`, () => {
      it('is a stable API version that the schema for that version declares', () => {
        assert.match(resource.apiVersion, /^\d{4}-\d{2}-\d{2}$/, 'no preview API versions');
        const file = readSchemaFile(SCHEMAS, schemaPath(resource.type, resource.apiVersion));
        assert.ok(
          file,
          `tests/infra/schemas/${schemaPath(resource.type, resource.apiVersion)} is missing: vendor it (see tests/infra/schemas/README.md)`,
        );
        const definition = resourceDefinition(file, resource.type);
        assert.ok(definition, `${resource.type} is not in ${resource.apiVersion}'s schema`);
        const apiVersions = (definition.properties?.apiVersion as { enum?: string[] } | undefined)
          ?.enum;
        assert.deepEqual(apiVersions, [resource.apiVersion]);
        const types = (definition.properties?.type as { enum?: string[] } | undefined)?.enum;
        assert.deepEqual(types, [resource.type]);
      });

      it('sets only properties the schema knows, with values its enums allow', () => {
        const file = readSchemaFile(SCHEMAS, schemaPath(resource.type, resource.apiVersion))!;
        const definition = resourceDefinition(file, resource.type)!;
        const paths = resource.paths.filter((path) => !BICEP_KEYWORDS.has(path.split('.')[0]!));
        assert.ok(paths.includes('name'));
        const unknown = paths
          .map((path) => ({ path, segment: unknownSegment(file, definition, path) }))
          .filter(({ segment }) => segment !== undefined);
        assert.deepEqual(unknown, [], 'property names the schema does not have');
        for (const path of paths) {
          const value = literal(resource.values.get(path));
          const allowed = allowedValues(file, definition, path);
          if (value === undefined || allowed === undefined) continue;
          assert.ok(
            allowed.some((candidate) => candidate.toLowerCase() === value.toLowerCase()),
            `${path}: '${value}' is not one of ${allowed.join(', ')}`,
          );
        }
      });
    });
  }

  it('catches a misspelt property (the check above is not vacuous)', () => {
    const [typo] = parseResources(
      BICEP.replace("healthCheckPath: '/healthz'", "healthCheckPth: '/healthz'"),
    ).filter((resource) => resource.type === 'Microsoft.Web/sites');
    const file = readSchemaFile(SCHEMAS, schemaPath(typo!.type, typo!.apiVersion))!;
    assert.equal(
      unknownSegment(
        file,
        resourceDefinition(file, typo!.type)!,
        'properties.siteConfig.healthCheckPth',
      ),
      'healthCheckPth',
    );
    assert.ok(typo!.paths.includes('properties.siteConfig.healthCheckPth'));
  });

  it('offers only bot types the Azure Bot schema accepts, and never MultiTenant', () => {
    const botAppType = parameters.find((parameter) => parameter.name === 'botAppType')!;
    const allowedDecorator = /@allowed\(\[([^\]]*)\]\)/.exec(botAppType.decorators)![1]!;
    const offered = [...allowedDecorator.matchAll(/'([^']+)'/g)].map((match) => match[1]);
    assert.deepEqual(offered, ['SingleTenant', 'UserAssignedMSI']);
    assert.doesNotMatch(BICEP, /MultiTenant'/);
    const bot = only('Microsoft.BotService/botServices');
    const file = readSchemaFile(SCHEMAS, schemaPath(bot.type, bot.apiVersion))!;
    const allowed = allowedValues(
      file,
      resourceDefinition(file, bot.type)!,
      'properties.msaAppType',
    );
    for (const type of offered) assert.ok(allowed?.includes(type!), `${type} not in ${allowed}`);
  });
});

describe('infra/azure.bicep: what it promises', () => {
  it('hardens the web app and runs Node 22 LTS', () => {
    const site = only('Microsoft.Web/sites');
    const expected: Record<string, string> = {
      'properties.httpsOnly': 'true',
      'properties.siteConfig.linuxFxVersion': "'NODE|22-lts'",
      'properties.siteConfig.minTlsVersion': "'1.2'",
      'properties.siteConfig.scmMinTlsVersion': "'1.2'",
      'properties.siteConfig.ftpsState': "'Disabled'",
      'properties.siteConfig.healthCheckPath': "'/healthz'",
      'properties.siteConfig.alwaysOn': 'alwaysOn',
      'properties.siteConfig.appCommandLine': "'npm start'",
    };
    for (const [path, value] of Object.entries(expected)) {
      assert.equal(site.values.get(path), value, path);
    }
    assert.equal(
      only('Microsoft.Web/sites/basicPublishingCredentialsPolicies').values.get('properties.allow'),
      'false',
    );
    assert.doesNotMatch(BICEP, /NODE\|20|~20/);
  });

  it('creates a storage account reached with Entra ID only: no shared key, TLS 1.2, no public blobs', () => {
    const account = only('Microsoft.Storage/storageAccounts');
    assert.equal(account.values.get('properties.allowSharedKeyAccess'), 'false');
    assert.equal(account.values.get('properties.minimumTlsVersion'), "'TLS1_2'");
    assert.equal(account.values.get('properties.allowBlobPublicAccess'), 'false');
    assert.equal(account.values.get('properties.supportsHttpsTrafficOnly'), 'true');
    // No key is read, stored or output anywhere.
    assert.doesNotMatch(BICEP, /listKeys|AccountKey|connectionString|CONNECTION_STRING/i);
  });

  it('gives the web app "Storage Table Data Contributor" on the account and "Key Vault Secrets User" on a named vault', () => {
    const assignments = resourcesOfType('Microsoft.Authorization/roleAssignments');
    const byScope = new Map(assignments.map((a) => [a.values.get('scope'), a]));
    const table = byScope.get('storageAccount');
    assert.ok(table, 'a role assignment scoped to the storage account');
    assert.match(
      table.values.get('properties.roleDefinitionId')!,
      /storageTableDataContributorRoleId/,
    );
    assert.match(
      BICEP,
      /storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'/,
    );
    const vault = byScope.get('keyVault');
    assert.ok(vault, 'a role assignment scoped to the Key Vault');
    assert.match(vault.values.get('properties.roleDefinitionId')!, /keyVaultSecretsUserRoleId/);
    assert.match(BICEP, /keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'/);
    assert.match(BICEP, /resource keyVaultSecretsUser '[^']+' = if \(useKeyVault\)/);
    for (const assignment of assignments) {
      assert.equal(assignment.values.get('properties.principalId'), 'webApp.identity.principalId');
      assert.equal(assignment.values.get('properties.principalType'), "'ServicePrincipal'");
    }
  });

  it("sets LOCKDOWN_STORE=azure-tables and the account's table endpoint, with the web app's own identity", () => {
    assert.equal(variableObjectValue(BICEP, 'appSettings', 'LOCKDOWN_STORE'), "'azure-tables'");
    assert.equal(
      variableObjectValue(BICEP, 'appSettings', 'AZURE_TABLES_ENDPOINT'),
      'storageAccount.properties.primaryEndpoints.table',
    );
    assert.equal(variableObjectValue(BICEP, 'appSettings', 'AZURE_TABLES_CLIENT_ID'), "''");
    assert.equal(variableObjectValue(BICEP, 'appSettings', 'WEBSITE_RUN_FROM_PACKAGE'), "'1'");
    const settings = only('Microsoft.Web/sites/config');
    assert.equal(settings.values.get('name'), "'appsettings'");
    assert.equal(settings.values.get('properties'), 'appSettings');
  });

  it('hands secrets over as Key Vault references only, never as plain app settings', () => {
    for (const name of ['BOT_PASSWORD', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE']) {
      const value = variableObjectValue(BICEP, 'appSettings', name);
      assert.match(value, /'@Microsoft\.KeyVault\(SecretUri=\$\{\w+\}\)'/, name);
      assert.match(
        value,
        /\? '' :|: ''$/,
        `${name} is empty, not a value, when no reference applies`,
      );
    }
    // Secure parameters may only be written into the vault.
    const secure = parameters.filter((parameter) => /@secure\(\)/.test(parameter.decorators));
    assert.deepEqual(secure.map((parameter) => parameter.name).sort(), [
      'azureClientSecret',
      'botAadAppClientSecret',
    ]);
    for (const parameter of secure) {
      const uses = BICEP.split('\n').filter(
        (line) =>
          new RegExp(`\\b${parameter.name}\\b`).test(line) && !/^\s*(param|@|\/\/)/.test(line),
      );
      for (const line of uses) {
        assert.match(
          line,
          /^\s*value: \w+$|^var store\w+ = /,
          `${parameter.name} is used outside a Key Vault secret: ${line.trim()}`,
        );
      }
    }
    for (const secret of resourcesOfType('Microsoft.KeyVault/vaults/secrets')) {
      assert.equal(secret.values.get('parent'), 'keyVault');
    }
  });

  it('makes the Graph credential explicit: managed identity by default, with no client id', () => {
    const graph = parameters.find((parameter) => parameter.name === 'graphCredential')!;
    assert.equal(graph.defaultValue, "'managed-identity'");
    assert.equal(variableObjectValue(BICEP, 'appSettings', 'GRAPH_CREDENTIAL'), 'graphMode');
    assert.match(
      variableObjectValue(BICEP, 'appSettings', 'AZURE_CLIENT_ID'),
      /^graphMode == 'managed-identity' \? '' : azureClientId$/,
    );
  });

  it("makes every LOCKDOWN_* setting the bot reads a parameter with the bot's default", () => {
    const read = [
      ...new Set([...CONFIG_SOURCE.matchAll(/\b(LOCKDOWN_[A-Z_]+)\b/g)].map((m) => m[1]!)),
    ];
    assert.ok(read.length >= 14, `found only ${read.join(', ')}`);
    const settings = variableObjectKeys(BICEP, 'appSettings');
    const defaults: Record<string, string> = {
      LOCKDOWN_APPROVAL_TTL_MINUTES: "'15'",
      LOCKDOWN_ALLOW_SELF_APPROVAL: 'false',
      LOCKDOWN_PER_PERSON_VIEWS: 'true',
      LOCKDOWN_MAX_PENDING_PER_PERSON: "'10'",
      LOCKDOWN_LEASE_SECONDS: "'30'",
      LOCKDOWN_SWEEP_SECONDS: "'15'",
    };
    for (const name of read) {
      assert.ok(settings.includes(name), `${name} is not an app setting`);
      // On App Service the store is fixed: Azure Tables (SQLite is unsafe on /home).
      if (name === 'LOCKDOWN_STORE') continue;
      const value = variableObjectValue(BICEP, 'appSettings', name);
      const parameterName = /^(\w+)/.exec(value)![1]!;
      const parameter = parameters.find((candidate) => candidate.name === parameterName);
      assert.ok(parameter, `${name} comes from no parameter: ${value}`);
      assert.equal(parameter.defaultValue, defaults[name] ?? "''", `${name}'s default`);
      assert.match(
        parameter.decorators,
        new RegExp(`@description\\('${name}`),
        `${name} is described`,
      );
    }
  });

  it('sets every variable the bot needs on App Service, and nothing the bot does not read', () => {
    const settings = variableObjectKeys(BICEP, 'appSettings');
    const platform = [
      'RUNNING_ON_AZURE',
      'NODE_ENV',
      'SCM_DO_BUILD_DURING_DEPLOYMENT',
      'WEBSITE_RUN_FROM_PACKAGE',
    ];
    for (const name of settings.filter((setting) => !platform.includes(setting))) {
      assert.match(
        CONFIG_SOURCE,
        new RegExp(`\\b${name}\\b`),
        `${name} is not read by src/config.ts`,
      );
    }
  });

  it('has parameters for every value azure.parameters.json passes, and it passes every required one', () => {
    const declared = new Map(parameters.map((parameter) => [parameter.name, parameter]));
    for (const name of Object.keys(PARAMETERS.parameters)) {
      assert.ok(declared.has(name), `azure.parameters.json passes ${name}, which is not declared`);
    }
    for (const parameter of parameters) {
      if (parameter.defaultValue === undefined) {
        assert.ok(PARAMETERS.parameters[parameter.name], `${parameter.name} has no value`);
      }
    }
    assert.equal(PARAMETERS.parameters.botAppType?.value, 'SingleTenant');
    assert.doesNotMatch(JSON.stringify(PARAMETERS), /MultiTenant/);
  });
});

/**
 * infra/sentinel-playbook.bicep and its workflow (sentinel-playbook.workflow.json), read as text
 * and JSON (no Bicep CLI here): the resource types, API versions and properties Microsoft's
 * template reference documents, every parameter used, a Logic Apps workflow whose trigger is the
 * Microsoft Sentinel incident trigger, whose actions chain, whose expressions are balanced, and
 * whose one HTTP action posts an alert the bot's schema accepts, with a managed-identity token
 * for the configured audience.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAlertAsk } from '../../src/http/alert-body';
import { ALERTS_PATH } from '../../src/http/alert-endpoint';
import { parseParameters, parseResources } from './bicep';

const INFRA = join(__dirname, '..', '..', 'infra');
const BICEP = readFileSync(join(INFRA, 'sentinel-playbook.bicep'), 'utf8');
const WORKFLOW_FILE = 'sentinel-playbook.workflow.json';
const WORKFLOW = JSON.parse(readFileSync(join(INFRA, WORKFLOW_FILE), 'utf8')) as Workflow;

interface Action {
  readonly type: string;
  readonly runAfter?: Record<string, string[]>;
  readonly inputs?: Record<string, unknown>;
  readonly actions?: Record<string, Action>;
  readonly else?: { readonly actions?: Record<string, Action> };
  readonly [key: string]: unknown;
}
interface Workflow {
  readonly $schema: string;
  readonly parameters: Record<string, { type: string; defaultValue?: unknown }>;
  readonly triggers: Record<string, Action>;
  readonly actions: Record<string, Action>;
}

/**
 * What Microsoft's template reference (learn.microsoft.com/azure/templates) lists for each type,
 * as property paths; a path under a free-form object (`definition`, workflow parameters, tags)
 * is not checked further. `kind` and `properties.parameterValueType` of connections are not in
 * the 2016-06-01 reference, but are what "Authenticate access and connections with managed
 * identities in Azure Logic Apps" prescribes for a Consumption logic app's managed-identity
 * connection, and what the playbooks of Azure/Azure-Sentinel deploy.
 */
const DOCUMENTED: Readonly<
  Record<string, { paths: readonly string[]; freeForm: readonly string[] }>
> = {
  'Microsoft.Logic/workflows@2019-05-01': {
    paths: [
      'name',
      'location',
      'tags',
      'identity',
      'identity.type',
      'identity.userAssignedIdentities',
      'properties',
      'properties.accessControl',
      'properties.definition',
      'properties.endpointsConfiguration',
      'properties.integrationAccount',
      'properties.integrationServiceEnvironment',
      'properties.parameters',
      'properties.state',
    ],
    freeForm: ['tags.', 'properties.definition.', 'properties.parameters.'],
  },
  'Microsoft.Web/connections@2016-06-01': {
    paths: [
      'name',
      'location',
      'etag',
      'tags',
      'kind',
      'properties',
      'properties.api',
      'properties.api.id',
      'properties.api.name',
      'properties.api.displayName',
      'properties.changedTime',
      'properties.createdTime',
      'properties.customParameterValues',
      'properties.displayName',
      'properties.nonSecretParameterValues',
      'properties.parameterValues',
      'properties.parameterValueType',
      'properties.statuses',
      'properties.testLinks',
    ],
    freeForm: ['tags.', 'properties.customParameterValues.', 'properties.parameterValues.'],
  },
};

const resources = parseResources(BICEP);
const parameters = parseParameters(BICEP);

/** Every action of the workflow, in and under conditions, with the actions of its scope. */
function allActions(
  actions: Record<string, Action>,
): { name: string; action: Action; scope: Record<string, Action> }[] {
  return Object.entries(actions).flatMap(([name, action]) => [
    { name, action, scope: actions },
    ...allActions(action.actions ?? {}),
    ...allActions(action.else?.actions ?? {}),
  ]);
}

/** Every string in a JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** True when the parentheses and brackets of an expression balance outside its '...' strings. */
function balanced(expression: string): boolean {
  const stack: string[] = [];
  let quoted = false;
  for (const c of expression) {
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c === ')' && stack.pop() !== '(') return false;
    else if (c === ']' && stack.pop() !== '[') return false;
    else if (c === '}' && stack.pop() !== '{') return false;
  }
  return !quoted && stack.length === 0;
}

describe('infra/sentinel-playbook.bicep', () => {
  it('declares a Logic App and its Microsoft Sentinel connection, at stable API versions', () => {
    assert.deepEqual(
      resources.map((resource) => `${resource.type}@${resource.apiVersion}`).sort(),
      Object.keys(DOCUMENTED).sort(),
    );
  });

  for (const resource of resources) {
    it(`${resource.symbol}: sets only properties Microsoft documents`, () => {
      const documented = DOCUMENTED[`${resource.type}@${resource.apiVersion}`]!;
      const unknown = resource.paths.filter(
        (path) =>
          !documented.paths.includes(path) &&
          !documented.freeForm.some((prefix) => path.startsWith(prefix)),
      );
      assert.deepEqual(unknown, []);
    });
  }

  it('catches a property Microsoft does not document (the check above is not vacuous)', () => {
    const typo = parseResources(BICEP.replace("state: 'Enabled'", "stat: 'Enabled'")).find(
      (resource) => resource.type === 'Microsoft.Logic/workflows',
    )!;
    const documented = DOCUMENTED[`${typo.type}@${typo.apiVersion}`]!;
    assert.ok(typo.paths.includes('properties.stat'));
    assert.ok(!documented.paths.includes('properties.stat'));
  });

  it('authenticates the connection and the Logic App with the system-assigned identity', () => {
    const [connection] = resources.filter((r) => r.type === 'Microsoft.Web/connections');
    assert.equal(connection!.values.get('properties.parameterValueType'), "'Alternative'");
    assert.equal(connection!.values.get('kind'), "'V1'");
    assert.match(connection!.values.get('properties.api.id')!, /sentinelApiId/);
    assert.match(BICEP, /managedApis', location, 'azuresentinel'\)/);
    const [playbook] = resources.filter((r) => r.type === 'Microsoft.Logic/workflows');
    assert.equal(playbook!.values.get('identity.type'), "'SystemAssigned'");
    assert.equal(playbook!.values.get('properties.state'), "'Enabled'");
    const connectionAuth =
      'properties.parameters.$connections.value.azuresentinel.connectionProperties.authentication.type';
    assert.equal(playbook!.values.get(connectionAuth), "'ManagedServiceIdentity'");
    assert.equal(
      playbook!.values.get('properties.parameters.$connections.value.azuresentinel.connectionId'),
      'sentinelConnection.id',
    );
    assert.match(BICEP, /output playbookPrincipalId string = playbook\.identity\.principalId/);
  });

  it('takes the bot URL and the audience as required parameters, and uses every parameter', () => {
    const required = parameters.filter((p) => p.defaultValue === undefined).map((p) => p.name);
    assert.deepEqual(required.sort(), ['alertsAudience', 'botBaseUrl']);
    for (const parameter of parameters) {
      const uses = BICEP.split('\n').filter(
        (line) =>
          new RegExp(`\\b${parameter.name}\\b`).test(line) && !/^\s*(param|@|\/\/)/.test(line),
      );
      assert.ok(uses.length > 0, `${parameter.name} is never used`);
      assert.match(parameter.decorators, /@description\(/, `${parameter.name} is described`);
    }
    const [playbook] = resources.filter((r) => r.type === 'Microsoft.Logic/workflows');
    assert.equal(
      playbook!.values.get('properties.parameters.lockdownAlertsUrl.value'),
      `'\${baseUrl}${ALERTS_PATH}'`,
    );
    assert.equal(
      playbook!.values.get('properties.parameters.lockdownAlertsAudience.value'),
      'alertsAudience',
    );
  });

  it(`loads its workflow from ${WORKFLOW_FILE}`, () => {
    const [playbook] = resources.filter((r) => r.type === 'Microsoft.Logic/workflows');
    assert.equal(
      playbook!.values.get('properties.definition'),
      `loadJsonContent('${WORKFLOW_FILE}')`,
    );
    assert.ok(existsSync(join(INFRA, WORKFLOW_FILE)));
  });
});

describe('infra/sentinel-playbook.workflow.json', () => {
  const actions = allActions(WORKFLOW.actions);

  it('is a Logic Apps workflow definition whose parameters are all declared and given', () => {
    assert.equal(
      WORKFLOW.$schema,
      'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    );
    const used = new Set(
      stringsOf(WORKFLOW).flatMap((text) =>
        [...text.matchAll(/parameters\('([^']+)'\)/g)].map((m) => m[1]!),
      ),
    );
    assert.deepEqual([...used].sort(), Object.keys(WORKFLOW.parameters).sort());
    const [playbook] = resources.filter((r) => r.type === 'Microsoft.Logic/workflows');
    for (const name of Object.keys(WORKFLOW.parameters)) {
      assert.ok(
        playbook!.paths.includes(`properties.parameters.${name}.value`),
        `the Bicep gives no value for ${name}`,
      );
    }
  });

  it('starts on the Microsoft Sentinel incident trigger, through the managed-identity connection', () => {
    assert.deepEqual(Object.keys(WORKFLOW.triggers), ['Microsoft_Sentinel_incident']);
    const trigger = WORKFLOW.triggers.Microsoft_Sentinel_incident!;
    assert.equal(trigger.type, 'ApiConnectionWebhook');
    assert.deepEqual(trigger.inputs, {
      body: { callback_url: '@{listCallbackUrl()}' },
      host: {
        connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" },
      },
      path: '/incident-creation',
    });
  });

  it('chains every action after one of its own scope, and balances every expression', () => {
    for (const { name, action, scope } of actions) {
      for (const previous of Object.keys(action.runAfter ?? {})) {
        assert.ok(scope[previous], `${name} runs after ${previous}, which is not in its scope`);
      }
    }
    for (const text of stringsOf(WORKFLOW).filter((s) => s.startsWith('@'))) {
      assert.ok(balanced(text), `unbalanced: ${text}`);
    }
  });

  it('posts one alert the bot accepts, with a token of the managed identity for the audience', () => {
    const http = actions.filter(({ action }) => action.type === 'Http');
    assert.equal(http.length, 1);
    const inputs = http[0]!.action.inputs as {
      method: string;
      uri: string;
      headers: Record<string, string>;
      body: Record<string, string>;
      authentication: Record<string, string>;
    };
    assert.equal(inputs.method, 'POST');
    assert.equal(inputs.uri, "@parameters('lockdownAlertsUrl')");
    assert.equal(inputs.headers['Content-Type'], 'application/json');
    // No `identity`: the system-assigned one.
    assert.deepEqual(inputs.authentication, {
      type: 'ManagedServiceIdentity',
      audience: "@parameters('lockdownAlertsAudience')",
    });
    // What the incident fields look like once the expressions ran; literals stay as they are.
    const sample: Record<string, unknown> = {
      users: ['adele@contoso.com', '1c2d3e4f-0000-4000-8000-000000000001'],
      title: 'Impossible travel to atypical locations',
      severity: 'High',
      incidentId: '4711',
      url: 'https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/subscriptions/x',
    };
    const body = Object.fromEntries(
      Object.entries(inputs.body).map(([field, value]) => [
        field,
        value.startsWith('@') ? sample[field] : value,
      ]),
    );
    assert.deepEqual(Object.keys(body).sort(), [
      'incidentId',
      'severity',
      'source',
      'title',
      'url',
      'users',
    ]);
    assert.equal(body.source, 'sentinel');
    const check = checkAlertAsk(body);
    assert.ok(check.ok, JSON.stringify(check));
    assert.match(inputs.body.incidentId!, /\['providerIncidentId'\]/);
    assert.match(inputs.body.url!, /\['incidentUrl'\]/);
    assert.match(inputs.body.users!, /take\(.*, 50\)/);
    assert.match(inputs.body.title!, /take\(.*, 200\)/);
  });

  it("builds the users from the incident's account entities: the Entra object id, else the UPN", () => {
    const byName = new Map(actions.map(({ name, action }) => [name, action]));
    const entities = byName.get('Entities_-_Get_Accounts')!;
    assert.equal(entities.inputs?.path, '/entities/account');
    assert.equal(
      entities.inputs?.body,
      "@triggerBody()?['object']?['properties']?['relatedEntities']",
    );
    const select = byName.get('Select_users')!;
    assert.equal(select.type, 'Select');
    assert.match(String(select.inputs?.select), /AadUserId/);
    assert.match(
      String(select.inputs?.select),
      /concat\(item\(\)\?\['Name'\], '@', item\(\)\?\['UPNSuffix'\]\)/,
    );
  });
});

// A Microsoft Sentinel playbook that asks Lockdown to contain the accounts an incident names
// (docs/alerts.md). Deploy it in the resource group of your Sentinel playbooks:
//   az deployment group create -g <rg> -f infra/sentinel-playbook.bicep \
//     -p botBaseUrl=https://<web app>.azurewebsites.net alertsAudience=api://<bot API>
//   - a Logic App (Consumption) with a system-assigned managed identity: trigger "Microsoft
//     Sentinel incident", then the incident's account entities (Entra object id, or UPN from
//     name and UPN suffix), then POST <botBaseUrl>/api/alerts with a token of that identity for
//     alertsAudience (the bot's LOCKDOWN_ALERTS_AUDIENCE)
//   - its Microsoft Sentinel API connection, authenticated with the same managed identity
// The workflow itself is sentinel-playbook.workflow.json (what the Logic Apps code view shows).
// After deploying: give the identity "Microsoft Sentinel Reader" on the workspace, put its
// principal id (output playbookPrincipalId) in the bot's LOCKDOWN_ALERTS_CALLER_IDS, and attach
// the playbook to an automation rule.

@minLength(1)
@maxLength(80)
@description('Name of the playbook (Logic App).')
param playbookName string = 'Lockdown-Contain-Incident-Accounts'

@description('Region of the Logic App and its connection; the resource group\'s by default.')
param location string = resourceGroup().location

@minLength(9)
@description('The bot\'s base URL, https://<web app>.azurewebsites.net (output BOT_ENDPOINT of azure.bicep); the playbook posts to <botBaseUrl>/api/alerts.')
param botBaseUrl string

@minLength(1)
@description('The bot\'s LOCKDOWN_ALERTS_AUDIENCE: the app ID URI of its API (api://...), for which the playbook\'s managed identity gets tokens.')
param alertsAudience string

var sentinelConnectionName = 'azuresentinel-${playbookName}'
var sentinelApiId = subscriptionResourceId('Microsoft.Web/locations/managedApis', location, 'azuresentinel')
var baseUrl = endsWith(botBaseUrl, '/') ? substring(botBaseUrl, 0, length(botBaseUrl) - 1) : botBaseUrl

// The Microsoft Sentinel connector, authenticated as the Logic App's managed identity. `kind` and
// `parameterValueType` are what Microsoft documents for managed-identity connections of
// Consumption logic apps; the published 2016-06-01 schema lacks both (Bicep warns BCP037).
resource sentinelConnection 'Microsoft.Web/connections@2016-06-01' = {
  name: sentinelConnectionName
  location: location
  kind: 'V1'
  properties: {
    displayName: sentinelConnectionName
    customParameterValues: {}
    parameterValueType: 'Alternative'
    api: {
      id: sentinelApiId
    }
  }
}

resource playbook 'Microsoft.Logic/workflows@2019-05-01' = {
  name: playbookName
  location: location
  tags: {
    LogicAppsCategory: 'security'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    state: 'Enabled'
    definition: loadJsonContent('sentinel-playbook.workflow.json')
    parameters: {
      '$connections': {
        value: {
          azuresentinel: {
            connectionId: sentinelConnection.id
            connectionName: sentinelConnectionName
            id: sentinelApiId
            connectionProperties: {
              authentication: {
                type: 'ManagedServiceIdentity'
              }
            }
          }
        }
      }
      lockdownAlertsUrl: {
        value: '${baseUrl}/api/alerts'
      }
      lockdownAlertsAudience: {
        value: alertsAudience
      }
    }
  }
}

// The managed identity's object (principal) id: put it in the bot's LOCKDOWN_ALERTS_CALLER_IDS,
// and give it "Microsoft Sentinel Reader" on the Sentinel workspace.
output playbookPrincipalId string = playbook.identity.principalId
output playbookId string = playbook.id

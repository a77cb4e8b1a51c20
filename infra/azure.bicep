// Azure resources for Lockdown, deployed by `teamsapp provision` (arm/deploy in teamsapp.yml):
//   - a Linux App Service plan and a Web App running Node 20 (`npm start` -> node dist/index.js)
//   - an Azure Bot registration pointing at https://<web app>/api/messages, with the Teams channel
// The outputs are written back to env/.env.<environment> by Teams Toolkit.

@minLength(4)
@maxLength(40)
@description('Base of every resource name; must make the web app and bot names globally unique.')
param resourceBaseName string

@description('Client (application) id of the bot\'s Entra app registration (BOT_ID).')
param botAadAppClientId string

@secure()
@description('Client secret of the bot\'s Entra app registration (SECRET_BOT_PASSWORD).')
param botAadAppClientSecret string

@allowed([
  'SingleTenant'
  'MultiTenant'
])
@description('Bot identity type. Azure no longer creates new multi-tenant bots: use SingleTenant unless you reuse an existing multi-tenant registration.')
param botAppType string = 'SingleTenant'

@description('Tenant of the bot\'s Entra app (BOT_TENANT_ID). Empty: the subscription\'s tenant.')
param botTenantId string = ''

@maxLength(42)
@description('Display name of the Azure Bot registration.')
param botDisplayName string = 'Lockdown'

@description('Azure Bot pricing tier. Teams is a standard channel: F0 is enough.')
param botServiceSku string = 'F0'

@description('App Service plan SKU. B1 or higher: Always On (no cold start when a card is clicked) is not available on F1.')
param webAppSku string = 'B1'

@description('Linux runtime stack of the web app.')
param linuxFxVersion string = 'NODE|20-lts'

@description('Tenant Lockdown reads and changes accounts in (AZURE_TENANT_ID). Empty: the bot\'s tenant.')
param azureTenantId string = ''

@description('Client id of the Entra app Lockdown calls Microsoft Graph with (AZURE_CLIENT_ID).')
param azureClientId string = ''

@secure()
@description('Client secret of that Graph app (SECRET_AZURE_CLIENT_SECRET). Empty when another credential is used.')
param azureClientSecret string = ''

@description('Microsoft Graph endpoint for a national cloud (GRAPH_ENDPOINT). Empty: global cloud.')
param graphEndpoint string = ''

@description('Entra authority host for a national cloud (AZURE_AUTHORITY_HOST). Empty: global cloud.')
param azureAuthorityHost string = ''

@description('Comma-separated Teams channel ids where /lockdown is accepted (LOCKDOWN_CHANNEL_IDS).')
param lockdownChannelIds string = ''

param location string = resourceGroup().location

var botTenant = empty(botTenantId) ? subscription().tenantId : botTenantId
var webAppName = resourceBaseName
var serverfarmName = '${resourceBaseName}-plan'
var botServiceName = resourceBaseName

// Always present.
var baseAppSettings = [
  {
    name: 'BOT_ID'
    value: botAadAppClientId
  }
  {
    name: 'BOT_PASSWORD'
    value: botAadAppClientSecret
  }
  {
    name: 'BOT_TYPE'
    value: botAppType
  }
  {
    name: 'BOT_TENANT_ID'
    value: botTenant
  }
  {
    name: 'AZURE_TENANT_ID'
    value: empty(azureTenantId) ? botTenant : azureTenantId
  }
  {
    name: 'RUNNING_ON_AZURE'
    value: '1'
  }
  {
    name: 'NODE_ENV'
    value: 'production'
  }
  {
    // Ignored by Linux plans (linuxFxVersion decides), kept for tools that read it.
    name: 'WEBSITE_NODE_DEFAULT_VERSION'
    value: '~20'
  }
  {
    // The deployed zip already holds dist/ and node_modules/: no build on the server, and the
    // site runs from the read-only package (data must live outside wwwroot, e.g. under /home).
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
  {
    name: 'WEBSITE_RUN_FROM_PACKAGE'
    value: '1'
  }
]

// Present only when set, so that the app's own defaults apply otherwise.
var clientIdSetting = empty(azureClientId) ? [] : [
  {
    name: 'AZURE_CLIENT_ID'
    value: azureClientId
  }
]
var clientSecretSetting = empty(azureClientSecret) ? [] : [
  {
    name: 'AZURE_CLIENT_SECRET'
    value: azureClientSecret
  }
]
var graphEndpointSetting = empty(graphEndpoint) ? [] : [
  {
    name: 'GRAPH_ENDPOINT'
    value: graphEndpoint
  }
]
var authorityHostSetting = empty(azureAuthorityHost) ? [] : [
  {
    name: 'AZURE_AUTHORITY_HOST'
    value: azureAuthorityHost
  }
]
var channelIdsSetting = empty(lockdownChannelIds) ? [] : [
  {
    name: 'LOCKDOWN_CHANNEL_IDS'
    value: lockdownChannelIds
  }
]
var appSettings = concat(baseAppSettings, clientIdSetting, clientSecretSetting, graphEndpointSetting, authorityHostSetting, channelIdsSetting)

// Free and Shared plans cannot keep the site warm.
var freeSkus = [
  'F1'
  'D1'
]
var alwaysOn = !contains(freeSkus, toUpper(webAppSku))

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: serverfarmName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    // Lets an administrator grant Graph application permissions to the web app itself
    // instead of using a client secret (see the README).
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'npm start'
      alwaysOn: alwaysOn
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: appSettings
    }
  }
}

// Registers the web app's messaging endpoint with the Bot Framework.
resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: botAppType
    msaAppTenantId: botAppType == 'SingleTenant' ? botTenant : null
  }
}

// Connects the bot to Microsoft Teams.
resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Written to env/.env.<environment> by Teams Toolkit.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_WEB_APP_PRINCIPAL_ID string = webApp.identity.principalId

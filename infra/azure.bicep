// Azure resources for Lockdown, deployed by `teamsapp provision` (arm/deploy in teamsapp.yml).
// See docs/deployment.md for the whole procedure.
//   - a Linux App Service plan and a Web App on Node 22 LTS (`npm start` -> node dist/index.js),
//     run from the read-only deployed package, with a system-assigned managed identity
//   - a Storage account whose Table service is the bot's store (LOCKDOWN_STORE=azure-tables),
//     reached with that managed identity ("Storage Table Data Contributor" on the account);
//     shared-key access is disabled: no key or connection string exists anywhere
//   - optionally, "Key Vault Secrets User" for the web app on an existing Key Vault, whose
//     secrets (the bot's password, the Graph app's secret or certificate) the app settings
//     reference as @Microsoft.KeyVault(SecretUri=...): no secret is a plain app setting
//   - an Azure Bot registration (single-tenant or user-assigned managed identity) pointing at
//     https://<web app>/api/messages, with the Teams channel
// The outputs are written back to env/.env.<environment> by Teams Toolkit.

// ---------------------------------------------------------------------------------------------
// Names and sizes

@minLength(4)
@maxLength(40)
@description('Base of every resource name; must make the web app and bot names globally unique.')
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan SKU. B1 or higher: Always On (no cold start when a card is clicked) is not available on F1.')
param webAppSku string = 'B1'

@minValue(1)
@maxValue(30)
@description('Number of web app instances. Several instances share the Azure Table Storage store; leases make that safe.')
param webAppInstanceCount int = 1

@description('Storage account name (3-24 lower-case letters and digits, globally unique). Empty: derived from the resource group and resourceBaseName.')
param storageAccountName string = ''

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
@description('Redundancy of the storage account that holds requests and the audit trail.')
param storageSku string = 'Standard_LRS'

// ---------------------------------------------------------------------------------------------
// The bot's identity (Bot Framework)

@description('Client id of the bot\'s identity (BOT_ID): its single-tenant Entra app registration, or the client id of the user-assigned managed identity named by botIdentityResourceId.')
param botAadAppClientId string

@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
@description('Bot identity type. SingleTenant: an Entra app with a client secret (BOT_PASSWORD, from Key Vault). UserAssignedMSI: a user-assigned managed identity, attached to the web app; no secret at all. Azure no longer creates multi-tenant bots.')
param botAppType string = 'SingleTenant'

@description('UserAssignedMSI only: resource id of the user-assigned managed identity that is the bot\'s identity (/subscriptions/.../providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>).')
param botIdentityResourceId string = ''

@description('Tenant of the bot\'s identity (BOT_TENANT_ID). Empty: the subscription\'s tenant.')
param botTenantId string = ''

@description('SingleTenant: Key Vault secret URI of the bot\'s client secret (BOT_PASSWORD), e.g. https://<vault>.vault.azure.net/secrets/<name>/ (no version: rotations are picked up). Empty: botAadAppClientSecret is stored in keyVaultName and referenced.')
param botPasswordSecretUri string = ''

@secure()
@description('SingleTenant, when botPasswordSecretUri is empty: the bot\'s client secret (SECRET_BOT_PASSWORD), written to keyVaultName as <resourceBaseName>-bot-password. Never an app setting.')
param botAadAppClientSecret string = ''

@maxLength(42)
@description('Display name of the Azure Bot registration.')
param botDisplayName string = 'Lockdown'

@description('Azure Bot pricing tier. Teams is a standard channel: F0 is enough.')
param botServiceSku string = 'F0'

// ---------------------------------------------------------------------------------------------
// Key Vault (existing, in this resource group, with Azure RBAC authorization)

@description('Name of an existing Key Vault in this resource group that uses Azure RBAC. The web app\'s identity gets "Key Vault Secrets User" on it. Required when any secret is used: a SingleTenant bot, GRAPH_CREDENTIAL secret or certificate. Empty: no vault.')
param keyVaultName string = ''

// ---------------------------------------------------------------------------------------------
// Microsoft Graph (the identity that locks accounts down)

@allowed([
  ''
  'managed-identity'
  'secret'
  'certificate'
])
@description('GRAPH_CREDENTIAL. managed-identity (also when empty): the web app\'s system-assigned managed identity, no secret. secret: the app registration azureClientId and its client secret from Key Vault. certificate: that app and a PEM certificate from Key Vault.')
param graphCredential string = 'managed-identity'

@description('Tenant Lockdown reads and changes accounts in (AZURE_TENANT_ID). Empty: the bot\'s tenant.')
param azureTenantId string = ''

@description('secret or certificate: client id of the Entra app registration Lockdown calls Graph with (AZURE_CLIENT_ID). Not used with managed-identity.')
param azureClientId string = ''

@description('secret: Key Vault secret URI of that app\'s client secret (AZURE_CLIENT_SECRET). Empty: azureClientSecret is stored in keyVaultName and referenced.')
param azureClientSecretUri string = ''

@secure()
@description('secret, when azureClientSecretUri is empty: the Graph app\'s client secret (SECRET_AZURE_CLIENT_SECRET), written to keyVaultName as <resourceBaseName>-graph-client-secret. Never an app setting.')
param azureClientSecret string = ''

@description('certificate: secret URI of a Key Vault certificate created with content type application/x-pem-file, https://<vault>.vault.azure.net/secrets/<certificate name>/ (AZURE_CLIENT_CERTIFICATE: the PEM with its private key).')
param azureClientCertificateSecretUri string = ''

@description('Microsoft Graph endpoint for a national cloud (GRAPH_ENDPOINT). Empty: global cloud.')
param graphEndpoint string = ''

@description('Entra authority host for a national cloud (AZURE_AUTHORITY_HOST). Empty: global cloud.')
param azureAuthorityHost string = ''

@description('GRAPH_TIMEOUT_SECONDS: time limit of every Graph call and token request.')
param graphTimeoutSeconds string = '30'

// ---------------------------------------------------------------------------------------------
// Lockdown's own settings (LOCKDOWN_*), with the bot's defaults. Empty means unset.

@description('LOCKDOWN_CHANNEL_IDS: comma-separated Teams channel ids where /lockdown is accepted. Empty: nowhere yet.')
param lockdownChannelIds string = ''

@description('LOCKDOWN_REQUESTER_IDS: Entra object ids of the people who may ask.')
param lockdownRequesterIds string = ''

@description('LOCKDOWN_REQUESTER_GROUP_IDS: Entra object ids of groups whose members may ask.')
param lockdownRequesterGroupIds string = ''

@description('LOCKDOWN_APPROVER_IDS: Entra object ids of the people who may approve.')
param lockdownApproverIds string = ''

@description('LOCKDOWN_APPROVER_GROUP_IDS: Entra object ids of groups whose members may approve.')
param lockdownApproverGroupIds string = ''

@description('LOCKDOWN_PROTECTED: UPNs or object ids that are never locked down.')
param lockdownProtected string = ''

@description('LOCKDOWN_PRIVILEGED_ROLES: extra directory roles whose holders count as privileged.')
param lockdownPrivilegedRoles string = ''

@description('LOCKDOWN_DEFAULT_OPTIONS: containment options on for every lockdown (remove-mfa, disable-mail-rules, revoke-consents, compromised; comma-separated).')
param lockdownDefaultOptions string = ''

@description('LOCKDOWN_ONPREM: defender-for-identity to disable a synced account in on-premises AD too (through Microsoft Defender for Identity); empty or none: not.')
@allowed([
  ''
  'none'
  'defender-for-identity'
])
param lockdownOnPrem string = ''

@description('LOCKDOWN_ALERTS_AUDIENCE: the app ID URI (or client id) of the bot\'s API that alert callers get tokens for; turns POST /api/alerts on (docs/alerts.md). Empty: no alert endpoint.')
param lockdownAlertsAudience string = ''

@description('LOCKDOWN_ALERTS_CALLER_IDS: app ids or object ids of the apps allowed to send alerts (e.g. the Sentinel playbook\'s managed identity), comma-separated. Required with lockdownAlertsAudience.')
param lockdownAlertsCallerIds string = ''

@description('LOCKDOWN_ALERTS_CHANNEL_ID: the Teams channel alert cards are posted in; one of lockdownChannelIds. Required with lockdownAlertsAudience.')
param lockdownAlertsChannelId string = ''

@description('LOCKDOWN_APPROVAL_TTL_MINUTES: how long a request waits for approval.')
param lockdownApprovalTtlMinutes string = '15'

@description('LOCKDOWN_ALLOW_SELF_APPROVAL: whether a requester may approve their own request.')
param lockdownAllowSelfApproval bool = false

@description('LOCKDOWN_PER_PERSON_VIEWS: show Confirm only to the approvers.')
param lockdownPerPersonViews bool = true

@description('LOCKDOWN_MAX_PENDING_PER_PERSON: pending requests one person may have at once.')
param lockdownMaxPendingPerPerson string = '10'

@description('LOCKDOWN_LEASE_SECONDS: how long an instance\'s claim on a running lockdown holds unless renewed.')
param lockdownLeaseSeconds string = '30'

@description('LOCKDOWN_SWEEP_SECONDS: how often each instance looks for lockdowns nobody runs (shorter than the lease).')
param lockdownSweepSeconds string = '15'

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
@description('LOG_LEVEL of the bot\'s JSON logs.')
param logLevel string = 'info'

// ---------------------------------------------------------------------------------------------
// Derived values

var botTenant = empty(botTenantId) ? subscription().tenantId : botTenantId
var webAppName = resourceBaseName
var serverfarmName = '${resourceBaseName}-plan'
var botServiceName = resourceBaseName
var storageName = empty(storageAccountName) ? 'st${uniqueString(resourceGroup().id, resourceBaseName)}' : storageAccountName
var botUsesManagedIdentity = botAppType == 'UserAssignedMSI'
var graphMode = empty(graphCredential) ? 'managed-identity' : graphCredential
var useKeyVault = !empty(keyVaultName)

// Built-in role definitions (the same ids in every tenant).
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// Secrets handed over as values are written to the vault and referenced from there.
var storeBotPassword = !botUsesManagedIdentity && useKeyVault && empty(botPasswordSecretUri) && !empty(botAadAppClientSecret)
var storeGraphSecret = graphMode == 'secret' && useKeyVault && empty(azureClientSecretUri) && !empty(azureClientSecret)
var botPasswordSecretName = '${resourceBaseName}-bot-password'
var graphSecretName = '${resourceBaseName}-graph-client-secret'
var vaultSecretsUri = 'https://${keyVaultName}${environment().suffixes.keyvaultDns}/secrets/'
var botPasswordUri = storeBotPassword ? '${vaultSecretsUri}${botPasswordSecretName}/' : botPasswordSecretUri
var graphSecretUri = storeGraphSecret ? '${vaultSecretsUri}${graphSecretName}/' : azureClientSecretUri

var systemIdentity = {
  type: 'SystemAssigned'
}
var botIdentityKey = empty(botIdentityResourceId) ? 'none' : botIdentityResourceId
var systemAndBotIdentities = {
  type: 'SystemAssigned, UserAssigned'
  userAssignedIdentities: {
    '${botIdentityKey}': {}
  }
}

// Free and Shared plans cannot keep the site warm.
var freeSkus = [
  'F1'
  'D1'
]
var alwaysOn = !contains(freeSkus, toUpper(webAppSku))

// ---------------------------------------------------------------------------------------------
// Resources

resource serverfarm 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: serverfarmName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: webAppInstanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2024-11-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  // The system-assigned identity reaches Table Storage, Key Vault and (managed-identity) Graph;
  // a user-assigned one is the bot's Bot Framework identity (UserAssignedMSI).
  identity: botUsesManagedIdentity ? systemAndBotIdentities : systemIdentity
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'npm start'
      alwaysOn: alwaysOn
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      healthCheckPath: '/healthz'
      // App settings: see webAppSettings below, applied once the roles they need exist.
    }
  }
}

// No FTP with basic (user name and password) credentials.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

// The bot's store: Azure Table Storage, Entra ID only.
resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
  }
}

// The web app's system-assigned identity reads and writes the tables (and creates them on first use).
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storageAccount
  name: guid(storageAccount.id, webApp.id, storageTableDataContributorRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// An existing vault; nothing is read from it unless keyVaultName is set.
resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: useKeyVault ? keyVaultName : 'unused'
}

// The web app's identity resolves the app settings' Key Vault references.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (useKeyVault) {
  scope: keyVault
  name: guid(keyVault.id, webApp.id, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (storeBotPassword) {
  parent: keyVault
  name: botPasswordSecretName
  properties: {
    value: botAadAppClientSecret
    contentType: 'text/plain'
  }
}

resource graphClientSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (storeGraphSecret) {
  parent: keyVault
  name: graphSecretName
  properties: {
    value: azureClientSecret
    contentType: 'text/plain'
  }
}

// Every setting the bot reads; empty values count as unset (the bot's default applies).
// Secrets are Key Vault references only.
var appSettings = {
  BOT_ID: botAadAppClientId
  BOT_TYPE: botUsesManagedIdentity ? 'UserAssignedMsi' : 'SingleTenant'
  BOT_TENANT_ID: botTenant
  BOT_PASSWORD: botUsesManagedIdentity || empty(botPasswordUri) ? '' : '@Microsoft.KeyVault(SecretUri=${botPasswordUri})'
  AZURE_TENANT_ID: empty(azureTenantId) ? botTenant : azureTenantId
  GRAPH_CREDENTIAL: graphMode
  // With managed-identity, AZURE_CLIENT_ID would name a user-assigned identity: left empty.
  AZURE_CLIENT_ID: graphMode == 'managed-identity' ? '' : azureClientId
  AZURE_CLIENT_SECRET: graphMode == 'secret' && !empty(graphSecretUri) ? '@Microsoft.KeyVault(SecretUri=${graphSecretUri})' : ''
  AZURE_CLIENT_CERTIFICATE: graphMode == 'certificate' && !empty(azureClientCertificateSecretUri) ? '@Microsoft.KeyVault(SecretUri=${azureClientCertificateSecretUri})' : ''
  GRAPH_ENDPOINT: graphEndpoint
  AZURE_AUTHORITY_HOST: azureAuthorityHost
  GRAPH_TIMEOUT_SECONDS: graphTimeoutSeconds
  // On App Service only Azure Tables: SQLite's WAL locking is unsafe on /home (a network share).
  LOCKDOWN_STORE: 'azure-tables'
  AZURE_TABLES_ENDPOINT: storageAccount.properties.primaryEndpoints.table
  // Empty: the web app's system-assigned identity.
  AZURE_TABLES_CLIENT_ID: ''
  LOCKDOWN_CHANNEL_IDS: lockdownChannelIds
  LOCKDOWN_REQUESTER_IDS: lockdownRequesterIds
  LOCKDOWN_REQUESTER_GROUP_IDS: lockdownRequesterGroupIds
  LOCKDOWN_APPROVER_IDS: lockdownApproverIds
  LOCKDOWN_APPROVER_GROUP_IDS: lockdownApproverGroupIds
  LOCKDOWN_PROTECTED: lockdownProtected
  LOCKDOWN_PRIVILEGED_ROLES: lockdownPrivilegedRoles
  LOCKDOWN_DEFAULT_OPTIONS: lockdownDefaultOptions
  LOCKDOWN_ONPREM: lockdownOnPrem
  LOCKDOWN_ALERTS_AUDIENCE: lockdownAlertsAudience
  LOCKDOWN_ALERTS_CALLER_IDS: lockdownAlertsCallerIds
  LOCKDOWN_ALERTS_CHANNEL_ID: lockdownAlertsChannelId
  LOCKDOWN_APPROVAL_TTL_MINUTES: lockdownApprovalTtlMinutes
  LOCKDOWN_ALLOW_SELF_APPROVAL: lockdownAllowSelfApproval ? 'true' : 'false'
  LOCKDOWN_PER_PERSON_VIEWS: lockdownPerPersonViews ? 'true' : 'false'
  LOCKDOWN_MAX_PENDING_PER_PERSON: lockdownMaxPendingPerPerson
  LOCKDOWN_LEASE_SECONDS: lockdownLeaseSeconds
  LOCKDOWN_SWEEP_SECONDS: lockdownSweepSeconds
  LOG_LEVEL: logLevel
  RUNNING_ON_AZURE: '1'
  NODE_ENV: 'production'
  // The deployed zip already holds dist/ and node_modules/: no build on the server, and the
  // site runs from the read-only package.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  WEBSITE_RUN_FROM_PACKAGE: '1'
}

// Applied after the role assignments and secrets, so that the first start can resolve them.
resource webAppSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: webApp
  name: 'appsettings'
  properties: appSettings
  dependsOn: [
    tableDataContributor
    keyVaultSecretsUser
    botPasswordSecret
    graphClientSecret
  ]
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
    msaAppTenantId: botTenant
    msaAppMSIResourceId: botUsesManagedIdentity ? botIdentityResourceId : null
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
// The managed identity to grant Graph application permissions and a directory role to
// (GRAPH_CREDENTIAL=managed-identity; see docs/deployment.md).
output BOT_WEB_APP_PRINCIPAL_ID string = webApp.identity.principalId
output BOT_STORAGE_ACCOUNT_NAME string = storageAccount.name
output BOT_STORAGE_TABLE_ENDPOINT string = storageAccount.properties.primaryEndpoints.table

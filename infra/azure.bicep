// Azure resources for one environment of Scrum of Scrums, deployed by `teamsapp provision`
// (arm/deploy in teamsapp.yml). Outputs in UPPER_CASE are written back to env/.env.<env>
// and fill the Teams manifest and the deploy steps.
//
// Nothing here holds a secret: the Functions app reaches Table Storage, its own host storage
// and the Bot Framework with one user-assigned managed identity.

@description('Short prefix for resource names (lowercase letters and digits). Names get a suffix unique to the resource group.')
@minLength(3)
@maxLength(10)
param resourceBaseName string

@description('Client id of the Entra app that the tab\'s SSO tokens are issued for (aadApp/create).')
param authClientId string

@description('Tenant of that Entra app; the API accepts tokens from this tenant only.')
param authTenantId string = tenant().tenantId

@maxLength(42)
param botDisplayName string = 'Scrum of Scrums'

@description('Table that holds every board, session, vote and action.')
param tableName string = 'scrumofscrums'

@description('App Service plan for the Functions app. A dedicated plan keeps the every-minute reminder sweep warm (Always On) and deploys by zip without a content file share, which Consumption would need with a shared key.')
@allowed([
  'B1'
  'B2'
  'S1'
  'P0v3'
  'P1v3'
])
param functionPlanSku string = 'B1'

param location string = resourceGroup().location

@description('Region of the tab\'s Static Web App (offered only in some regions: westeurope, westus2, centralus, eastus2, eastasia).')
@allowed(['westeurope', 'westus2', 'centralus', 'eastus2', 'eastasia'])
param tabLocation string = 'westeurope'

var suffix = uniqueString(resourceGroup().id)
var base = toLower(resourceBaseName)
// Storage account names: 3-24 lowercase letters and digits, globally unique.
var dataStorageName = take('${base}data${suffix}', 24)
var tabSiteName = '${base}-tab-${suffix}'

var roles = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
}

// One identity for the app: it is the bot's identity (BOT_TYPE=UserAssignedMSI) and the one
// that reads and writes the table, so there is no connection string or bot password to rotate.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${base}-id-${suffix}'
  location: location
}

// Data: the app's table, and the Functions host's own blobs (timer leases, keys).
resource dataStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: dataStorageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Entra ID only: a leaked account key can't reach the data.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: dataStorage
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: tableName
}

// Scoped to the one table rather than the account: the app needs nothing else there.
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: table
  name: guid(table.id, identity.id, roles.storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The Functions host keeps timer-trigger leases and host keys in blobs (AzureWebJobsStorage).
resource hostBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: dataStorage
  name: guid(dataStorage.id, identity.id, roles.storageBlobDataOwner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The tab: Azure Static Web Apps, which sends the headers declared in the tab's own
// staticwebapp.config.json (deployed with dist/tab): a CSP whose frame-ancestors are only Teams and
// Microsoft 365, nosniff, and long caching for hashed assets only. A Storage static website could
// set no headers at all.
resource tabSite 'Microsoft.Web/staticSites@2023-12-01' = {
  name: tabSiteName
  location: tabLocation
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

var tabDomain = tabSite.properties.defaultHostname
var tabEndpoint = 'https://${tabDomain}'

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${base}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${base}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${base}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: functionPlanSku
  }
  properties: {
    reserved: true // Linux
  }
}

// HTTP API for the tab, the bot's /api/messages and the reminder timer: one app, Node v4 model.
resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  name: '${base}-api-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'Node|22'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        // The tab is served from another origin (the Static Web App) and calls the API from the browser.
        allowedOrigins: [
          tabEndpoint
        ]
      }
      appSettings: [
        {
          name: 'FUNCTIONS_EXTENSION_VERSION'
          value: '~4'
        }
        {
          name: 'FUNCTIONS_WORKER_RUNTIME'
          value: 'node'
        }
        {
          // Identity-based host storage: no AzureWebJobsStorage connection string.
          name: 'AzureWebJobsStorage__accountName'
          value: dataStorage.name
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          // The deploy ships a built folder with its production node_modules: nothing to build on the server.
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          // DefaultAzureCredential picks the user-assigned identity by this client id.
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'AZURE_STORAGE_ACCOUNT_NAME'
          value: dataStorage.name
        }
        {
          name: 'TABLE_ENDPOINT'
          value: dataStorage.properties.primaryEndpoints.table
        }
        {
          name: 'TABLE_NAME'
          value: tableName
        }
        {
          name: 'AUTH_CLIENT_ID'
          value: authClientId
        }
        {
          name: 'AUTH_TENANT_ID'
          value: authTenantId
        }
        {
          name: 'BOT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'BOT_TENANT_ID'
          value: identity.properties.tenantId
        }
        {
          name: 'BOT_TYPE'
          value: 'UserAssignedMSI'
        }
        {
          // Where people open the app: links in cards and in-meeting notifications point here.
          name: 'PUBLIC_URL'
          value: tabEndpoint
        }
      ]
    }
  }
}

// Single-tenant by construction: the bot's app id is the managed identity's client id.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${base}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0' // the Teams channel is a standard channel, free on F0
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${functionApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output TAB_ENDPOINT string = tabEndpoint
output TAB_DOMAIN string = tabDomain
output TAB_SWA_RESOURCE_ID string = tabSite.id
output API_ENDPOINT string = 'https://${functionApp.properties.defaultHostName}'
output API_FUNCTION_RESOURCE_ID string = functionApp.id
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId

/** Placeholder values shaped like the ones provision writes, shared by the app package tests. */
export const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-000000000001',
  BOT_ID: '00000000-0000-4000-8000-000000000002',
  BOT_DOMAIN: 'lockdownabc123.azurewebsites.net',
  APP_NAME_SUFFIX: '-local',
};

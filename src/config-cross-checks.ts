/**
 * The configuration rules that span several variables (a credential and its secret, a store and
 * its endpoint, the sweep and the lease), and Key Vault references App Service left unresolved.
 */
import { alertsProblems } from './alerts-config';
import { graphCredentialProblems } from './graph-credential-config';

/** How App Service leaves a Key Vault reference it could not resolve: the reference itself. */
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/i;

/**
 * Rules across variables, checked on the raw environment so they are reported with the rest;
 * `names` are the variables the bot reads (each checked for an unresolved Key Vault reference).
 */
export function crossFieldProblems(
  environment: NodeJS.ProcessEnv,
  names: readonly string[],
): string[] {
  const set = (name: string): boolean => (environment[name] ?? '').trim() !== '';
  const problems: string[] = [];
  for (const name of names) {
    if (KEY_VAULT_REFERENCE.test((environment[name] ?? '').trim())) {
      problems.push(
        `${name} is a Key Vault reference App Service could not resolve: give the web app's identity "Key Vault Secrets User" on the vault, check the secret URI, then restart the app`,
      );
    }
  }
  problems.push(...graphCredentialProblems(set, environment));
  problems.push(...alertsProblems(environment));
  const botType = environment.BOT_TYPE?.trim() || 'SingleTenant';
  if (set('BOT_ID') && botType !== 'UserAssignedMsi' && !set('BOT_PASSWORD')) {
    problems.push(`BOT_PASSWORD is required when BOT_ID is set and BOT_TYPE is ${botType}`);
  }
  if ((environment.LOCKDOWN_STORE ?? '').trim() === 'azure-tables') {
    if (set('AZURE_TABLES_CONNECTION_STRING') === set('AZURE_TABLES_ENDPOINT')) {
      problems.push(
        'LOCKDOWN_STORE=azure-tables needs exactly one of AZURE_TABLES_CONNECTION_STRING or AZURE_TABLES_ENDPOINT',
      );
    }
  }
  if (
    set('AZURE_TABLES_CLIENT_ID') &&
    ((environment.LOCKDOWN_STORE ?? '').trim() !== 'azure-tables' || !set('AZURE_TABLES_ENDPOINT'))
  ) {
    problems.push(
      'AZURE_TABLES_CLIENT_ID applies only with LOCKDOWN_STORE=azure-tables and AZURE_TABLES_ENDPOINT',
    );
  }
  if (set('BOT_OPENID_METADATA_URL') !== set('BOT_TOKEN_ISSUER')) {
    problems.push('BOT_OPENID_METADATA_URL and BOT_TOKEN_ISSUER go together: set both or neither');
  }
  const lease = Number(environment.LOCKDOWN_LEASE_SECONDS?.trim() || 30);
  const sweep = Number(environment.LOCKDOWN_SWEEP_SECONDS?.trim() || 15);
  if (Number.isFinite(lease) && Number.isFinite(sweep) && sweep >= lease) {
    problems.push(
      'LOCKDOWN_SWEEP_SECONDS must be shorter than LOCKDOWN_LEASE_SECONDS, or a lapsed lease waits too long',
    );
  }
  return problems;
}

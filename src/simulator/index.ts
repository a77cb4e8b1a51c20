/**
 * The Graph simulator: a Graph-compatible fake tenant served over HTTPS with its own token
 * endpoint, for end-to-end tests, demos and benchmarks. It shares no code with the bot.
 */
export { startSimulator } from './server';
export type { RunningSimulator, SimulatorOptions } from './server';
export { createTestCertificateAuthority, readTestCertificates, writeTestCertificates } from './tls';
export type { TestCertificatePaths, TestCertificates } from './tls';
export { loadTenantSeed, parseTenantSeed, SeedValidationError } from './seed';
export type {
  SeedApp,
  SeedDevice,
  SeedGroup,
  SeedManagedDevice,
  SeedUser,
  TenantSeed,
} from './seed';
export type { SeedServicePrincipal, SeedVerifiedPublisher } from './service-principal-seed';
export type {
  FaultMatch,
  FaultRule,
  GarbleFault,
  GarbleKind,
  HoldFault,
  NetworkFault,
  NetworkFaultMatch,
  ResetFault,
  StatusFault,
} from './faults';
export type { NetworkOutcome, ReceivedPassword, RecordedRequest, RequestTiming } from './recorder';
export type { RetryAfterFormat, ThrottlingOptions } from './throttling';
export { REDACTED } from './recorder';
export type { InvokedAction, OnPremisesAccountState } from './onprem-accounts';
export type { IncidentComment } from './incidents';
export type { SeedIncident } from './incident-seed';
export { NO_AZURE_AD_DEVICE_ID, Tenant, passwordMeetsComplexity } from './tenant';
export type {
  Caller,
  DeviceChange,
  DirectoryRoleObject,
  RoleAssignmentObject,
  TenantApp,
  TenantDevice,
  TenantGroup,
  TenantManagedDevice,
  TenantUser,
  TenantView,
  UserChange,
} from './tenant';
export type {
  SeedAuthMethod,
  SeedConsent,
  SeedFoothold,
  SeedLicenses,
  SeedMessageRule,
  SeedRisk,
  SeedSignIn,
} from './foothold-seed';
export { BUILT_IN_ROLES, findBuiltInRole } from './directory-roles';
export type { BuiltInRole } from './directory-roles';
export { KNOWN_APPLICATION_PERMISSIONS } from './permissions';

/**
 * The shapes of Graph's answers that the bot relies on. Graph's answers are data, not truth: a
 * proxy's HTML page, `{}`, a truncated body or a field of the wrong type must become a failure
 * the responder sees, never a success or a crash. Unknown fields are dropped; fields the bot
 * does not need may be absent or null.
 */
import { z, type ZodError, type ZodType, type ZodTypeDef } from 'zod';

const optionalText = z.string().nullish();
const optionalFlag = z.boolean().nullish();
const dateTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'not a date-time' });

/** A Graph collection page: `value` is an array, `@odata.nextLink` a string when present. */
export function pageSchema<Item extends z.ZodTypeAny>(item: Item) {
  return z.object({ value: z.array(item), '@odata.nextLink': z.string().optional() });
}

/** The answer of a `$batch`; its entries are checked one by one ({@link subResponseSchema}). */
export const batchEnvelopeSchema = z.object({ responses: z.array(z.unknown()) });

/** One entry of a `$batch` answer. Graph may leave `headers` out (a 204, say). */
export const subResponseSchema = z.object({
  id: z.string(),
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string()).optional(),
  body: z.unknown().optional(),
});

/** A user as the look-up reads it ({@link USER_FIELDS}). */
export const userSchema = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: optionalText,
  jobTitle: optionalText,
  department: optionalText,
  accountEnabled: optionalFlag,
  onPremisesSyncEnabled: optionalFlag,
  onPremisesSecurityIdentifier: optionalText,
  userType: optionalText,
});

/** A directory role: its template id decides whether it is privileged, so it must be there. */
export const roleSchema = z.object({ displayName: optionalText, roleTemplateId: z.string() });

/** A registered device (any directory object: only devices are kept afterwards). */
export const deviceSchema = z.object({
  id: z.string(),
  '@odata.type': z.string().optional(),
  displayName: optionalText,
  operatingSystem: optionalText,
  accountEnabled: optionalFlag,
});

/**
 * An Intune managed device (the fallback listing): `azureADDeviceId` is the directory device's
 * `deviceId`; Intune reports an empty or all-zero one for a device that is not in the directory.
 */
export const managedDeviceSchema = z.object({
  id: z.string(),
  deviceName: optionalText,
  operatingSystem: optionalText,
  azureADDeviceId: optionalText,
});

/** What the verify step reads back: without `accountEnabled` there is nothing to verify. */
export const readBackSchema = z.object({
  accountEnabled: z.boolean(),
  signInSessionsValidFromDateTime: dateTime.nullish(),
});

/** The answer of `checkMemberGroups`: the ids of the groups the user is in. */
export const memberGroupsSchema = z.object({ value: z.array(z.string()) });

/** A page of a user's directory roles. */
export const rolePageSchema = pageSchema(roleSchema);
/** A page of a user's registered devices. */
export const devicePageSchema = pageSchema(deviceSchema);
/** A page of a user's Intune managed devices. */
export const managedDevicePageSchema = pageSchema(managedDeviceSchema);
/** A page of a group's (transitive) user members. */
export const memberPageSchema = pageSchema(z.object({ id: z.string() }));

/** A directory role assignment: which role (definition), and over what (`/`: the tenant). */
export const roleAssignmentSchema = z.object({
  roleDefinitionId: z.string(),
  directoryScopeId: optionalText,
});
/** A page of role assignments. */
export const roleAssignmentPageSchema = pageSchema(roleAssignmentSchema);

/** A user as checked by {@link userSchema}. */
export type GraphUser = z.infer<typeof userSchema>;
/** A role as checked by {@link roleSchema}. */
export type GraphRole = z.infer<typeof roleSchema>;
/** A device as checked by {@link deviceSchema}. */
export type GraphDevice = z.infer<typeof deviceSchema>;
/** A managed device as checked by {@link managedDeviceSchema}. */
export type GraphManagedDevice = z.infer<typeof managedDeviceSchema>;
/** A read-back as checked by {@link readBackSchema}. */
export type GraphReadBack = z.infer<typeof readBackSchema>;
/** A page of a Graph collection. */
export interface Page<T> {
  readonly value: readonly T[];
  readonly '@odata.nextLink'?: string;
}

/** A schema for Graph's JSON: parses whatever arrived into `T`. */
export type BodySchema<T> = ZodType<T, ZodTypeDef, unknown>;

/** The checked body, or what was wrong with it in words. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Checks `body` against `schema`. */
export function checkBody<T>(schema: BodySchema<T>, body: unknown): Checked<T> {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problem: describeIssues(parsed.error) };
}

/**
 * What was wrong, by field and type only: never a value, so no body content (a proxy's page, a
 * user's data) reaches a card or a log through it.
 */
export function describeIssues(error: ZodError): string {
  const described = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the body';
    if (issue.code !== 'invalid_type') return `${where}: ${issue.message}`;
    return issue.received === 'undefined'
      ? `${where}: missing`
      : `${where}: expected ${issue.expected}, got ${issue.received}`;
  });
  const more = error.issues.length > 3 ? `; and ${error.issues.length - 3} more` : '';
  return `${described.join('; ')}${more}`;
}

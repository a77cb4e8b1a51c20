/**
 * The shapes of Graph's answers to the foothold's reads (see graph-schemas.ts for the rules:
 * unknown fields dropped, fields the bot can do without may be absent or null).
 */
import { z } from 'zod';
import { pageSchema } from './graph-schemas';

const optionalText = z.string().nullish();
const optionalFlag = z.boolean().nullish();
const dateTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'not a date-time' });

/** An authentication method of any type: `@odata.type` says which. */
export const authMethodSchema = z.object({
  '@odata.type': z.string(),
  id: z.string(),
  createdDateTime: dateTime.nullish(),
  displayName: optionalText,
  phoneNumber: optionalText,
  model: optionalText,
  emailAddress: optionalText,
});

const recipientsSchema = z
  .array(z.object({ emailAddress: z.object({ address: optionalText }).nullish() }))
  .nullish();

/** An inbox rule: what it does (what it matches is not needed). */
export const messageRuleSchema = z.object({
  id: z.string(),
  displayName: optionalText,
  isEnabled: optionalFlag,
  actions: z
    .object({
      forwardTo: recipientsSchema,
      forwardAsAttachmentTo: recipientsSchema,
      redirectTo: recipientsSchema,
      delete: optionalFlag,
      permanentDelete: optionalFlag,
      moveToFolder: optionalText,
      markAsRead: optionalFlag,
    })
    .nullish(),
});

/** The organization, for its verified domains. */
export const organizationSchema = z.object({
  verifiedDomains: z.array(z.object({ name: z.string() })).nullish(),
});

/** A delegated permission grant. */
export const grantSchema = z.object({ id: z.string(), clientId: z.string(), scope: optionalText });

/**
 * A consented app's service principal: its names and verified publisher (Graph answers an
 * unverified one with null fields, or none at all).
 */
export const servicePrincipalSchema = z.object({
  id: z.string(),
  appDisplayName: optionalText,
  displayName: optionalText,
  verifiedPublisher: z
    .object({ displayName: optionalText, verifiedPublisherId: optionalText })
    .nullish(),
});

/** A group the user belongs to. */
export const userGroupSchema = z.object({ id: z.string(), displayName: optionalText });

/** A PIM eligibility, with its role definition expanded. */
export const eligibilitySchema = z.object({
  principalId: z.string(),
  roleDefinitionId: z.string(),
  memberType: optionalText,
  roleDefinition: z.object({ displayName: optionalText, templateId: optionalText }).nullish(),
});

/** Identity Protection's record of a user. */
export const riskyUserSchema = z.object({ riskLevel: z.string(), riskState: z.string() });

/** A sign-in. */
export const signInSchema = z.object({
  createdDateTime: dateTime,
  appDisplayName: optionalText,
  ipAddress: optionalText,
  location: z.object({ city: optionalText, countryOrRegion: optionalText }).nullish(),
  status: z.object({ errorCode: z.number().nullish(), failureReason: optionalText }).nullish(),
});

export const authMethodPageSchema = pageSchema(authMethodSchema);
export const messageRulePageSchema = pageSchema(messageRuleSchema);
export const organizationPageSchema = pageSchema(organizationSchema);
export const grantPageSchema = pageSchema(grantSchema);
export const userGroupPageSchema = pageSchema(userGroupSchema);
export const eligibilityPageSchema = pageSchema(eligibilitySchema);
export const riskyUserPageSchema = pageSchema(riskyUserSchema);
export const signInPageSchema = pageSchema(signInSchema);

export type GraphAuthMethod = z.infer<typeof authMethodSchema>;
export type GraphMessageRule = z.infer<typeof messageRuleSchema>;
export type GraphGrant = z.infer<typeof grantSchema>;
export type GraphServicePrincipal = z.infer<typeof servicePrincipalSchema>;
export type GraphUserGroup = z.infer<typeof userGroupSchema>;
export type GraphEligibility = z.infer<typeof eligibilitySchema>;
export type GraphRiskyUser = z.infer<typeof riskyUserSchema>;
export type GraphSignIn = z.infer<typeof signInSchema>;

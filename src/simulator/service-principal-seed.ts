/**
 * The seed's service principals: the apps of other publishers that users consented to (a
 * consent's `clientId` names one), with their names and verified publisher. The seed's own apps
 * (those that obtain tokens) are service principals too, without one. Kept apart from seed.ts,
 * which only hooks this schema in.
 */
import { z } from 'zod';

/** A publisher Microsoft verified (Partner Center). */
export interface SeedVerifiedPublisher {
  /** The verified publisher's name. */
  readonly displayName: string;
  /** Its Partner Center (MPN) id. */
  readonly verifiedPublisherId: string;
  /** When it was verified, ISO. */
  readonly addedDateTime?: string;
}

/** An app's service principal in the tenant. */
export interface SeedServicePrincipal {
  /** Object id: a consent's `clientId`. */
  readonly id: string;
  /** The application (client) id. */
  readonly appId: string;
  /** The name in the tenant. */
  readonly displayName: string;
  /** The name the application gives itself; defaults to `displayName`. */
  readonly appDisplayName?: string;
  /** Absent: the publisher is not verified. */
  readonly verifiedPublisher?: SeedVerifiedPublisher;
  /** Free text for humans; ignored. */
  readonly $comment?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string().regex(UUID, 'expected a UUID such as 00000000-0000-0000-0000-000000000000');
const text = z.string().min(1, 'must not be empty');

/** The seed's `servicePrincipals`. */
export const servicePrincipalsSeedSchema = z.array(
  z
    .object({
      id: uuid,
      appId: uuid,
      displayName: text,
      appDisplayName: text.optional(),
      verifiedPublisher: z
        .object({
          displayName: text,
          verifiedPublisherId: text,
          addedDateTime: z.string().datetime({ message: 'expected an ISO date-time' }).optional(),
        })
        .strict()
        .optional(),
      $comment: z.string().optional(),
    })
    .strict(),
);

/** The object ids of the seed's service principals, for the seed's check of duplicate ids. */
export function servicePrincipalIds(
  principals: readonly SeedServicePrincipal[] | undefined,
): { readonly path: string; readonly value: string }[] {
  return (principals ?? []).map((sp, i) => ({ path: `servicePrincipals[${i}].id`, value: sp.id }));
}

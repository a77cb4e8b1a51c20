/**
 * The seed's Microsoft Defender XDR incidents: the ones an app may comment on through
 * `POST /security/incidents/{id}/comments`. Kept apart from seed.ts, which only hooks this schema
 * in.
 */
import { z } from 'zod';

/** A Defender XDR incident. */
export interface SeedIncident {
  /** The incident id as Defender gives it (digits, e.g. `3962396`). */
  readonly id: string;
  /** The incident's name. */
  readonly displayName: string;
  /** Free text for humans; ignored. */
  readonly $comment?: string;
}

/** Defender's ids are digits; letters, `_` and `-` are allowed for other providers' ids. */
const INCIDENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The seed's `incidents`: ids unique. */
export const incidentsSeedSchema = z
  .array(
    z
      .object({
        id: z.string().regex(INCIDENT_ID, 'expected an incident id such as 3962396'),
        displayName: z.string().min(1, 'must not be empty'),
        $comment: z.string().optional(),
      })
      .strict(),
  )
  .superRefine((incidents, context) => {
    const seen = new Map<string, number>();
    incidents.forEach((incident, index) => {
      const first = seen.get(incident.id);
      if (first === undefined) {
        seen.set(incident.id, index);
        return;
      }
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: [index, 'id'],
        message: `duplicate incident id '${incident.id}' (already used at incidents[${first}].id)`,
      });
    });
  });

/**
 * The shapes of configuration values (zod): URLs, lists, object ids, durations, flags. Each
 * turns the environment's text into the typed value the bot uses, or a problem to report.
 */
import { z } from 'zod';
import { LOCKDOWN_OPTIONS } from './lockdown/options';

export const httpsUrl = z
  .string()
  .trim()
  .url()
  .refine((value) => value.startsWith('https://'), 'must be an https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

export const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** An Entra object id. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A comma- or space-separated list. */
export const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(/[\s,;]+/).filter(Boolean));

/** A list of Entra object ids, in lower case (Teams and Graph may send either case). */
export const objectIds = list
  .refine(
    (ids) => ids.every((id) => GUID.test(id)),
    (ids) => ({
      message: `must be Entra object ids (GUIDs); not: ${ids.filter((id) => !GUID.test(id)).join(', ')}`,
    }),
  )
  .transform((ids) => ids.map((id) => id.toLowerCase()));

/** App (client) ids or object ids (GUIDs) of apps, comma-separated, in lower case. */
export const appIds = list
  .refine(
    (ids) => ids.every((id) => GUID.test(id)),
    (ids) => ({
      message: `must be app (client) ids or object ids (GUIDs); not: ${ids.filter((id) => !GUID.test(id)).join(', ')}`,
    }),
  )
  .transform((ids) => ids.map((id) => id.toLowerCase()));

/** An app ID URI (`api://...`, `https://...`) or an app's client id, as a token's `aud` has it. */
export const audience = z
  .string()
  .trim()
  .refine(
    (value) => GUID.test(value) || /^[a-z][a-z0-9+.-]*:\S+$/i.test(value),
    "must be the app ID URI of the bot's API (api://..., https://...) or its client id (a GUID)",
  )
  .optional();

/** A number of seconds, read as ms. */
export const seconds = (min: number, max: number, fallback: number) =>
  z.coerce
    .number()
    .min(min)
    .max(max)
    .default(fallback)
    .transform((value) => Math.round(value * 1000));

/** An https URL, or http on the loopback interface (local test authorities). */
export const metadataUrl = z
  .string()
  .trim()
  .url()
  .refine(
    (value) =>
      /^https:\/\//.test(value) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(value),
    'must be https (http only on 127.0.0.1 or localhost)',
  )
  .optional();

export const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

/**
 * A comma- or space-separated list of names, each one of `valid` (any case, duplicates dropped,
 * in `valid`'s order); anything else is refused, naming it and the valid names.
 */
export const namesFrom = <T extends string>(valid: readonly T[], what: string) =>
  list
    .transform((names) => names.map((name) => name.toLowerCase()))
    .superRefine((names, context) => {
      const wrong = names.filter((name) => !(valid as readonly string[]).includes(name));
      if (wrong.length > 0) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must list ${what} from ${valid.join(', ')}; not: ${wrong.map((name) => `"${name}"`).join(', ')}`,
        });
      }
    })
    .transform((names) => valid.filter((name) => names.includes(name)));

/** Containment options by name, without dashes (`remove-mfa,compromised`); `all` is not one. */
export const optionNames = namesFrom(
  LOCKDOWN_OPTIONS,
  'containment options (comma-separated, without dashes)',
);

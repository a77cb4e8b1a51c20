/**
 * What an inbound activity must look like before the bot does any work with it: every field the
 * bot or teams-ai reads has the type they assume, the channel is Teams, and an Entra object id
 * is a GUID. Object ids and tenant ids come out in lower case, once, here at the edge, so every
 * later comparison (four-eyes, approvals, tenant) sees one spelling. Fields the bot never reads
 * pass through unchecked.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Teams ids are at most a few hundred characters; a 1 KB cap keeps junk out of store and log. */
const MAX_ID = 1024;

const id = z.string().min(1).max(MAX_ID);
/** An Entra object or tenant id: lower-cased here so that case never makes two people of one. */
const entraId = z
  .string()
  .max(MAX_ID)
  .transform((value) => value.toLowerCase());
const text = z.string().max(MAX_ID);
/** JSON brings text; an activity already through botbuilder's own validation brings a Date. */
const timestamp = z.union([z.string().max(64), z.date()]);

const account = z
  .object({ id, name: z.string().nullish(), aadObjectId: entraId.optional() })
  .passthrough();

const serviceUrl = z.string().max(2048).refine(isHttpUrl, { message: 'must be an http(s) URL' });

/** botbuilder's mention helpers call `type.toLowerCase()` and read `mentioned.id` and `text`. */
const mention = z.object({
  mentioned: z.object({ id: z.string() }).passthrough(),
  text: z.string().optional(),
});
const entity = z
  .object({ type: z.string() })
  .passthrough()
  .superRefine((value, context) => {
    if (value.type.toLowerCase() === 'mention' && !mention.safeParse(value).success) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: 'a mention needs mentioned.id' });
    }
  });

const channelData = z
  .object({
    channel: z.object({ id: id.optional() }).passthrough().nullish(),
    team: z.object({ id: id.optional() }).passthrough().nullish(),
    tenant: z.object({ id: entraId.optional() }).passthrough().nullish(),
    teamsChannelId: id.nullish(),
    teamsTeamId: id.nullish(),
  })
  .passthrough();

/** The schema of an inbound Teams activity (what the bot reads of it). */
export const activityShape = z
  .object({
    type: z.string().min(1).max(64),
    id: id.optional(),
    channelId: z.literal('msteams'),
    serviceUrl,
    from: account,
    recipient: account,
    conversation: z
      .object({
        id,
        tenantId: entraId.optional(),
        conversationType: text.nullish(),
        isGroup: z.boolean().nullish(),
      })
      .passthrough(),
    channelData: channelData.optional(),
    name: text.optional(),
    text: z.string().optional(),
    textFormat: text.optional(),
    replyToId: id.optional(),
    locale: text.nullish(),
    timestamp: timestamp.optional(),
    localTimestamp: timestamp.optional(),
    entities: z.array(entity).optional(),
    attachments: z.array(z.object({ contentType: text }).passthrough()).optional(),
  })
  .passthrough()
  .superRefine((activity, context) => {
    // The sender of a message or a card click is a person the policy knows by object id.
    const sender = activity.from.aadObjectId;
    if (
      ['message', 'invoke'].includes(activity.type) &&
      sender !== undefined &&
      !GUID.test(sender)
    ) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['from', 'aadObjectId'],
        message: 'must be a GUID',
      });
    }
  });

/** An activity that passed {@link activityShape}, ready for botbuilder; or why it did not. */
export type ShapeCheck =
  | { readonly ok: true; readonly activity: Activity }
  | { readonly ok: false; readonly problems: readonly string[] };

/** At most this many problems are reported: enough to see what was wrong, not a log flood. */
const MAX_PROBLEMS = 5;

/**
 * Checks `body` against {@link activityShape}. The activity returned is a copy with its object
 * and tenant ids in lower case and its timestamps as dates (as botbuilder's own validation
 * leaves them); problems name the field and what was wrong, never the value sent.
 */
export function checkActivityShape(body: unknown): ShapeCheck {
  const parsed = activityShape.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, MAX_PROBLEMS)
      .map((issue) => `${issue.path.join('.') || '(activity)'}: ${issue.message}`);
    return { ok: false, problems };
  }
  return { ok: true, activity: withDates(parsed.data as unknown as Activity) };
}

/** Timestamps as botbuilder's `validateAndFixActivity` leaves them: a Date, and the raw text. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The body of `POST /api/alerts`: a JSON object naming the accounts to contain and why, checked
 * field by field (zod) and answered with a typed {@link AlertAsk} or every problem found, each a
 * sentence naming its field (`users[3]: "x" is not a valid user principal name (user@domain).`).
 * Targets are checked by the grammar of commands (src/lockdown/target-names.ts). The body is
 * read raw and at most {@link MAX_ALERT_BODY_BYTES} long before it gets here (alert-endpoint.ts).
 *
 * ```json
 * {
 *   "users": ["adele@contoso.com", "1c2d3e4f-0000-4000-8000-000000000001"],
 *   "title": "Impossible travel for Adele Vance",
 *   "severity": "High",
 *   "source": "sentinel",
 *   "incidentId": "4711",
 *   "url": "https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/...",
 *   "mode": "full",
 *   "options": ["remove-mfa", "revoke-consents"]
 * }
 * ```
 */
import { z } from 'zod';
import { isLockdownOption, LOCKDOWN_OPTIONS, type LockdownOption } from '../lockdown/options';
import { MAX_TARGETS, quote, validTargetName } from '../lockdown/target-names';

/** The largest body read: 50 UPNs and the texts fit in a few KB. */
export const MAX_ALERT_BODY_BYTES = 64 * 1024;

/** Severities, as Sentinel and Defender XDR name them (any case accepted). */
export const ALERT_SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;
/** One alert severity. */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** `full`: the whole lockdown; `keep-enabled`: reset the password and revoke sessions only. */
export const ALERT_MODES = ['full', 'keep-enabled'] as const;
/** One lockdown mode. */
export type AlertMode = (typeof ALERT_MODES)[number];

/** What an alert asks for, checked. */
export interface AlertAsk {
  /** UPNs (as given) or object ids (lower case), each once (any case), in the order first named. */
  readonly users: readonly string[];
  /** What happened, for the card: 1 to 200 characters, trimmed, no control characters. */
  readonly title: string;
  readonly severity?: AlertSeverity;
  /** Who sent it (`sentinel`, `defender`...): 1 to 40 letters, digits, spaces, `.`, `_`, `-`. */
  readonly source?: string;
  /** The incident's id at its source: 1 to 100 of `A-Z a-z 0-9 _ -`. */
  readonly incidentId?: string;
  /** A link to the incident: https, at most 2048 characters, no credentials. */
  readonly url?: string;
  readonly mode?: AlertMode;
  /** Containment options (src/lockdown/options.ts), each once, in their order. */
  readonly options?: readonly LockdownOption[];
}

/** The checked ask, or every problem found (at most {@link MAX_PROBLEMS}, then a count). */
export type AlertBodyCheck =
  | { readonly ok: true; readonly ask: AlertAsk }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Problems listed before the rest are only counted. */
export const MAX_PROBLEMS = 20;

/** C0 and C1 controls, DEL, and the bidirectional marks and overrides that can disguise text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const INCIDENT_ID = /^[A-Za-z0-9_-]{1,100}$/;
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/;
/** The fields of an alert, in the order the problems name them. */
export const ALERT_FIELDS = [
  'users',
  'title',
  'severity',
  'source',
  'incidentId',
  'url',
  'mode',
  'options',
] as const;

const lowerCaseOneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(
      z.enum(values, {
        errorMap: (issue, context) => ({
          message: `must be one of ${values.join(', ')}, not ${quote(String(context.data))}`,
        }),
      }),
    );

/**
 * An array of strings, each checked by `check` (a problem sentence, or undefined when fine); the
 * items are typed here, not by zod, so that one item of the wrong type hides no other problem.
 */
const stringList = (check: (item: string) => string | undefined) =>
  z.array(z.unknown()).superRefine((items, context) => {
    items.forEach((item, index) => {
      const problem =
        typeof item === 'string' ? check(item) : `must be a string, not ${article(typeOf(item))}`;
      if (problem !== undefined) {
        context.addIssue({ code: z.ZodIssueCode.custom, path: [index], message: problem });
      }
    });
  });

const users = stringList((name) => {
  const valid = validTargetName(name);
  return typeof valid === 'string' ? undefined : valid.problem;
})
  .refine((names) => names.length >= 1, 'must name at least one account')
  .refine((names) => names.length <= MAX_TARGETS, `must name at most ${MAX_TARGETS} accounts`)
  .transform((names) => {
    const seen = new Set<string>();
    return names
      .map((name) => validTargetName(name as string) as string)
      .filter((name) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()));
  });

const title = z
  .string()
  .refine((value) => !CONTROL.test(value), 'must not contain control characters')
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'));

const url = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .superRefine((value, context) => {
    const problem = urlProblem(value);
    if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

const options = stringList((name) =>
  isLockdownOption(name.toLowerCase())
    ? undefined
    : `${quote(name)} is not a containment option; the options are ${LOCKDOWN_OPTIONS.join(', ')}.`,
)
  .refine(
    (names) => names.length <= LOCKDOWN_OPTIONS.length * 2,
    `must list at most ${LOCKDOWN_OPTIONS.length * 2} options`,
  )
  .transform((names) => {
    const chosen = new Set(names.map((name) => (name as string).toLowerCase()));
    return LOCKDOWN_OPTIONS.filter((option) => chosen.has(option));
  });

const alertSchema = z
  .object({
    users,
    title,
    severity: lowerCaseOneOf([...ALERT_SEVERITIES] as [
      AlertSeverity,
      ...AlertSeverity[],
    ]).optional(),
    source: z
      .string()
      .regex(SOURCE, 'must be 1 to 40 letters, digits, spaces, dots, dashes or underscores')
      .optional(),
    incidentId: z
      .string()
      .regex(INCIDENT_ID, 'must be 1 to 100 letters, digits, dashes or underscores')
      .optional(),
    url: url.optional(),
    mode: lowerCaseOneOf([...ALERT_MODES] as [AlertMode, ...AlertMode[]]).optional(),
    options: options.optional(),
  })
  .strict();

/** Why `value` is not an acceptable incident link, if it is not. */
function urlProblem(value: string): string | undefined {
  if (CONTROL.test(value) || /\s/.test(value))
    return 'must not contain spaces or control characters';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (parsed.protocol !== 'https:') {
    return `must be an https:// URL, not ${quote(parsed.protocol.replace(/:$/, ''))}`;
  }
  if (parsed.username !== '' || parsed.password !== '')
    return 'must not carry a user name or password';
  return undefined;
}

/** `['users', 3]` -> `users[3]`. */
function pathOf(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/** The JSON type of a value, as a person would name it. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `array` -> `an array`, `string` -> `a string`. */
function article(noun: string): string {
  return noun === 'null' ? 'null' : `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A zod issue in words, with the field it is about. */
function sentences(issue: z.ZodIssue): string[] {
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    return issue.keys.map(
      (key) =>
        `${quote(key)} is not a field of an alert; the fields are ${ALERT_FIELDS.join(', ')}.`,
    );
  }
  let message = issue.message;
  if (issue.code === z.ZodIssueCode.invalid_type) {
    message =
      issue.received === 'undefined'
        ? 'is required'
        : `must be ${article(issue.expected)}, not ${article(issue.received)}`;
  }
  const where = pathOf(issue.path);
  return [where === '' ? message : `${where}: ${message}`];
}

/** Checks a parsed body; every problem is reported, not just the first. */
export function checkAlertAsk(value: unknown): AlertBodyCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: ['The body must be a JSON object with users and title.'] };
  }
  const parsed = alertSchema.safeParse(value);
  if (parsed.success) {
    const ask = Object.fromEntries(
      Object.entries(parsed.data).filter(([, field]) => field !== undefined),
    ) as unknown as AlertAsk;
    return { ok: true, ask };
  }
  const problems = parsed.error.issues.flatMap(sentences);
  if (problems.length <= MAX_PROBLEMS) return { ok: false, problems };
  return {
    ok: false,
    problems: [
      ...problems.slice(0, MAX_PROBLEMS),
      `... and ${problems.length - MAX_PROBLEMS} more problems.`,
    ],
  };
}

/** Parses `bytes` as JSON (UTF-8, a BOM allowed) and checks it. */
export function parseAlertBody(bytes: Buffer): AlertBodyCheck {
  let text = bytes.toString('utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') {
    return {
      ok: false,
      problems: ['The body is empty; it must be a JSON object with users and title.'],
    };
  }
  let value: unknown;
  try {
    // No reviver: `__proto__` stays an own key, which the schema refuses as an unknown field,
    // and the ask is a fresh object built by the schema, so nothing can inherit from the body.
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['The body is not valid JSON.'] };
  }
  return checkAlertAsk(value);
}

/**
 * The demo tenant's foothold times, kept recent. An attacker's Authenticator stands out on the
 * card only while it was registered in the last 7 days, and a seed file's times are fixed; so
 * the seed's foothold times (methods registered, risk updated, sign-ins) are written as of
 * {@link DEMO_SEED_AS_OF}, and the demo moves every one of them forward by the time since, into a
 * copy of the seed in its work directory. Their spacing stays as written: the attacker's
 * Authenticator is always three hours old, the person's own one nearly two years.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The instant the demo seed's foothold times are written as of. */
export const DEMO_SEED_AS_OF = '2026-12-01T12:00:00Z';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The foothold properties that hold a time: methods' and sign-ins' `createdDateTime`, risk's. */
const TIME_KEYS: ReadonlySet<string> = new Set(['createdDateTime', 'riskLastUpdatedDateTime']);

/** `value` with every time under {@link TIME_KEYS} moved by `shiftMs` (same format: no millis). */
function shifted(value: Json, shiftMs: number): Json {
  if (Array.isArray(value)) return value.map((item) => shifted(item, shiftMs));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (!TIME_KEYS.has(key) || typeof item !== 'string') return [key, shifted(item, shiftMs)];
      const at = Date.parse(item);
      if (Number.isNaN(at)) return [key, item];
      return [key, new Date(at + shiftMs).toISOString().replace(/\.\d{3}Z$/, 'Z')];
    }),
  );
}

/**
 * The raw seed with each user's foothold times moved forward by `now` minus `asOf`; the rest of
 * the seed (a user's own `createdDateTime`, say) unchanged. Pure.
 */
export function withFreshFootholdTimes(seed: Json, now: Date, asOf = DEMO_SEED_AS_OF): Json {
  if (seed === null || typeof seed !== 'object' || Array.isArray(seed)) return seed;
  const users = seed['users'];
  if (!Array.isArray(users)) return seed;
  const shiftMs = now.getTime() - Date.parse(asOf);
  return {
    ...seed,
    users: users.map((user) => {
      if (user === null || typeof user !== 'object' || Array.isArray(user)) return user;
      const foothold = user['foothold'];
      return foothold === undefined ? user : { ...user, foothold: shifted(foothold, shiftMs) };
    }),
  };
}

/**
 * Writes the seed at `seedPath`, its foothold times moved to `now`, as `contoso.json` in `dir`;
 * answers the copy's path (for the simulator's `--seed`).
 */
export function writeFreshSeed(seedPath: string, dir: string, now: Date): string {
  const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as Json;
  const path = join(dir, 'contoso.json');
  writeFileSync(path, `${JSON.stringify(withFreshFootholdTimes(seed, now), null, 2)}\n`);
  return path;
}

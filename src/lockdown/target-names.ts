/**
 * How a target may be named, wherever the name comes from (a command, an alert): a user
 * principal name or an Entra object id, checked so that it can never change a Graph request's
 * path or query (pure).
 */

/** Entra allows at most 113 characters in a UPN (64 before the @, 48 after). */
export const MAX_UPN_LENGTH = 113;

/** The most targets one request may name. */
export const MAX_TARGETS = 50;

/**
 * The characters Entra allows in a UPN's local part, in dot-separated runs (no leading, trailing
 * or double dot). `#`, `%`, `/`, `?` and whitespace are refused so that the value can never change
 * the Graph request's path or query; a guest's `#EXT#` marker is the one exception.
 */
const UPN =
  /^[A-Za-z0-9'_!^~-]+(?:\.[A-Za-z0-9'_!^~-]+)*(?:#EXT#)?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** An Entra object id. */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A name that was refused, and why, in words for the person who typed or sent it. */
export interface NameProblem {
  readonly problem: string;
}

/** The name itself when it is a valid UPN or object id, or why not. */
export function validTargetName(name: string): string | NameProblem {
  if (OBJECT_ID.test(name)) return name.toLowerCase();
  if (name.length > MAX_UPN_LENGTH) {
    return { problem: `${quote(name)} is longer than ${MAX_UPN_LENGTH} characters.` };
  }
  const [local = '', domain = ''] = name.split('@');
  if (local.length > 64 || domain.length > 48) {
    return {
      problem: `${quote(name)}: a user principal name has at most 64 characters before the @ and 48 after it.`,
    };
  }
  if (!UPN.test(name)) {
    return { problem: `${quote(name)} is not a valid user principal name (user@domain).` };
  }
  return name;
}

/**
 * The targets named by `names` (each a UPN or object id; `a,b` counts as two), each once in the
 * order first named (any case), or every problem found. At most {@link MAX_TARGETS}.
 */
export function validTargetNames(
  names: readonly string[],
): { readonly targets: readonly string[] } | { readonly problems: readonly string[] } {
  const split = names.flatMap((name) => name.split(',')).filter((name) => name !== '');
  const problems: string[] = [];
  const targets: string[] = [];
  const seen = new Set<string>();
  for (const name of split) {
    const valid = validTargetName(name);
    if (typeof valid !== 'string') {
      problems.push(valid.problem);
      continue;
    }
    const key = valid.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push(valid);
  }
  if (targets.length > MAX_TARGETS) {
    problems.push(`At most ${MAX_TARGETS} accounts at once; ${targets.length} were given.`);
  }
  return problems.length > 0 ? { problems } : { targets };
}

/** Quotes untrusted text for a message, cut short and without control characters. */
export function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return `"${clean.length > 60 ? `${clean.slice(0, 57)}...` : clean}"`;
}

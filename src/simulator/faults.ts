import { GraphError } from './graph-error';

/** Where a Graph request came from, as far as fault rules care. */
export type RequestScope = 'top-level' | 'batch-item';

/** Which requests a fault rule applies to, and how often; shared by every kind of rule. */
export interface FaultMatch {
  /** HTTP method to match (any case); every method when absent. */
  readonly method?: string;
  /** Tested against the decoded path without `/v1.0`, e.g. `/users/abc`; every path when absent. */
  readonly path?: RegExp;
  /** How many matching requests fail; unlimited when absent. */
  readonly times?: number;
  /** Chance (0..1) that a matching request fails, for random throttling; 1 when absent. */
  readonly probability?: number;
}

/** Answers matching requests with a Graph error status, before any state change. */
export interface StatusFault extends FaultMatch {
  /** Absent: this is what tells a status fault from a network effect. */
  readonly effect?: undefined;
  /** Status to answer with, e.g. 429, 500, 502, 503, 504 (400 to 599). */
  readonly status: number;
  /** Adds `Retry-After: <seconds>` (inside the sub-response headers for batch items). */
  readonly retryAfterSeconds?: number;
  /** Graph error code; a status-specific default when absent. */
  readonly code?: string;
  /** Error message; a status-specific default when absent. */
  readonly message?: string;
  /** `top-level` requests, `batch-item` sub-requests, or `any` (default). */
  readonly scope?: 'any' | RequestScope;
}

/**
 * What every network effect shares. Network effects act on the HTTP exchange itself, so they
 * apply to top-level requests only; `any` (the default) means the same as `top-level`.
 */
export interface NetworkFaultMatch extends FaultMatch {
  /** `top-level` or `any` (default); `batch-item` is refused by `inject`. */
  readonly scope?: 'any' | 'top-level';
}

/** Destroys the connection without answering (the client sees ECONNRESET); nothing is processed. */
export interface ResetFault extends NetworkFaultMatch {
  /** Discriminant. */
  readonly effect: 'reset';
}

/**
 * Holds the request for `holdMs` first; then processes it normally, or drops it unprocessed when
 * the client has gone away by then.
 */
export interface HoldFault extends NetworkFaultMatch {
  /** Discriminant. */
  readonly effect: 'hold';
  /** How long to hold, in ms; more than 0. */
  readonly holdMs: number;
}

/** The broken 200 answers a proxy or gateway may send instead of Graph's. */
export type GarbleKind = 'html' | 'empty-json' | 'no-responses' | 'truncated';

/** Answers 200 with a broken body (see {@link GarbleKind}) without processing the request. */
export interface GarbleFault extends NetworkFaultMatch {
  /** Discriminant. */
  readonly effect: 'garble';
  /** Which broken body to send. */
  readonly garble: GarbleKind;
}

/** A fault that acts on the HTTP exchange rather than answering with a Graph error. */
export type NetworkFault = ResetFault | HoldFault | GarbleFault;

/** A failure to inject into matching Graph requests: a Graph error status or a network effect. */
export type FaultRule = StatusFault | NetworkFault;

/** The garble kinds, to validate rules from untyped callers. */
export const GARBLE_KINDS: readonly GarbleKind[] = [
  'html',
  'empty-json',
  'no-responses',
  'truncated',
];

// setTimeout fires at once for longer delays, which would silently turn a hold into none.
const MAX_HOLD_MS = 2 ** 31 - 1;

const DEFAULTS: Readonly<Record<number, readonly [string, string]>> = {
  429: ['TooManyRequests', 'Too many requests. Retry after the time given in Retry-After.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'The gateway received an invalid response.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Try again later.'],
  504: ['GatewayTimeout', 'The gateway timed out waiting for the service.'],
};

interface ActiveRule {
  readonly rule: FaultRule;
  readonly path: RegExp | undefined;
  remaining: number;
}

/**
 * Holds injected fault rules and decides, per request, whether one applies. Rules of a kind are
 * tried in the order they were injected; the first that matches (and wins its probability draw)
 * applies. Network effects are decided when a top-level request has arrived, before
 * authentication, as the network acts before Graph does; status faults afterwards, as before.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** @param random - Source of randomness for `probability`, in [0, 1). */
  public constructor(private readonly random: () => number = Math.random) {}

  /**
   * Adds a rule.
   *
   * @param rule - The rule.
   * @throws Error for a probability outside 0..1, a negative `times`, a status outside 400..599,
   *   an unknown effect or garble kind, a `holdMs` not above 0, or a network effect with scope
   *   `batch-item`.
   */
  public inject(rule: FaultRule): void {
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new Error(`Fault probability must be between 0 and 1, got ${rule.probability}.`);
    }
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) {
      throw new Error(`Fault times must be a non-negative integer, got ${rule.times}.`);
    }
    if (rule.effect === undefined) {
      checkStatus(rule);
    } else {
      checkNetworkFault(rule);
    }
    // A copy without the global/sticky flags, whose lastIndex would make test() stateful.
    const path =
      rule.path === undefined
        ? undefined
        : new RegExp(rule.path.source, rule.path.flags.replace(/[gy]/g, ''));
    this.rules.push({ rule, path, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every rule. */
  public clear(): void {
    this.rules = [];
  }

  /**
   * The Graph error for this request, if a status rule applies; uses up one of the rule's `times`.
   *
   * @param method - HTTP method.
   * @param path - Decoded path without `/v1.0`.
   * @param scope - Whether the request is top-level or a batch item.
   */
  public take(method: string, path: string, scope: RequestScope): GraphError | undefined {
    const rule = this.takeFirst(method, path, scope, (r) => r.effect === undefined);
    return rule === undefined || rule.effect !== undefined ? undefined : toError(rule);
  }

  /**
   * The network effect for this top-level request, if one applies; uses up one of its `times`.
   *
   * @param method - HTTP method.
   * @param path - Decoded path without `/v1.0`.
   */
  public takeNetwork(method: string, path: string): NetworkFault | undefined {
    const rule = this.takeFirst(method, path, 'top-level', (r) => r.effect !== undefined);
    return rule?.effect === undefined ? undefined : rule;
  }

  private takeFirst(
    method: string,
    path: string,
    scope: RequestScope,
    kind: (rule: FaultRule) => boolean,
  ): FaultRule | undefined {
    for (const active of this.rules) {
      if (kind(active.rule) && this.matches(active, method, path, scope)) {
        active.remaining -= 1;
        this.rules = this.rules.filter((r) => r.remaining > 0);
        return active.rule;
      }
    }
    return undefined;
  }

  private matches(active: ActiveRule, method: string, path: string, scope: RequestScope): boolean {
    const { rule } = active;
    return (
      active.remaining > 0 &&
      (rule.scope === undefined || rule.scope === 'any' || rule.scope === scope) &&
      (rule.method === undefined || rule.method.toUpperCase() === method) &&
      (active.path === undefined || active.path.test(path)) &&
      (rule.probability === undefined || this.random() < rule.probability)
    );
  }
}

function checkStatus(rule: StatusFault): void {
  const { status } = rule;
  if (!(Number.isInteger(status) && status >= 400 && status <= 599)) {
    throw new Error(
      `A fault rule needs an error status from 400 to 599 or an effect, got status ${status}.`,
    );
  }
}

// Rules may come from untyped callers (JavaScript, JSON), so check what the compiler checks too.
function checkNetworkFault(rule: NetworkFault): void {
  const effect: unknown = rule.effect;
  if (effect !== 'reset' && effect !== 'hold' && effect !== 'garble') {
    throw new Error(`Unknown fault effect '${String(effect)}'; expected reset, hold or garble.`);
  }
  if ((rule.scope as string | undefined) === 'batch-item') {
    throw new Error(
      `Fault effect '${rule.effect}' acts on the HTTP connection, so it applies to top-level ` +
        `requests only; scope 'batch-item' is not supported.`,
    );
  }
  if (
    rule.effect === 'hold' &&
    !(Number.isFinite(rule.holdMs) && rule.holdMs > 0 && rule.holdMs <= MAX_HOLD_MS)
  ) {
    throw new Error(
      `Fault holdMs must be more than 0 and at most ${MAX_HOLD_MS} ms, got ${rule.holdMs}.`,
    );
  }
  if (rule.effect === 'garble' && !GARBLE_KINDS.includes(rule.garble)) {
    throw new Error(
      `Fault garble must be one of ${GARBLE_KINDS.join(', ')}, got '${String(rule.garble)}'.`,
    );
  }
}

function toError(rule: StatusFault): GraphError {
  const [code, message] = DEFAULTS[rule.status] ?? ['SimulatedFault', `Simulated ${rule.status}.`];
  const headers: Record<string, string> =
    rule.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(rule.retryAfterSeconds) };
  return new GraphError(rule.status, rule.code ?? code, rule.message ?? message, headers);
}

import { GraphError } from './graph-error';

/** Where a Graph request came from, as far as fault rules care. */
export type RequestScope = 'top-level' | 'batch-item';

/** A failure to inject into matching Graph requests. */
export interface FaultRule {
  /** HTTP method to match (any case); every method when absent. */
  readonly method?: string;
  /** Tested against the decoded path without `/v1.0`, e.g. `/users/abc`; every path when absent. */
  readonly path?: RegExp;
  /** Status to answer with, e.g. 429, 500, 502, 503, 504. */
  readonly status: number;
  /** Adds `Retry-After: <seconds>` (inside the sub-response headers for batch items). */
  readonly retryAfterSeconds?: number;
  /** How many matching requests fail; unlimited when absent. */
  readonly times?: number;
  /** Chance (0..1) that a matching request fails, for random throttling; 1 when absent. */
  readonly probability?: number;
  /** Graph error code; a status-specific default when absent. */
  readonly code?: string;
  /** Error message; a status-specific default when absent. */
  readonly message?: string;
  /** `top-level` requests, `batch-item` sub-requests, or `any` (default). */
  readonly scope?: 'any' | RequestScope;
}

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
 * Holds injected fault rules and decides, per request, whether one applies. Rules are tried in
 * the order they were injected; the first that matches (and wins its probability draw) applies.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** @param random - Source of randomness for `probability`, in [0, 1). */
  public constructor(private readonly random: () => number = Math.random) {}

  /**
   * Adds a rule.
   *
   * @param rule - The rule.
   * @throws Error for a probability outside 0..1 or a negative `times`.
   */
  public inject(rule: FaultRule): void {
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new Error(`Fault probability must be between 0 and 1, got ${rule.probability}.`);
    }
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) {
      throw new Error(`Fault times must be a non-negative integer, got ${rule.times}.`);
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
   * The failure for this request, if a rule applies; uses up one of the rule's `times`.
   *
   * @param method - HTTP method.
   * @param path - Decoded path without `/v1.0`.
   * @param scope - Whether the request is top-level or a batch item.
   */
  public take(method: string, path: string, scope: RequestScope): GraphError | undefined {
    for (const active of this.rules) {
      if (this.matches(active, method, path, scope)) {
        active.remaining -= 1;
        this.rules = this.rules.filter((r) => r.remaining > 0);
        return toError(active.rule);
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

function toError(rule: FaultRule): GraphError {
  const [code, message] = DEFAULTS[rule.status] ?? ['SimulatedFault', `Simulated ${rule.status}.`];
  const headers: Record<string, string> =
    rule.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(rule.retryAfterSeconds) };
  return new GraphError(rule.status, rule.code ?? code, rule.message ?? message, headers);
}

import type { TenantFootholds } from './footholds';
import { accessDenied, GraphError } from './graph-error';
import { GraphCall, GraphResult } from './graph-request';
import { holdsAny } from './permissions';
import { Caller, Tenant } from './tenant';

/** What a route handler gets. */
export interface RouteContext {
  /** The request. */
  readonly call: GraphCall;
  /** Path parameters by name (without the `:`), decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The calling app. */
  readonly caller: Caller;
  /** The simulated directory. */
  readonly tenant: Tenant;
  /** What attackers left in its accounts, its licences and verified domains. */
  readonly footholds: TenantFootholds;
  /** The simulator's origin, for absolute links such as `@odata.nextLink`. */
  readonly origin: string;
  /** Page size when `$top` is absent. */
  readonly pageSize: number;
  /** The time of the request. */
  readonly now: Date;
}

/** One Graph operation. */
export interface Route {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path pattern without `/v1.0`; `:name` segments are parameters, e.g. `/users/:user`. */
  readonly pattern: string;
  /** Application permissions that allow the operation (any one of them suffices). */
  readonly permissions: readonly string[];
  /** `$` query options the handler reads itself, besides the router's (e.g. `$filter`). */
  readonly queryOptions?: readonly string[];
  /** Produces the answer, or throws a GraphError. */
  readonly handle: (context: RouteContext) => GraphResult;
}

/** Everything the router needs besides the call. */
export interface DispatchContext {
  /** The calling app. */
  readonly caller: Caller;
  /** The simulated directory. */
  readonly tenant: Tenant;
  /** What attackers left in its accounts, its licences and verified domains. */
  readonly footholds: TenantFootholds;
  /** The simulator's origin. */
  readonly origin: string;
  /** Page size when `$top` is absent. */
  readonly pageSize: number;
  /** The time of the request. */
  readonly now: Date;
}

interface CompiledRoute {
  readonly route: Route;
  readonly parts: readonly string[];
}

/** OData system query options the simulator implements. */
const SUPPORTED_QUERY_OPTIONS = ['$select', '$top', '$skiptoken', '$count'];

function segmentMatches(part: string, segment: string): boolean {
  // Graph's path segments are case-insensitive.
  return part.startsWith(':') || part.toLowerCase() === segment.toLowerCase();
}

/**
 * Finds the route for a Graph call and runs it, answering like Graph when there is none:
 * 400 `BadRequest` "Resource not found for the segment ..." for an unknown path, 405 for a
 * known path with another method, and 403 when the token lacks every accepted permission.
 */
export class GraphRouter {
  private readonly routes: readonly CompiledRoute[];

  /** @param routes - The route table. */
  public constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => ({
      route,
      parts: route.pattern.split('/').filter((part) => part !== ''),
    }));
  }

  /**
   * Runs the call.
   *
   * @param call - The request.
   * @param context - Caller, tenant and settings.
   * @throws GraphError for every refusal.
   */
  public dispatch(call: GraphCall, context: DispatchContext): GraphResult {
    const { segments } = call;
    const samePath = this.routes.filter(
      ({ parts }) =>
        parts.length === segments.length &&
        parts.every((part, i) => segmentMatches(part, segments[i] ?? '')),
    );
    const match = samePath.find(({ route }) => route.method === call.method);
    // Silently ignoring, say, $filter would hand the client unfiltered data: refuse instead.
    const supported = [...SUPPORTED_QUERY_OPTIONS, ...(match?.route.queryOptions ?? [])];
    const unsupported = Object.keys(call.query).find(
      (key) => key.startsWith('$') && !supported.includes(key),
    );
    if (unsupported !== undefined) {
      throw new GraphError(
        400,
        'BadRequest',
        `Query option '${unsupported}' is not supported by the Graph simulator ` +
          `(supported here: ${supported.join(', ')}).`,
      );
    }
    if (samePath.length === 0) {
      throw this.notFound(call);
    }
    if (match === undefined) {
      throw new GraphError(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request uri.',
      );
    }
    if (!holdsAny(context.caller.permissions, match.route.permissions)) {
      throw accessDenied();
    }
    const params: Record<string, string> = {};
    match.parts.forEach((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[i] ?? '';
      }
    });
    return match.route.handle({ ...context, call, params });
  }

  /** Names the first segment that no route knows, as Graph does. */
  private notFound(call: GraphCall): GraphError {
    const { segments } = call;
    const known = (length: number): boolean =>
      this.routes.some(
        ({ parts }) =>
          parts.length >= length &&
          segments.slice(0, length).every((segment, i) => segmentMatches(parts[i] ?? '', segment)),
      );
    const firstUnknown = segments.findIndex((_, i) => !known(i + 1));
    if (firstUnknown === -1) {
      // Every segment is known, but the simulator has no operation for this exact path.
      return new GraphError(
        400,
        'BadRequest',
        `Resource not found for the segment '${segments[segments.length - 1] ?? ''}'. ` +
          `(The Graph simulator does not implement ${call.method} ${call.path}.)`,
      );
    }
    return new GraphError(
      400,
      'BadRequest',
      `Resource not found for the segment '${segments[firstUnknown] ?? ''}'.`,
    );
  }
}

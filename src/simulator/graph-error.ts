/**
 * A failure that the simulator answers in Microsoft Graph's error shape.
 *
 * Handlers and the tenant throw it; the HTTP layer (or the batch runner) turns it into
 * `{ "error": { "code", "message", "innerError": {...} } }` with the given status.
 */
export class GraphError extends Error {
  /** HTTP status of the response. */
  public readonly status: number;
  /** Graph error code, e.g. `Request_ResourceNotFound`. */
  public readonly code: string;
  /** Extra response headers, e.g. `Retry-After` for throttling. */
  public readonly headers: Readonly<Record<string, string>>;

  /**
   * @param status - HTTP status of the response.
   * @param code - Graph error code.
   * @param message - Human-readable message, as Graph would phrase it.
   * @param headers - Extra response headers.
   */
  public constructor(
    status: number,
    code: string,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GraphError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Graph's standard refusal when the caller lacks a permission or a directory role. */
export const INSUFFICIENT_PRIVILEGES = 'Insufficient privileges to complete the operation.';

/**
 * 403 `Authorization_RequestDenied`, Graph's answer when a permission or role is missing.
 */
export function accessDenied(): GraphError {
  return new GraphError(403, 'Authorization_RequestDenied', INSUFFICIENT_PRIVILEGES);
}

/**
 * 404 `Request_ResourceNotFound` for a directory object that does not exist.
 *
 * @param id - The identifier the caller used, echoed like Graph does.
 */
export function resourceNotFound(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/**
 * 400 `Request_BadRequest` for a request body that Graph would refuse.
 *
 * @param message - What is wrong.
 */
export function badRequest(message: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', message);
}

/** Fields of the `innerError` object Graph attaches to every error. */
export interface ErrorCorrelation {
  /** `request-id` of the response. */
  readonly requestId: string;
  /** `client-request-id` of the request (echoed). */
  readonly clientRequestId: string;
  /** When the error happened. */
  readonly at: Date;
}

/** Graph's JSON error body. */
export interface GraphErrorBody {
  /** The error proper. */
  readonly error: {
    /** Graph error code. */
    readonly code: string;
    /** Error message. */
    readonly message: string;
    /** Correlation data. */
    readonly innerError: {
      readonly date: string;
      readonly 'request-id': string;
      readonly 'client-request-id': string;
    };
  };
}

/**
 * Builds Graph's error body.
 *
 * @param code - Graph error code.
 * @param message - Error message.
 * @param correlation - Ids and time for `innerError`.
 */
export function graphErrorBody(
  code: string,
  message: string,
  correlation: ErrorCorrelation,
): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        // Graph writes the date without milliseconds and without a zone designator.
        date: correlation.at.toISOString().slice(0, 19),
        'request-id': correlation.requestId,
        'client-request-id': correlation.clientRequestId,
      },
    },
  };
}

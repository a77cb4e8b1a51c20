/**
 * The last middleware of the Graph SDK chain: the HTTP call itself, as the SDK's own
 * HTTPMessageHandler makes it, except that a failed call keeps its cause. The SDK turns any error
 * into a GraphError with only the error's name and message, and fetch's message is just "fetch
 * failed": the cause (ECONNRESET, a certificate error, ENOTFOUND) is what a responder needs.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** A Graph HTTP call that got no answer; the message names the causes. */
export class GraphNetworkError extends Error {
  constructor(error: unknown) {
    super(describeNetworkError(error));
    this.name = 'GraphNetworkError';
  }
}

/** Sends the request with fetch; the end of the middleware chain. */
export class FetchHandler implements Middleware {
  async execute(context: Context): Promise<void> {
    const options = (context.options ?? {}) as RequestInit;
    try {
      context.response = await fetch(context.request, options);
    } catch (error) {
      // Aborted by its caller (a timeout): the caller recognises its own reason.
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      throw new GraphNetworkError(error);
    }
  }
}

/** "fetch failed: read ECONNRESET (ECONNRESET)": the error and its causes, a few levels deep. */
export function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    const message = current.message || current.name;
    parts.push(
      typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message,
    );
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}

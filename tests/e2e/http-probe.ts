/**
 * Raw HTTP against the bot process, below what a Teams client would send: any method, path,
 * headers and bytes. Plus the process's resident memory, and a wait for a request's
 * confirmation card that finds it whether it was posted or edited into a placeholder.
 */
import { execFileSync } from 'node:child_process';
import { createGzip } from 'node:zlib';
import type { ConnectorCall, FakeConnector } from './fake-connector';
import { attachedCard } from './teams-client';

/** What the bot answered. */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

/** A raw request; the body goes out exactly as given. */
export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer | ReadableStream<Uint8Array>;
}

/** Sends `request` to `botUrl` (default `POST /api/messages`, no headers beyond fetch's own). */
export async function send(botUrl: string, request: RawRequest): Promise<RawAnswer> {
  const { method = 'POST', path = '/api/messages', headers = {}, body } = request;
  const response = await fetch(`${botUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body, duplex: 'half' }),
  } as RequestInit);
  return { status: response.status, body: await response.text() };
}

/** `POST /api/messages` with a JSON content type. */
export function postJson(
  botUrl: string,
  body: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): Promise<RawAnswer> {
  return send(botUrl, { body, headers: { 'content-type': 'application/json', ...headers } });
}

/** A body of `size` bytes streamed in 64 KB chunks, without a Content-Length. */
export function streamedBody(size: number): ReadableStream<Uint8Array> {
  let left = size;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const chunk = new Uint8Array(Math.min(left, 64 * 1024)).fill(0x20);
      left -= chunk.length;
      controller.enqueue(chunk);
    },
  });
}

/** A gzip stream of `megabytes` MB of zeros (about 1 KB per MB), built without holding them. */
export async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve, reject) => gzip.on('end', resolve).on('error', reject));
  const megabyte = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) {
    if (!gzip.write(megabyte)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

/** The resident set size of process `pid`, in MB. */
export function residentMegabytes(pid: number): number {
  const kilobytes = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString());
  return kilobytes / 1024;
}

/** The request id on a confirmation card, if `card` is one. */
export function requestIdOn(card: Record<string, unknown> | undefined): string | undefined {
  const actions = (card?.actions ?? []) as { data?: { requestId?: unknown } }[];
  const id = actions.find((action) => typeof action.data?.requestId === 'string')?.data?.requestId;
  return typeof id === 'string' ? id : undefined;
}

/** A confirmation card in a thread: its request, and the activity that carries it. */
export interface ConfirmationCard {
  readonly requestId: string;
  readonly cardActivityId: string;
  readonly card: Record<string, unknown>;
  readonly call: ConnectorCall;
}

/**
 * Waits for the confirmation card of a request in `conversationId`, among the connector calls
 * from index `from` on: either posted as the reply, or edited (PUT) into an earlier reply such
 * as a "Looking up…" placeholder.
 */
export async function confirmationCard(
  connector: FakeConnector,
  conversationId: string,
  from: number,
): Promise<ConfirmationCard> {
  const call = await connector.waitFor(
    (c) =>
      connector.calls.indexOf(c) >= from &&
      c.conversationId === conversationId &&
      requestIdOn(attachedCard(c.activity)) !== undefined,
  );
  const card = attachedCard(call.activity)!;
  return {
    requestId: requestIdOn(card)!,
    cardActivityId: call.method === 'PUT' ? call.activityId! : call.assignedId,
    card,
    call,
  };
}

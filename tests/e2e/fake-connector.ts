/**
 * A stand-in for the Bot Framework connector service (Teams' side of the conversation): records
 * every activity the bot sends, replies to or updates, and hands out activity ids.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the connector. */
export interface ConnectorCall {
  readonly method: 'POST' | 'PUT';
  readonly conversationId: string;
  /** The activity replied to (POST) or updated (PUT). */
  readonly activityId?: string;
  /** The id the connector assigned (POST) or kept (PUT). */
  readonly assignedId: string;
  readonly activity: Record<string, unknown>;
  readonly at: number;
}

/** A running fake connector. */
export interface FakeConnector {
  readonly serviceUrl: string;
  readonly calls: readonly ConnectorCall[];
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /**
   * What a reply finally says: the reply itself, or, when it is the bot's "Looking up …"
   * placeholder, the edit that replaced it with the confirmation card or an error.
   */
  settled(reply: ConnectorCall, timeoutMs?: number): Promise<ConnectorCall>;
  /** Makes the roster look-ups (GET members) answer `status` (503, say); 200 again with 0. */
  failRoster(status: number): void;
  /** Makes the next `count` new posts (POST activities) in `conversationId` answer `status`. */
  failPosts(conversationId: string, count: number, status: number): void;
  close(): Promise<void>;
}

/** True for the placeholder a `/lockdown` command gets while the target is looked up. */
export function isLookingUp(call: ConnectorCall): boolean {
  return /"text":"Looking up /.test(JSON.stringify(call.activity));
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;
const MEMBER_PATH = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/;

/** Starts a fake connector on 127.0.0.1. */
export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  let rosterStatus = 0;
  const failingPosts = new Map<string, { count: number; status: number }>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const member = MEMBER_PATH.exec(path);
      if (member && req.method === 'GET' && rosterStatus !== 0) {
        answer(res, rosterStatus, '{}');
        return;
      }
      if (member && req.method === 'GET') {
        // The team roster: everyone asked about is a member, with Teams' pairwise "29:" id.
        const aadObjectId = decodeURIComponent(member[2] ?? '');
        answer(
          res,
          200,
          JSON.stringify({ id: `29:${aadObjectId}`, aadObjectId, name: aadObjectId }),
        );
        return;
      }
      const match = ACTIVITY_PATH.exec(path);
      if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
        answer(res, 404, '');
        return;
      }
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
        string,
        unknown
      >;
      const conversation = decodeURIComponent(match[1] ?? '');
      const failing = failingPosts.get(conversation);
      if (req.method === 'POST' && failing && failing.count > 0) {
        failing.count -= 1;
        answer(res, failing.status, '{}');
        return;
      }
      const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
      const assignedId = req.method === 'PUT' && activityId ? activityId : `activity-${nextId++}`;
      calls.push({
        method: req.method,
        conversationId: decodeURIComponent(match[1] ?? ''),
        ...(activityId ? { activityId } : {}),
        assignedId,
        activity,
        at: Date.now(),
      });
      for (const wake of waiters) wake();
      answer(res, 200, JSON.stringify({ id: assignedId }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  const connector: FakeConnector = {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    async settled(reply, timeoutMs = 15_000) {
      if (!isLookingUp(reply)) return reply;
      return connector.waitFor(
        (c) => c.method === 'PUT' && c.activityId === reply.assignedId && !isLookingUp(c),
        timeoutMs,
      );
    },
    failRoster(status) {
      rosterStatus = status;
    },
    failPosts(conversationId, count, status) {
      failingPosts.set(conversationId, { count, status });
    },
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = calls.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
          return Boolean(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `No matching connector call within ${timeoutMs} ms; saw ${calls.length} calls.`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return connector;
}

/**
 * Sends a JSON answer without chaining on `writeHead`: restify, once loaded in the same process
 * (the alert endpoint's specs run it in-process), replaces `writeHead` with one that returns
 * nothing.
 */
function answer(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
  res.end(body);
}

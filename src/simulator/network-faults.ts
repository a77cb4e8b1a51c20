import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import type { Socket } from 'node:net';
import type { GarbleKind, NetworkFault } from './faults';
import type { PendingRecord } from './recorder';

/** What each garble kind answers, with status 200: what proxies and broken gateways send. */
export const GARBLED_BODIES: Readonly<
  Record<GarbleKind, { readonly contentType: string; readonly body: string }>
> = {
  html: { contentType: 'text/html', body: '<html><body>Proxy error</body></html>' },
  'empty-json': { contentType: 'application/json', body: '{}' },
  'no-responses': { contentType: 'application/json', body: '{"responses": "nope"}' },
  truncated: { contentType: 'application/json', body: '{"responses":[{"id":"1","status":2' },
};

/**
 * Carries out the network effects of fault rules on top-level requests: resets, holds and garbled
 * answers. It must see the server's raw TCP connections (see {@link NetworkFaults.track}) to
 * send a real reset.
 */
export class NetworkFaults {
  // Raw TCP sockets by peer address: the TLS socket a request arrives on cannot send a TCP RST.
  private readonly connections = new Map<string, Socket>();
  private readonly holds = new Set<() => void>();

  /**
   * Remembers the server's raw TCP connections, so that a reset can send a TCP RST.
   *
   * @param server - The simulator's HTTPS server, before it listens.
   */
  public track(server: Server): void {
    server.on('connection', (socket: Socket) => {
      const key = peer(socket);
      if (key !== undefined) {
        this.connections.set(key, socket);
        socket.once('close', () => this.connections.delete(key));
      }
    });
  }

  /**
   * Applies a network effect to a top-level request that has been read and recorded.
   *
   * @param fault - The effect.
   * @param request - The request.
   * @param response - Its response, left untouched unless the effect answers.
   * @param record - The request's record, marked with what happened.
   * @returns Whether the request must still be processed and answered as usual.
   */
  public async apply(
    fault: NetworkFault,
    request: IncomingMessage,
    response: ServerResponse,
    record: PendingRecord,
  ): Promise<boolean> {
    switch (fault.effect) {
      case 'reset':
        record.mark('reset');
        this.reset(request);
        return false;
      case 'hold': {
        record.mark('held');
        const present = await this.hold(response, fault.holdMs);
        if (!present) {
          record.mark('dropped');
        }
        return present;
      }
      case 'garble': {
        record.mark('garbled');
        record.complete(200);
        const { contentType, body } = GARBLED_BODIES[fault.garble];
        // Only what a proxy would send: no Graph request-id headers.
        response.writeHead(200, {
          'Content-Type': contentType,
          'Content-Length': Buffer.byteLength(body),
        });
        response.end(body);
        return false;
      }
    }
  }

  /** Ends every hold at once, its request dropped, so that closing never waits for one. */
  public releaseHolds(): void {
    for (const release of [...this.holds]) {
      release();
    }
  }

  private reset(request: IncomingMessage): void {
    const key = peer(request.socket);
    const raw = key === undefined ? undefined : this.connections.get(key);
    if (raw !== undefined && !raw.destroyed) {
      raw.resetAndDestroy(); // RST: the client reads ECONNRESET
    }
    // Without the raw socket this closes without answering: "socket hang up", also ECONNRESET.
    request.socket.destroy();
  }

  /** Waits `ms`; false as soon as the connection closes (then nothing could be answered). */
  private hold(response: ServerResponse, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (present: boolean): void => {
        clearTimeout(timer);
        response.off('close', gone);
        this.holds.delete(gone);
        resolve(present);
      };
      const gone = (): void => finish(false);
      const timer = setTimeout(() => finish(!response.destroyed), ms);
      timer.unref(); // a held request must not keep the process (or mocha) alive
      response.once('close', gone);
      this.holds.add(gone);
      if (response.destroyed) {
        gone();
      }
    });
  }
}

function peer(socket: Socket): string | undefined {
  const { remoteAddress, remotePort } = socket;
  return remoteAddress === undefined || remotePort === undefined
    ? undefined
    : `${remoteAddress}|${remotePort}`;
}

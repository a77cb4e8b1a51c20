/**
 * The demo's ports: each comes from an environment variable with a default; `0` means "any free
 * port". A fixed port that is already taken stops the demo before anything starts, with a
 * message that names the port, what it was for and the variable to set.
 */
import { createServer } from 'node:net';

/** One port the demo needs. */
export interface PortWish {
  /** What listens there, for messages ("Agents Playground"). */
  readonly label: string;
  /** The environment variable that overrides it. */
  readonly variable: string;
  /** The port asked for; 0 picks a free one. */
  readonly port: number;
}

/** Thrown when a fixed port is taken; the message says what to do. */
export class PortInUseError extends Error {
  constructor(readonly taken: readonly PortWish[]) {
    super(
      taken
        .map(
          (wish) =>
            `Port ${wish.port} (${wish.label}) is already in use. Stop whatever uses it, or set ` +
            `${wish.variable} to another port (${wish.variable}=0 picks a free one).`,
        )
        .join('\n'),
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Reads a port setting: unset or empty gives `fallback`; anything but an integer from 0 to
 * 65535 throws a message naming the variable.
 */
export function portSetting(
  environment: NodeJS.ProcessEnv,
  variable: string,
  fallback: number,
): number {
  const raw = environment[variable]?.trim() ?? '';
  if (raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new Error(`${variable} must be a port number from 0 to 65535 (0 = any free port).`);
  }
  return port;
}

/** True when a server could listen on `port` of `host` right now. */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the operating system reports free on `host`. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Turns wishes into concrete, distinct, currently free ports on `host`: fixed ones are checked,
 * zeros are chosen. Throws {@link PortInUseError} listing every fixed port that is taken.
 */
export async function claimPorts<K extends string>(
  wishes: Readonly<Record<K, PortWish>>,
  host = '127.0.0.1',
): Promise<Record<K, number>> {
  const entries = Object.entries(wishes) as [K, PortWish][];
  const taken: PortWish[] = [];
  for (const [, wish] of entries) {
    if (wish.port !== 0 && !(await isPortFree(wish.port, host))) taken.push(wish);
  }
  if (taken.length > 0) throw new PortInUseError(taken);

  const used = new Set(entries.map(([, wish]) => wish.port).filter((port) => port !== 0));
  const result = {} as Record<K, number>;
  for (const [key, wish] of entries) {
    let port = wish.port;
    // The OS may hand out the same free port twice in a row once the probe closes: skip repeats.
    while (port === 0 || (wish.port === 0 && used.has(port))) port = await freePort(host);
    used.add(port);
    result[key] = port;
  }
  return result;
}

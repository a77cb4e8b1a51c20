/**
 * Preloaded into the Agents Playground (`node --import`): makes every server that would listen
 * on all interfaces listen on 127.0.0.1 instead.
 *
 * The Playground calls `server.listen(port, callback)`, which binds every interface, and it
 * drives the demo bot, which accepts unauthenticated activities: anyone on the network could
 * use it. The bot itself listens on 127.0.0.1 only; this keeps the Playground there too. Only
 * calls that give a port and no host are changed.
 */
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  const isPort = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
  if (isPort && (second === undefined || typeof second === 'function')) {
    return originalListen.call(this, Number(first), LOOPBACK, ...args.slice(1));
  }
  if (
    typeof first === 'object' &&
    first !== null &&
    first.port !== undefined &&
    first.host === undefined &&
    first.path === undefined
  ) {
    return originalListen.call(this, { ...first, host: LOOPBACK }, ...args.slice(1));
  }
  return originalListen.apply(this, args);
};

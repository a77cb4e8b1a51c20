/**
 * Bodies are read before authentication, so the front door bounds how many it reads at once:
 * slow senders cannot hold more than 64 MB between them. Real bot process, raw sockets.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { startStack, type Stack } from './stack';

/** Opens a connection that sends headers and half a body, then waits. */
async function slowSender(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":',
  );
  return socket;
}

/** Sends one whole request on a new connection and answers the status line. */
async function statusOf(port: number, body: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.end(
    `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await once(socket, 'close');
  return answer.split('\r\n')[0] ?? '';
}

/** Asks `probe` until its answer matches `expected` (at most 10 s), and answers the last one. */
async function eventually(probe: () => Promise<string>, expected: RegExp): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await probe();
    if (expected.test(answer) || Date.now() > deadline) return answer;
  }
}

describe('front door: bodies read at once (bot process)', function () {
  this.timeout(60_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => stack?.stop());

  it('answers 503 past 64 bodies in flight, and serves again once they are gone', async () => {
    const port = Number(new URL(stack.bot.url).port);
    const slow = await Promise.all(Array.from({ length: 64 }, () => slowSender(port)));
    // The bot reads the 64 bodies as their bytes arrive: ask until it has started on all of them.
    assert.match(await eventually(() => statusOf(port, '[]'), / 503 /), / 503 /);
    for (const socket of slow) socket.destroy();
    assert.match(await eventually(() => statusOf(port, '[]'), / 400 /), / 400 /);
    await stack.bot.waitForOutput((l) => /too many bodies in flight/.test(l));
  });
});

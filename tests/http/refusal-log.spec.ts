/**
 * Refusals are logged one line each, at most so many per window, then counted in one summary.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { clip } from '../../src/http/log-fields';
import { RefusalLog } from '../../src/http/refusal-log';

function recorder() {
  const lines: { level: number; msg: string; suppressed?: number; status?: number }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RefusalLog', () => {
  it('logs each refusal as one warning with its details', async () => {
    const { lines, logger } = recorder();
    new RefusalLog(logger).refuse('body is not JSON', { status: 400, path: '/api/messages' });
    await settle();
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.level, 40);
    assert.equal(lines[0]!.msg, 'request refused: body is not JSON');
    assert.equal(lines[0]!.status, 400);
  });

  it('writes at most perWindow lines a window, then one summary with the count', async () => {
    const { lines, logger } = recorder();
    let now = 0;
    const log = new RefusalLog(logger, { perWindow: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 10; i++) log.refuse('junk', { status: 400 });
    await settle();
    assert.equal(lines.length, 3);
    now = 1000;
    log.refuse('junk', { status: 400 });
    await settle();
    assert.equal(lines.length, 5);
    assert.equal(lines[3]!.suppressed, 7);
    assert.match(lines[3]!.msg, /7 more refusals not logged/);
    assert.equal(lines[4]!.msg, 'request refused: junk');
  });

  it('writes the summary when the window ends, even if nothing else is refused', async () => {
    const { lines, logger } = recorder();
    const log = new RefusalLog(logger, { perWindow: 1, windowMs: 50 });
    for (let i = 0; i < 4; i++) log.refuse('junk', { status: 400 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.deepEqual(
      lines.map((line) => line.suppressed),
      [undefined, 3],
    );
  });

  it('clips what an attacker controls', () => {
    assert.equal(clip('x'.repeat(10), 4), 'xxxx…');
    assert.equal(clip({ a: 1 }), '(object)');
    assert.equal(clip(undefined), undefined);
  });
});

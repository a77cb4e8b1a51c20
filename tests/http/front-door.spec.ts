/**
 * The front door's pieces without a server: a body read under a hard limit and a deadline,
 * parsed only as a JSON object, and generic answers.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { parseJsonObject } from '../../src/http/json-body';
import { genericBody } from '../../src/http/generic-answer';
import { readBody } from '../../src/http/read-body';

/** A request stream with `headers`, fed by the test. */
function request(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

const LIMITS = { maxBytes: 10, timeoutMs: 200 };

describe('front door pieces', () => {
  describe('readBody', () => {
    it('reads a body within the limit', async () => {
      const req = request();
      const read = readBody(req, LIMITS);
      req.end('{"a":1}');
      assert.deepEqual(await read, { ok: true, bytes: Buffer.from('{"a":1}') });
    });

    it('refuses a declared Content-Length over the limit without reading', async () => {
      const req = request({ 'content-length': '11' });
      assert.deepEqual(await readBody(req, LIMITS), {
        ok: false,
        status: 413,
        reason: 'body over the size limit',
      });
      assert.equal(req.listenerCount('data'), 0);
    });

    it('refuses a nonsense Content-Length', async () => {
      const read = await readBody(request({ 'content-length': 'lots' }), LIMITS);
      assert.equal(read.ok ? 200 : read.status, 413);
    });

    it('stops at the limit when no length was declared, and stops listening', async () => {
      const req = request();
      const read = readBody(req, LIMITS);
      req.write('x'.repeat(6));
      req.write('x'.repeat(6));
      const result = await read;
      assert.equal(result.ok ? 200 : result.status, 413);
      assert.equal(req.listenerCount('data'), 0);
    });

    it('gives up on a body that does not end in time', async () => {
      const req = request();
      const read = readBody(req, LIMITS);
      req.write('{');
      const result = await read;
      assert.equal(result.ok ? 200 : result.status, 408);
    });

    it('answers a body cut short', async () => {
      const req = request();
      const read = readBody(req, LIMITS);
      req.write('{');
      req.destroy();
      const result = await read;
      assert.equal(result.ok ? 200 : result.status, 400);
    });
  });

  describe('parseJsonObject', () => {
    const refused: readonly [string, string][] = [
      ['not JSON', '<xml/>'],
      ['empty', ''],
      ['truncated', '{"a":'],
      ['null', 'null'],
      ['an array', '[]'],
      ['a number', '42'],
      ['a string', '"x"'],
    ];
    for (const [name, text] of refused) {
      it(`refuses ${name} with 400`, () => {
        const parsed = parseJsonObject(Buffer.from(text));
        assert.equal(parsed.ok ? 200 : parsed.status, 400);
      });
    }

    it('accepts an object, with or without a byte order mark', () => {
      assert.deepEqual(parseJsonObject(Buffer.from('\uFEFF{"type":"message"}')), {
        ok: true,
        body: { type: 'message' },
      });
    });

    it('drops __proto__ keys, so no copy of the body can inherit from it', () => {
      const parsed = parseJsonObject(
        Buffer.from('{"type":"message","__proto__":{"admin":true},"from":{"__proto__":{"x":1}}}'),
      );
      assert.ok(parsed.ok);
      if (!parsed.ok) return;
      assert.deepEqual(Object.keys(parsed.body), ['type', 'from']);
      assert.equal(Object.hasOwn(parsed.body.from as object, '__proto__'), false);
      assert.equal({ ...parsed.body }.constructor, Object);
    });
  });

  it('answers each error status with a fixed phrase only', () => {
    assert.equal(genericBody(400), '{"error":"Bad request"}');
    assert.equal(genericBody(413), '{"error":"Payload too large"}');
    assert.equal(genericBody(415), '{"error":"Unsupported media type"}');
    assert.equal(genericBody(418), '{"error":"Bad request"}');
    assert.equal(genericBody(502), '{"error":"Internal error"}');
  });
});

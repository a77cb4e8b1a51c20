import assert from 'node:assert/strict';
import { formatEvents, parseExportArguments } from '../src/audit-export';

describe('audit export', () => {
  const events = [
    { at: '2025-12-31T23:59:59.000Z', requestId: 'r1', type: 'requested' },
    {
      at: '2026-01-01T00:00:00.000Z',
      requestId: 'r1',
      type: 'approved',
      actor: { id: 'a', name: 'Alex' },
    },
    {
      at: '2026-02-01T00:00:00.000Z',
      requestId: 'r1',
      type: 'finished',
      data: { state: 'completed' },
    },
  ];

  it('keeps the events from --since (inclusive) to --until (exclusive), one JSON per line', () => {
    const out = formatEvents(
      events,
      parseExportArguments(['--since', '2026-01-01', '--until', '2026-02-01']),
    );
    assert.deepEqual(
      out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
      ['approved'],
    );
  });

  it('writes a JSON array with --format json, and everything without a window', () => {
    assert.equal(
      JSON.parse(formatEvents(events, parseExportArguments(['--format', 'json']))).length,
      3,
    );
  });

  for (const args of [['--since', 'yesterday-ish'], ['--format', 'csv'], ['--verbose']]) {
    it(`refuses ${args.join(' ')}`, () => assert.throws(() => parseExportArguments(args)));
  }
});

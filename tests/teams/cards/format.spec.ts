import assert from 'node:assert/strict';
import { formatDuration, formatUtc } from '../../../src/teams/cards';

describe('formatUtc', () => {
  for (const [input, want] of [
    ['2026-11-28T14:05:59.999Z', '2026-11-28 14:05 UTC'],
    ['2026-11-28T15:05:00+01:00', '2026-11-28 14:05 UTC'],
    ['not a time', 'not a time'],
  ] as const) {
    it(`${input} -> ${want}`, () => assert.equal(formatUtc(input), want));
  }
  it('accepts a Date', () =>
    assert.equal(formatUtc(new Date(Date.UTC(2026, 0, 2, 3, 4))), '2026-01-02 03:04 UTC'));
});

describe('formatDuration', () => {
  for (const [ms, want] of [
    [0, '0 ms'],
    [85, '85 ms'],
    [400, '0.4 s'],
    [1234, '1.2 s'],
    [59_960, '1 min 0 s'],
    [125_000, '2 min 5 s'],
    [-5, '0 ms'],
  ] as const) {
    it(`${ms} ms -> ${want}`, () => assert.equal(formatDuration(ms), want));
  }
});

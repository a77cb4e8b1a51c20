/**
 * A group of fifty accounts (the most one request may name) on one card: every card a group
 * shows stays under Teams' 28 KB at the largest inputs, names every member, and keeps what
 * stands out (a privileged role, a failure) on every row.
 */
import assert from 'node:assert/strict';
import type { GroupView } from '../../../src/lockdown/group';
import { preflight } from '../../../src/lockdown/preflight';
import { plannedSteps, type LockdownRequest } from '../../../src/lockdown/request';
import { MAX_TARGETS } from '../../../src/lockdown/target-names';
import {
  MAX_TEXT_BYTES,
  buildGroupCard,
  jsonByteLength,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { renderGroupCard } from '../../../src/teams/render-card';
import { cardText, cardTexts } from './card-text';
import { fixtureInputs, largestVariantInputs, type VariantInputs } from './card-variants';
import { MISSING_GRANTS, NOW, request } from './fixtures';
import { ALL_DONE, HALFWAY, changed, decidedAs, groupOf, longestUpn } from './group-fixtures';
import { WIDE_CHARACTERS, type WideKind } from './largest-inputs';
import { ALL_OPTIONS } from './option-fixtures';

/** Teams refuses messages over 28 KB. */
const TEAMS_LIMIT = 28 * 1024;
const bytesOf = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** Every card of a group of 50 built from `inputs`, with the view it shows. */
function groupsOf(inputs: VariantInputs): [string, GroupView, AdaptiveCard][] {
  const all = {
    ...inputs.pending,
    options: ALL_OPTIONS,
    alert: inputs.alert,
    origin: { ...inputs.pending.origin, audience: inputs.audience },
  };
  const base: LockdownRequest = {
    ...all,
    requiredApprovals: 2,
    preflight: preflight(plannedSteps(all), all.target, MISSING_GRANTS),
  };
  const pending = groupOf(base, MAX_TARGETS, { upn: inputs.groupUpn });
  const states = (pick: (i: number) => Partial<LockdownRequest>): GroupView =>
    changed(pending, (_, i) => pick(i));
  const failed = inputs.failedSteps;
  const views: [string, GroupView][] = [
    ['pending (--all, warnings, alert, audience)', pending],
    [
      'running',
      states((i) =>
        decidedAs(
          (['completed', 'running', 'approved', 'failed'] as const)[i % 4] ?? 'running',
          [ALL_DONE, HALFWAY, [], failed][i % 4] ?? [],
          inputs.decider,
        ),
      ),
    ],
    [
      'partial',
      states((i) =>
        decidedAs(i % 2 ? 'partial' : 'completed', i % 2 ? failed : ALL_DONE, inputs.decider),
      ),
    ],
    [
      'failed',
      states(() => decidedAs('failed', [...failed, ...inputs.optionSteps], inputs.decider)),
    ],
    ['cancelled', states(() => ({ state: 'cancelled', decidedBy: inputs.decider }))],
  ];
  const render = { now: NOW, selfApprovalAllowed: false };
  return views.map(([name, view]) => [name, view, renderGroupCard(view, render)]);
}

describe('a group of 50 accounts on one card', () => {
  const sizes: string[] = [];
  after(() => console.log(`      sizes at 50 accounts: ${sizes.join(', ')}`));

  for (const kind of Object.keys(WIDE_CHARACTERS) as WideKind[]) {
    describe(`largest inputs in ${kind}: 113-character UPNs, 256-character names, 50 roles, 1,000 devices, the largest foothold and alert`, () => {
      for (const [name, view, card] of groupsOf(largestVariantInputs(kind))) {
        it(`${name}: under 28 KB, every text within ${MAX_TEXT_BYTES} bytes`, () => {
          const bytes = bytesOf(card);
          sizes.push(`${kind} ${name} ${bytes} B`);
          assert.ok(bytes < TEAMS_LIMIT, `${bytes} bytes`);
          for (const text of cardTexts(card)) {
            assert.ok(jsonByteLength(text) <= MAX_TEXT_BYTES, `${jsonByteLength(text)}: ${text}`);
          }
        });

        if (name !== 'cancelled') {
          it(`${name}: names every member, once`, () => {
            const text = cardText(card);
            for (const member of view.members) {
              const upn = member.target.userPrincipalName;
              assert.equal(text.split(upn).length - 1, 1, upn);
            }
          });
        }
      }
    });
  }

  it('pending at the largest inputs: every member is marked privileged, in attention colour', () => {
    const [, view, card] = groupsOf(largestVariantInputs('emoji'))[0]!;
    const rows = card.body.filter(
      (e) => e.type === 'TextBlock' && e.text.includes(longestUpn(0).slice(0, 60)),
    );
    assert.equal(rows.length, view.members.length);
    for (const row of rows) {
      assert.ok(row.type === 'TextBlock' && row.text.startsWith('⚠️') && row.color === 'attention');
    }
  });

  it('final at the largest inputs: every failed member says so, in attention colour', () => {
    const [, , card] = groupsOf(largestVariantInputs('cjk'))[3]!;
    const rows = card.body.filter((e) => e.type === 'TextBlock' && e.text.startsWith('❌ '));
    assert.equal(rows.length, MAX_TARGETS);
    assert.ok(rows.every((row) => row.type === 'TextBlock' && row.color === 'attention'));
  });

  it('at ordinary inputs, fifty members keep their names, roles and foothold counts (with 60 refresh ids)', () => {
    const inputs = fixtureInputs();
    const view = groupOf(
      { ...request(), target: { ...request().target, foothold: inputs.foothold } },
      MAX_TARGETS,
    );
    const card = buildGroupCard(view, {
      now: NOW,
      refreshFor: largestVariantInputs('cjk').audience,
    });
    const text = cardText(card);
    assert.ok(bytesOf(card) < TEAMS_LIMIT);
    for (let i = 0; i < MAX_TARGETS; i += 1) {
      assert.ok(text.includes(`${i} Jane Doe · user${i}@contoso.com`), `member ${i}`);
    }
    assert.equal(text.match(/PRIVILEGED/g)?.length, MAX_TARGETS);
    assert.equal(text.match(/eligible: Global Administrator/g)?.length, MAX_TARGETS);
    assert.equal(text.match(/3 sign-in methods \(1 new\) · /g)?.length, MAX_TARGETS);
  });
});

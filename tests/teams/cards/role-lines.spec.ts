import assert from 'node:assert/strict';
import type { RoleSummary } from '../../../src/lockdown/request';
import { roleLines } from '../../../src/teams/cards/role-lines';

const role = (displayName: string, roleTemplateId: string, privileged: boolean): RoleSummary => ({
  displayName,
  roleTemplateId,
  privileged,
});

const HELPDESK = role('Helpdesk Administrator', '729827e3-9c14-49f7-bb1b-9608f156bbb8', true);
const GLOBAL = role('Global Administrator', '62e90394-69f5-4237-9190-012177145e10', true);
const EXCHANGE = role('Exchange Administrator', '29232cdf-9323-42fd-ade2-1d097af3e4de', false);
const READERS = role('Directory Readers', '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', false);

describe('roleLines', () => {
  const cases: readonly (readonly [string, readonly RoleSummary[], boolean])[] = [
    ['no roles', [], false],
    ['a role User Administrator covers', [READERS], false],
    ['a privileged role User Administrator covers', [HELPDESK], false],
    ['Global Administrator', [GLOBAL, READERS], true],
    ['a role User Administrator does not cover', [EXCHANGE], true],
  ];
  for (const [name, roles, hinted] of cases) {
    it(`${hinted ? 'says' : 'does not say'} the app may need a stronger role: ${name}`, () => {
      const text = JSON.stringify(roleLines(roles));
      assert.equal(text.includes('may need the bot'), hinted);
    });
  }

  it('marks privileged roles and lists them first', () => {
    const text = roleLines([READERS, HELPDESK]).map((line) => JSON.stringify(line));
    assert.match(text[0]!, /Helpdesk Administrator — PRIVILEGED/);
    assert.doesNotMatch(text[1]!, /PRIVILEGED/);
  });
});

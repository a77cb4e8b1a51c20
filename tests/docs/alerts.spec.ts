/**
 * docs/alerts.md promises a body format: its JSON Schema and its example must agree with what
 * the bot accepts (src/http/alert-body.ts), so that a sender who follows the page is not refused.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  ALERT_FIELDS,
  ALERT_MODES,
  ALERT_SEVERITIES,
  checkAlertAsk,
} from '../../src/http/alert-body';
import { LOCKDOWN_OPTIONS } from '../../src/lockdown/options';

const PAGE = readFileSync(join(__dirname, '..', '..', 'docs', 'alerts.md'), 'utf8');

/** The fenced blocks of a language, in order. */
function blocks(language: string): string[] {
  return [...PAGE.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(
    (match) => match[1]!,
  );
}

interface Schema {
  readonly required: readonly string[];
  readonly properties: Record<string, { description?: string; items?: { description?: string } }>;
}

const SCHEMA = JSON.parse(
  blocks('json').find((block) => block.includes('json-schema.org'))!,
) as Schema;
const EXAMPLE = JSON.parse(blocks('http')[0]!.split('\n\n').slice(1).join('\n\n')) as Record<
  string,
  unknown
>;

describe('docs/alerts.md', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(SCHEMA);

  it('documents exactly the fields the bot reads, users and title required', () => {
    assert.deepEqual(Object.keys(SCHEMA.properties), [...ALERT_FIELDS]);
    assert.deepEqual(SCHEMA.required, ['users', 'title']);
    for (const field of ALERT_FIELDS) {
      assert.match(PAGE, new RegExp(`^\\| \`${field}\` +\\|`, 'm'), `${field} has a table row`);
    }
  });

  it('names every severity, mode and option', () => {
    const named: readonly [string | undefined, readonly string[]][] = [
      [SCHEMA.properties.severity?.description, ALERT_SEVERITIES],
      [SCHEMA.properties.mode?.description, ALERT_MODES],
      [SCHEMA.properties.options?.items?.description, LOCKDOWN_OPTIONS],
    ];
    for (const [description, names] of named) {
      for (const name of names) assert.ok(description?.includes(name), `${name} in ${description}`);
    }
  });

  it('shows an example that the schema and the bot both accept', () => {
    assert.ok(validate(EXAMPLE), ajv.errorsText(validate.errors));
    const check = checkAlertAsk(EXAMPLE);
    assert.ok(check.ok, JSON.stringify(check));
  });

  const minimal = { users: ['adele@contoso.com'], title: 'Impossible travel' };
  const agreed: readonly [string, Record<string, unknown>, boolean][] = [
    ['the minimal alert', minimal, true],
    ['a missing title', { users: minimal.users }, false],
    ['no users', { ...minimal, users: [] }, false],
    ['51 users', { ...minimal, users: Array.from({ length: 51 }, (_, i) => `u${i}@c.com`) }, false],
    ['an unknown field', { ...minimal, priority: 1 }, false],
    ['a title of 201 characters', { ...minimal, title: 't'.repeat(201) }, false],
    ['a title with a newline', { ...minimal, title: 'a\nb' }, false],
    ['a title with a right-to-left override', { ...minimal, title: 'a\u202Eb' }, false],
    ['an http url', { ...minimal, url: 'http://portal.azure.com/x' }, false],
    ['a url with credentials', { ...minimal, url: 'https://u:p@portal.azure.com/x' }, false],
    ['a url of 2049 characters', { ...minimal, url: `https://x.co/${'a'.repeat(2036)}` }, false],
    ['an incident id with a slash', { ...minimal, incidentId: '47/11' }, false],
    ['an empty source', { ...minimal, source: '' }, false],
    ['options that are not an array', { ...minimal, options: 'remove-mfa' }, false],
    ['a severity that is a number', { ...minimal, severity: 3 }, false],
  ];
  for (const [name, body, ok] of agreed) {
    it(`agrees with the bot on ${name}`, () => {
      assert.equal(validate(body), ok, ajv.errorsText(validate.errors));
      assert.equal(checkAlertAsk(body).ok, ok);
    });
  }
});

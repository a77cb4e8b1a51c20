/**
 * The alert body: what a good alert becomes, and every hostile or careless body refused with
 * every problem, each a sentence naming its field.
 */
import assert from 'node:assert/strict';
import {
  type AlertBodyCheck,
  checkAlertAsk,
  MAX_PROBLEMS,
  parseAlertBody,
} from '../../src/http/alert-body';

const GUID = '1C2D3E4F-0000-4000-8000-000000000001';
const MINIMAL = { users: ['adele@contoso.com'], title: 'Impossible travel' };

function problemsOf(check: AlertBodyCheck): readonly string[] {
  assert.equal(check.ok, false, `accepted: ${JSON.stringify(check)}`);
  return check.ok ? [] : check.problems;
}

describe('alert body', () => {
  describe('accepts', () => {
    const accepted: readonly [string, unknown, unknown][] = [
      ['the minimal alert', MINIMAL, MINIMAL],
      [
        'every field, normalised',
        {
          users: ['adele@contoso.com', GUID, 'ADELE@contoso.com', GUID.toLowerCase()],
          title: '  Impossible travel for Adele  ',
          severity: 'High',
          source: 'sentinel',
          incidentId: 'INC_4711-a',
          url: 'https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/x',
          mode: 'Keep-Enabled',
          options: ['revoke-consents', 'REMOVE-MFA', 'revoke-consents'],
        },
        {
          users: ['adele@contoso.com', GUID.toLowerCase()],
          title: 'Impossible travel for Adele',
          severity: 'high',
          source: 'sentinel',
          incidentId: 'INC_4711-a',
          url: 'https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/x',
          mode: 'keep-enabled',
          options: ['remove-mfa', 'revoke-consents'],
        },
      ],
      [
        'a guest UPN and 50 accounts',
        {
          ...MINIMAL,
          users: [
            'pat_fabrikam.com#EXT#@contoso.com',
            ...Array.from({ length: 49 }, (_, i) => `u${i}@contoso.com`),
          ],
        },
        undefined,
      ],
      ['an empty options list', { ...MINIMAL, options: [] }, { ...MINIMAL, options: [] }],
      ['a title of 200 characters', { ...MINIMAL, title: 't'.repeat(200) }, undefined],
    ];
    for (const [name, body, expected] of accepted) {
      it(name, () => {
        const check = parseAlertBody(Buffer.from(JSON.stringify(body)));
        assert.ok(check.ok, JSON.stringify(check));
        if (expected !== undefined) assert.deepEqual(check.ask, expected);
      });
    }

    it('with a UTF-8 byte order mark', () => {
      assert.ok(parseAlertBody(Buffer.from(`\uFEFF${JSON.stringify(MINIMAL)}`)).ok);
    });
  });

  describe('refuses, naming every problem', () => {
    const refused: readonly [string, string, readonly (string | RegExp)[]][] = [
      ['an empty body', '', [/^The body is empty/]],
      ['whitespace', '  \n', [/^The body is empty/]],
      ['XML', '<alert/>', ['The body is not valid JSON.']],
      ['truncated JSON', '{"users":', ['The body is not valid JSON.']],
      ['null', 'null', [/^The body must be a JSON object/]],
      ['an array', '[{"users":[]}]', [/^The body must be a JSON object/]],
      ['a string', '"alert"', [/^The body must be a JSON object/]],
      ['an empty object', '{}', ['users: is required', 'title: is required']],
      [
        'wrong types everywhere',
        JSON.stringify({
          users: 'adele@contoso.com',
          title: 42,
          severity: 3,
          source: ['x'],
          incidentId: 4711,
          url: { href: 'https://x' },
          mode: true,
          options: 'remove-mfa',
        }),
        [
          'users: must be an array, not a string',
          'title: must be a string, not a number',
          'severity: must be a string, not a number',
          'source: must be a string, not an array',
          'incidentId: must be a string, not a number',
          'url: must be a string, not an object',
          'mode: must be a string, not a boolean',
          'options: must be an array, not a string',
        ],
      ],
      [
        'bad users, each named by index',
        JSON.stringify({ ...MINIMAL, users: ['ok@contoso.com', 'x', 7, 'a/b@contoso.com', ''] }),
        [
          'users[1]: "x" is not a valid user principal name (user@domain).',
          'users[2]: must be a string, not a number',
          'users[3]: "a/b@contoso.com" is not a valid user principal name (user@domain).',
          'users[4]: "" is not a valid user principal name (user@domain).',
        ],
      ],
      [
        'no users',
        JSON.stringify({ ...MINIMAL, users: [] }),
        ['users: must name at least one account'],
      ],
      [
        'too many users',
        JSON.stringify({
          ...MINIMAL,
          users: Array.from({ length: 51 }, (_, i) => `u${i}@contoso.com`),
        }),
        ['users: must name at most 50 accounts'],
      ],
      [
        'a path or query in a user',
        JSON.stringify({ ...MINIMAL, users: ['adele@contoso.com/../me', 'x?$select=*@y.com'] }),
        [/^users\[0\]: .* is not a valid/, /^users\[1\]: .* is not a valid/],
      ],
      [
        'an empty title',
        JSON.stringify({ ...MINIMAL, title: '   ' }),
        ['title: must not be empty'],
      ],
      [
        'a title too long',
        JSON.stringify({ ...MINIMAL, title: 't'.repeat(201) }),
        ['title: must be at most 200 characters'],
      ],
      ...(
        [
          ['a newline', 'a\nb'],
          ['a NUL', 'a\u0000b'],
          ['an escape sequence', '\u001b[31mred'],
          ['a C1 control', 'a\u0085b'],
          ['a right-to-left override', 'gpj.\u202Eexe'],
        ] as const
      ).map(
        ([what, title]) =>
          [
            `a title with ${what}`,
            JSON.stringify({ ...MINIMAL, title }),
            ['title: must not contain control characters'],
          ] as [string, string, string[]],
      ),
      [
        'an unknown severity, source, incident id and mode',
        JSON.stringify({
          ...MINIMAL,
          severity: 'critical',
          source: 'sentinel; rm -rf',
          incidentId: '47/11',
          mode: 'nuke',
        }),
        [
          'severity: must be one of informational, low, medium, high, not "critical"',
          'source: must be 1 to 40 letters, digits, spaces, dots, dashes or underscores',
          'incidentId: must be 1 to 100 letters, digits, dashes or underscores',
          'mode: must be one of full, keep-enabled, not "nuke"',
        ],
      ],
      [
        'an empty source and incident id',
        JSON.stringify({ ...MINIMAL, source: '', incidentId: '' }),
        [/^source: /, /^incidentId: /],
      ],
      [
        'a source and incident id too long',
        JSON.stringify({ ...MINIMAL, source: 's'.repeat(41), incidentId: 'i'.repeat(101) }),
        [/^source: /, /^incidentId: /],
      ],
      ...(
        [
          ['javascript:', 'javascript:alert(1)', 'must be an https:// URL, not "javascript"'],
          ['http:', 'http://portal.azure.com/x', 'must be an https:// URL, not "http"'],
          ['data:', 'data:text/html,<script>', 'must be an https:// URL, not "data"'],
          ['a relative URL', '/incidents/1', 'must be an absolute https:// URL'],
          [
            'credentials',
            'https://user:pw@evil.example/',
            'must not carry a user name or password',
          ],
          [
            'a newline',
            'https://portal.azure.com/\nx',
            'must not contain spaces or control characters',
          ],
          [
            'a space',
            'https://portal.azure.com/ x',
            'must not contain spaces or control characters',
          ],
          [
            '2049 characters',
            `https://x.example/${'a'.repeat(2031)}`,
            'must be at most 2048 characters',
          ],
        ] as const
      ).map(
        ([what, url, problem]) =>
          [`a url with ${what}`, JSON.stringify({ ...MINIMAL, url }), [`url: ${problem}`]] as [
            string,
            string,
            string[],
          ],
      ),
      [
        'unknown options',
        JSON.stringify({ ...MINIMAL, options: ['all', 'remove-mfa', '--remove-mfa'] }),
        [
          /^options\[0\]: "all" is not a containment option; the options are remove-mfa, /,
          /^options\[2\]: "--remove-mfa" is not a containment option/,
        ],
      ],
      [
        'unknown fields',
        JSON.stringify({ ...MINIMAL, user: 'x', Title: 'y' }),
        [
          '"user" is not a field of an alert; the fields are users, title, severity, source, incidentId, url, mode, options.',
          /^"Title" is not a field/,
        ],
      ],
      [
        'a __proto__ key',
        `{"users":["adele@contoso.com"],"title":"t","__proto__":{"isAdmin":true,"users":["x"]}}`,
        [/^"__proto__" is not a field/],
      ],
      [
        'constructor and prototype keys',
        JSON.stringify({ ...MINIMAL, constructor: { prototype: { isAdmin: true } }, prototype: 1 }),
        [/^"constructor" is not a field/, /^"prototype" is not a field/],
      ],
      [
        '__proto__ inside a user',
        `{"users":[{"__proto__":{"toString":1}}],"title":"t"}`,
        ['users[0]: must be a string, not an object'],
      ],
      [
        'deeply nested junk',
        `{"users":["adele@contoso.com"],"title":${'['.repeat(30_000)}${']'.repeat(30_000)}}`,
        ['title: must be a string, not an array'],
      ],
      [
        'deeply nested junk that is not even JSON',
        `{"title":${'['.repeat(60_000)}`,
        ['The body is not valid JSON.'],
      ],
    ];

    for (const [name, text, expected] of refused) {
      it(name, () => {
        const problems = problemsOf(parseAlertBody(Buffer.from(text)));
        assert.equal(problems.length, expected.length, problems.join('\n'));
        expected.forEach((want, i) => {
          if (typeof want === 'string') assert.equal(problems[i], want);
          else assert.match(problems[i]!, want);
        });
      });
    }

    it('lists at most 20 problems, then how many more', () => {
      const junk = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, i]));
      const problems = problemsOf(checkAlertAsk({ ...MINIMAL, ...junk }));
      assert.equal(problems.length, MAX_PROBLEMS + 1);
      assert.equal(problems.at(-1), '... and 10 more problems.');
    });

    it('never lets the body reach Object.prototype', () => {
      parseAlertBody(Buffer.from('{"__proto__":{"polluted":true},"users":["a@b.cd"],"title":"t"}'));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('quotes control characters of an unknown field name harmlessly', () => {
      const [problem] = problemsOf(checkAlertAsk({ ...MINIMAL, 'evil\nfield': 1 }));
      assert.match(problem!, /^"evil\?field" is not a field/);
    });
  });
});

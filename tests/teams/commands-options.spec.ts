import assert from 'node:assert/strict';
import { LOCKDOWN_OPTIONS, resolveOptions, type LockdownOption } from '../../src/lockdown/options';
import { type Command, looksLikeCommand, parseCommand } from '../../src/teams/commands';
import { invalid, lockdown } from './command-cases';

const JANE = 'jane@contoso.com';
const ALL = [...LOCKDOWN_OPTIONS];
const FOR_LOCKDOWN =
  'is for /lockdown: an unlock undoes only what the lockdown disabled, never what its options removed.';

describe('parseCommand: containment options', () => {
  const cases: readonly (readonly [string, Command])[] = [
    [`/lockdown ${JANE} --remove-mfa`, lockdown(JANE, { options: { add: ['remove-mfa'] } })],
    [
      `/lockdown ${JANE} --disable-mail-rules`,
      lockdown(JANE, { options: { add: ['disable-mail-rules'] } }),
    ],
    [
      `/lockdown ${JANE} --revoke-consents`,
      lockdown(JANE, { options: { add: ['revoke-consents'] } }),
    ],
    [`/lockdown ${JANE} --compromised`, lockdown(JANE, { options: { add: ['compromised'] } })],
    [`/lockdown ${JANE} --all`, lockdown(JANE, { options: { add: ALL } })],
    // Any letter case, anywhere among the words, in the order the steps run.
    [
      `/LOCKDOWN --Compromised ${JANE} --REMOVE-MFA`,
      lockdown(JANE, { options: { add: ['remove-mfa', 'compromised'] } }),
    ],
    [`/lockdown ${JANE} --ALL`, lockdown(JANE, { options: { add: ALL } })],
    // Repeats are harmless; --all with a named option is still all four.
    [
      `/lockdown ${JANE} --remove-mfa --remove-mfa`,
      lockdown(JANE, { options: { add: ['remove-mfa'] } }),
    ],
    [`/lockdown ${JANE} --all --compromised`, lockdown(JANE, { options: { add: ALL } })],
    // --no-<option> turns a default off for this lockdown.
    [`/lockdown ${JANE} --no-remove-mfa`, lockdown(JANE, { options: { remove: ['remove-mfa'] } })],
    [
      `/lockdown ${JANE} --No-Compromised --no-revoke-consents`,
      lockdown(JANE, { options: { remove: ['revoke-consents', 'compromised'] } }),
    ],
    // Every option but one.
    [
      `/lockdown ${JANE} --all --no-disable-mail-rules`,
      lockdown(JANE, { options: { add: ALL, remove: ['disable-mail-rules'] } }),
    ],
    // With either mode and the dry run.
    [
      `/lockdown ${JANE} --keep-enabled --remove-mfa`,
      lockdown(JANE, { mode: 'keep-enabled', options: { add: ['remove-mfa'] } }),
    ],
    [
      `/lockdown --dry-run --all ${JANE} --keep-enabled`,
      lockdown(JANE, { mode: 'keep-enabled', dryRun: true, options: { add: ALL } }),
    ],
    [
      `lockdown mailto:${JANE} --dry-run --no-compromised`,
      lockdown(JANE, { dryRun: true, options: { remove: ['compromised'] } }),
    ],
    // Refused: ambiguous, contradictory, or not an option.
    [
      `/lockdown ${JANE} --no-all`,
      invalid('"--no-all" is ambiguous: turn defaults off one at a time, e.g. --no-remove-mfa.'),
    ],
    [
      `/lockdown ${JANE} --all --NO-ALL`,
      invalid('"--NO-ALL" is ambiguous: turn defaults off one at a time, e.g. --no-remove-mfa.'),
    ],
    [
      `/lockdown ${JANE} --remove-mfa --no-remove-mfa`,
      invalid('"--remove-mfa" and "--no-remove-mfa" contradict each other: give one of them.'),
    ],
    [
      `/lockdown ${JANE} --no-compromised --all --Compromised`,
      invalid('"--Compromised" and "--no-compromised" contradict each other: give one of them.'),
    ],
    [`/lockdown ${JANE} --mfa`, invalid('Unknown option "--mfa".')],
    [`/lockdown ${JANE} --remove-methods`, invalid('Unknown option "--remove-methods".')],
    [`/lockdown ${JANE} -remove-mfa`, invalid('Unknown option "-remove-mfa".')],
    [`/lockdown ${JANE} ---remove-mfa`, invalid('Unknown option "---remove-mfa".')],
    [`/lockdown ${JANE} --remove_mfa`, invalid('Unknown option "--remove_mfa".')],
    [`/lockdown ${JANE} --no-keep-enabled`, invalid('Unknown option "--no-keep-enabled".')],
    [`/lockdown ${JANE} --no-dry-run`, invalid('Unknown option "--no-dry-run".')],
    [`/lockdown ${JANE} --no-no-remove-mfa`, invalid('Unknown option "--no-no-remove-mfa".')],
    [`/lockdown ${JANE} --no-`, invalid('Unknown option "--no-".')],
    [`/lockdown ${JANE} --remove-mfa=false`, invalid('Unknown option "--remove-mfa=false".')],
    [`/lockdown ${JANE} --all,--compromised`, invalid('Unknown option "--all,--compromised".')],
    // Options never stand in for the target.
    ['/lockdown --all', invalid('Whom should I lock down?')],
    [
      `/lockdown --remove-mfa ${JANE} bob@contoso.com`,
      lockdown(JANE, { targets: [JANE, 'bob@contoso.com'], options: { add: ['remove-mfa'] } }),
    ],
    // An unlock undoes what the lockdown disabled; it takes no option.
    [`/unlock ${JANE} --remove-mfa`, invalid(`"--remove-mfa" ${FOR_LOCKDOWN}`)],
    [`/unlock ${JANE} --ALL`, invalid(`"--ALL" ${FOR_LOCKDOWN}`)],
    [`/unlock ${JANE} --no-compromised`, invalid(`"--no-compromised" ${FOR_LOCKDOWN}`)],
    [`unlock --dry-run ${JANE} --no-all`, invalid(`"--no-all" ${FOR_LOCKDOWN}`)],
    [`/unlock --revoke-consents`, invalid(`"--revoke-consents" ${FOR_LOCKDOWN}`)],
  ];
  for (const [input, expected] of cases) {
    it(`parses ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseCommand(input), expected);
    });
  }

  it('treats "unlock --all" without the slash as ours (an option follows), and refuses it', () => {
    assert.equal(looksLikeCommand('unlock --all'), true);
    assert.equal(parseCommand('unlock --all').kind, 'invalid');
  });
});

describe('parseCommand: hostile option words', () => {
  const hostile = [
    '--remove-mfa\u0000',
    '--remove\u200b-mfa',
    '--remove-mf\u0430',
    '--\uff52emove-mfa',
    '--no-remove-mfa\u0007',
    '--ALL\u001b[31m',
    `--${'x'.repeat(500)}`,
    `--no-${'remove-mfa'.repeat(20)}`,
    '--all;--no-all',
    '--constructor',
    '--no-constructor',
    '--__proto__',
    '--no-__proto__',
    '--hasOwnProperty',
    '--toString',
    '--[remove-mfa](https://evil.example)',
  ];
  for (const word of hostile) {
    for (const command of [`/lockdown ${JANE}`, `/unlock ${JANE}`]) {
      it(`refuses ${JSON.stringify(`${command} ${word}`)} with a short, clean problem`, () => {
        const parsed = parseCommand(`${command} ${word}`);
        assert.equal(parsed.kind, 'invalid');
        if (parsed.kind === 'invalid') {
          // eslint-disable-next-line no-control-regex
          assert.ok(!/[\u0000-\u001f\u007f]/.test(parsed.problem), parsed.problem);
          assert.ok(parsed.problem.length <= 140, parsed.problem);
        }
      });
    }
  }
});

describe('resolving a command against the defaults', () => {
  /** The options of the lockdown `text` asks for, with `defaults` on for every lockdown. */
  const resolved = (text: string, defaults: readonly LockdownOption[]) => {
    const command = parseCommand(text);
    assert.equal(command.kind, 'lockdown');
    return command.kind === 'lockdown' ? resolveOptions(defaults, command.options) : [];
  };

  const cases: readonly (readonly [
    string,
    readonly LockdownOption[],
    readonly LockdownOption[],
  ])[] = [
    [`/lockdown ${JANE}`, [], []],
    [`/lockdown ${JANE}`, ['remove-mfa', 'compromised'], ['remove-mfa', 'compromised']],
    [`/lockdown ${JANE} --no-remove-mfa`, ['remove-mfa', 'compromised'], ['compromised']],
    [`/lockdown ${JANE} --no-remove-mfa`, [], []],
    [`/lockdown ${JANE} --revoke-consents`, ['remove-mfa'], ['remove-mfa', 'revoke-consents']],
    [`/lockdown ${JANE} --all`, [], ALL],
    [`/lockdown ${JANE} --all --no-compromised`, ['compromised'], ALL.slice(0, 3)],
    [`/lockdown ${JANE} --keep-enabled --dry-run`, ['disable-mail-rules'], ['disable-mail-rules']],
  ];
  for (const [text, defaults, expected] of cases) {
    it(`${JSON.stringify(text)} with defaults [${defaults.join(', ')}] -> [${expected.join(', ')}]`, () => {
      assert.deepEqual(resolved(text, defaults), expected);
    });
  }
});

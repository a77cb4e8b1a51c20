/**
 * The largest inputs the bot accepts, for the size tests: 256-character names, titles and
 * departments of multi-byte characters, 50 directory roles, 1,000 devices, the largest foothold
 * (50 items in every section), long Graph error messages on every step and device, 20 history
 * rows and 60 (and more) refresh user ids.
 */
import type {
  DeviceOutcome,
  DeviceSummary,
  LockdownRequest,
  RoleSummary,
  StepOutcome,
} from '../../../src/lockdown/request';
import { DENIED, request, target } from './fixtures';
import { largestFoothold } from './foothold-fixtures';

/** Characters of each UTF-8 width a directory string may be made of. */
export const WIDE_CHARACTERS = {
  /** 4 bytes in UTF-8 (a surrogate pair in UTF-16). */
  emoji: '🔒',
  /** 3 bytes in UTF-8. */
  cjk: '漢',
} as const;

/** Which wide character a set of largest inputs is written in. */
export type WideKind = keyof typeof WIDE_CHARACTERS;

/** Entra's longest display name, job title, department, role or device name: 256 characters. */
export const MAX_DIRECTORY_STRING = 256;
/** The longest UPN the bot accepts (64 + @ + 48). */
export const LONGEST_UPN = `${'u'.repeat(64)}@${'d'.repeat(44)}.com`;
/** A Graph error message far longer than any card could show. */
const GRAPH_MESSAGE_LENGTH = 4000;

/** `prefix` padded with `char` to exactly 256 characters (code points). */
function long(prefix: string, char: string, length = MAX_DIRECTORY_STRING): string {
  return prefix + char.repeat(length - [...prefix].length);
}

/** A Teams (Bot Framework) user id as long as real ones get. */
export function teamsUserId(n: number): string {
  return `29:1${String(n).padStart(4, '0')}${'AbCdEfGhIj_KlMnOpQrSt-UvWxYz0123456789'.repeat(3)}`;
}

/** The largest inputs, written in one kind of wide character. */
export interface LargestInputs {
  readonly kind: WideKind;
  /** A pending request for the largest target. */
  readonly pending: LockdownRequest;
  /** Every step failed with a long message; all 1,000 devices failed. */
  readonly failedSteps: readonly StepOutcome[];
  /** A long Graph error message. */
  readonly graphMessage: string;
  /** More refresh user ids than Teams allows. */
  readonly refreshFor: readonly string[];
  /** A pending unlock of the largest target: 600 devices to enable again, 400 left alone. */
  readonly pendingUnlock: LockdownRequest;
  /** Every unlock step failed with a long message; all 600 devices failed. */
  readonly failedUnlockSteps: readonly StepOutcome[];
  /** Many long-named approvers (an unlock's, on the lockdown it undid). */
  readonly approvers: readonly { readonly id: string; readonly name: string }[];
}

/** 50 roles with 256-character names, every other one privileged. */
function roles(char: string): RoleSummary[] {
  return Array.from({ length: 50 }, (_, i) => ({
    displayName: long(`Role ${i} `, char),
    roleTemplateId: `role-${i}`,
    privileged: i % 2 === 0,
  }));
}

/** 1,000 devices with 256-character names and as many distinct 256-character OS names. */
function devices(char: string): DeviceSummary[] {
  return Array.from({ length: 1000 }, (_, i) => ({
    id: `dev-${i}`,
    displayName: long(`Device ${i} `, char),
    operatingSystem: long(`OS ${i} `, char),
    accountEnabled: i % 3 !== 0,
  }));
}

/** Every device failed, each with a long note and Graph message. */
function failedDevices(all: readonly DeviceSummary[], message: string): DeviceOutcome[] {
  return all.map((d, i) => ({
    deviceId: d.id,
    displayName: d.displayName,
    operatingSystem: d.operatingSystem,
    status: i % 10 === 9 ? 'skipped' : 'failed',
    failure: {
      ...DENIED,
      message,
      requestId: `11111111-2222-4333-8444-${String(i).padStart(12, '0')}`,
    },
    note: message,
  }));
}

/** The largest inputs in `kind` characters. */
export function largestInputs(kind: WideKind): LargestInputs {
  const char = WIDE_CHARACTERS[kind];
  const graphMessage = long('Insufficient privileges: ', char, GRAPH_MESSAGE_LENGTH);
  const all = devices(char);
  const steps = (['disable-account', 'reset-password', 'revoke-sessions', 'verify'] as const).map(
    (step): StepOutcome => ({
      step,
      status: 'failed',
      durationMs: 125_000,
      detail: graphMessage,
      failure: { ...DENIED, code: long('Code_', char), message: graphMessage },
    }),
  );
  const failedSteps: StepOutcome[] = [
    ...steps.slice(0, 3),
    {
      step: 'disable-devices',
      status: 'failed',
      durationMs: 125_000,
      detail: graphMessage,
      failure: { ...DENIED, message: graphMessage },
      devices: failedDevices(all, graphMessage),
    },
    { ...(steps[3] as StepOutcome), observed: { accountEnabled: true } },
  ];
  const pending = request({
    target: target({
      userPrincipalName: LONGEST_UPN,
      displayName: long('Jane ', char),
      jobTitle: long('Senior ', char),
      department: long('Finance ', char),
      onPremisesSyncEnabled: true,
      userType: 'Guest',
      roles: roles(char),
      devices: all,
      foothold: largestFoothold(char),
    }),
    requestedBy: { id: 'aad-ann', name: long('Ann ', char) },
  });
  const toEnable = all.slice(0, 600);
  const unlockSteps = (['enable-account', 'verify'] as const).map((step): StepOutcome => ({
    step,
    status: 'failed',
    durationMs: 125_000,
    detail: graphMessage,
    failure: { ...DENIED, code: long('Code_', char), message: graphMessage },
  }));
  return {
    kind,
    pending,
    failedSteps,
    graphMessage,
    refreshFor: Array.from({ length: 80 }, (_, i) => teamsUserId(i)),
    pendingUnlock: {
      ...pending,
      kind: 'unlock',
      undo: {
        lockdownId: 'req-0001',
        lockdownFinishedAt: '2026-11-28T14:06:01.400Z',
        lockdownRequestedBy: { id: 'aad-dana', name: long('Dana ', char) },
        enableAccount: true,
        devices: toEnable,
        leftAlone: all.slice(600).map((d) => ({
          deviceId: d.id,
          displayName: d.displayName,
          operatingSystem: d.operatingSystem,
          reason: graphMessage,
        })),
      },
    },
    failedUnlockSteps: [
      unlockSteps[0] as StepOutcome,
      {
        step: 'enable-devices',
        status: 'failed',
        durationMs: 125_000,
        detail: graphMessage,
        failure: { ...DENIED, message: graphMessage },
        devices: failedDevices(toEnable, graphMessage),
      },
      { ...(unlockSteps[1] as StepOutcome), observed: { accountEnabled: false } },
    ],
    approvers: Array.from({ length: 5 }, (_, i) => longPerson(kind, `Approver${i}`)),
  };
}

/** A person with a 256-character name, for deciders and approvers. */
export function longPerson(kind: WideKind, name: string): { id: string; name: string } {
  return { id: `aad-${name.toLowerCase()}`, name: long(`${name} `, WIDE_CHARACTERS[kind]) };
}

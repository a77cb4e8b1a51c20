/**
 * What a responder still has to do once every member of a group is finished: the lines a
 * single request's final card gives, said once for the group, with how many accounts (and which)
 * each one concerns, never once per member.
 */
import { groupFinished, type GroupView } from '../../lockdown/group';
import { kindOf, type LockdownRequest, type StepId } from '../../lockdown/request';
import { accounts, nameList, upnsOf } from './group-text';
import { lockdownCommand } from './mode-text';
import { ACCESS_TOKENS_NOTE, needsRetry } from './next-steps';
import { countItems, optionsOf } from './option-text';
import { MAX_TEXT_BYTES, jsonByteLength } from './text-budget';
import { WAY_BACK_IN } from './unlock-next-steps';

/** How many accounts a line names before "and N more". */
const NAMED = 3;
/** Each account's name in a line. */
const NAME_BYTES = 64;
/** What a line may take on the card, with the bullet in front of it. */
const LINE_BYTES = MAX_TEXT_BYTES - 8;

/** "2 accounts (a@x and b@x)": how many, and which. */
function which(members: readonly LockdownRequest[]): string {
  return `${accounts(members.length)} (${nameList(upnsOf(members), NAMED, NAME_BYTES)})`;
}

/** "them" for several accounts, "it" for one. */
function them(members: readonly LockdownRequest[]): string {
  return members.length === 1 ? 'it' : 'them';
}

/** The latest outcome of `step` on `member`. */
function outcomeOf(member: LockdownRequest, step: StepId) {
  return [...member.steps].reverse().find((outcome) => outcome.step === step);
}

/** How many items of `step` each member's option handled, summed, and on how many members. */
function handled(members: readonly LockdownRequest[], step: StepId): [items: number, on: number] {
  const counts = members.map(
    (m) => outcomeOf(m, step)?.items?.filter((item) => item.status === 'done').length ?? 0,
  );
  return [counts.reduce((a, b) => a + b, 0), counts.filter((n) => n > 0).length];
}

/** The options' lines: methods removed, compromise confirmed, mail rules disabled. */
function optionLines(members: readonly LockdownRequest[]): string[] {
  const lines: string[] = [];
  const [methods, methodsOn] = handled(members, 'remove-methods');
  if (methods > 0) {
    lines.push(
      `${countItems('remove-methods', methods)} removed on ${accounts(methodsOn)}: the people register again, e.g. with a Temporary Access Pass an administrator issues in the Entra admin center (an unlock does not restore them).`,
    );
  }
  const confirmed = members.filter((m) => outcomeOf(m, 'confirm-compromised')?.status === 'done');
  if (confirmed.length > 0) {
    lines.push(
      `${accounts(confirmed.length)} confirmed compromised in Identity Protection: this stays until an administrator dismisses the users' risk (an unlock does not), so risk-based Conditional Access keeps applying.`,
    );
  }
  const [rules, rulesOn] = handled(members, 'disable-mail-rules');
  if (rules > 0) {
    lines.push(
      `${countItems('disable-mail-rules', rules)} disabled on ${accounts(rulesOn)}, not deleted: review them with the people before turning any back on. Forwarding set on the mailbox in Exchange is not visible to Graph: check it in the Exchange admin center.`,
    );
  }
  return lines;
}

/**
 * The line `say` makes of `command`, or of `otherwise` when the command would not leave the line
 * whole (a command cut short would be wrong to run).
 */
function withCommand(say: (what: string) => string, command: string, otherwise: string): string {
  const line = say(command);
  return jsonByteLength(line) <= LINE_BYTES ? line : say(otherwise);
}

/** What is left to do after a lockdown of several accounts. */
function lockdownLines(view: GroupView): string[] {
  const { leader, members } = view;
  const { mode } = leader;
  const lines = [ACCESS_TOKENS_NOTE];
  const synced = members.filter(
    (m) => m.target.onPremisesSyncEnabled && outcomeOf(m, 'contain-onprem')?.status !== 'done',
  );
  if (synced.length > 0) {
    lines.push(
      mode === 'full'
        ? `${which(synced)} synced from on-premises AD: disable ${them(synced)} there too (the next sync undoes a cloud-only disable) and reset the on-premises passwords.`
        : `${which(synced)} synced from on-premises AD: reset the passwords there too; the cloud reset does not reach them.`,
    );
  }
  const devicesFailed = members.filter((m) =>
    m.steps.some((s) => s.devices?.some((d) => d.status === 'failed')),
  );
  if (devicesFailed.length > 0) {
    lines.push(
      `In Intune, block the devices that could not be disabled here (mark them non-compliant or retire them): ${which(devicesFailed)}.`,
    );
  }
  const guests = members.filter((m) => m.target.userType === 'Guest');
  if (guests.length > 0) {
    lines.push(
      `${which(guests)} ${guests.length === 1 ? 'is a guest' : 'are guests'}: ask the home tenants to revoke the sessions there.`,
    );
  }
  lines.push(...optionLines(members));
  const retry = members.filter(needsRetry);
  if (retry.length > 0) {
    const command = lockdownCommand(upnsOf(retry).join(' '), mode, optionsOf(leader));
    lines.push(
      withCommand(
        (run) =>
          `A step failed on ${which(retry)}: check the app's Graph permissions and Entra role, then run ${run} again (every step is safe to repeat).`,
        command,
        '/lockdown for the accounts marked ❌ or ⚠️ above',
      ),
    );
  }
  if (mode === 'keep-enabled') {
    lines.push(
      'The accounts are still enabled: for each one whose compromise is confirmed, run a full lockdown (/lockdown user@domain, several at once if need be).',
    );
  }
  return lines;
}

/** What is left to do after an unlock of several accounts. */
function unlockLines(view: GroupView): string[] {
  const { members } = view;
  const lines: string[] = [];
  const failed = members.filter((m) => m.state === 'failed');
  if (failed.length < members.length) lines.push(WAY_BACK_IN);
  const leftAlone = members.filter((m) => (m.undo?.leftAlone.length ?? 0) > 0);
  if (leftAlone.length > 0) {
    lines.push(
      `Devices were left as they are on ${which(leftAlone)}: enable one by hand in the Entra admin center (Devices) only if it is disabled and should be used again.`,
    );
  }
  if (
    members.some((m) =>
      m.steps.some(
        (s) => s.step === 'enable-devices' && s.devices?.some((d) => d.status === 'failed'),
      ),
    )
  ) {
    lines.push(
      'Enable the devices that could not be enabled here by hand in the Entra admin center (Devices), or in Intune for the ones it manages.',
    );
  }
  const synced = members.filter((m) => m.target.onPremisesSyncEnabled);
  if (synced.length > 0) {
    lines.push(
      `${which(synced)} synced from on-premises AD: if disabled there too, enable ${them(synced)} there as well, else the next directory sync disables ${them(synced)} again.`,
    );
  }
  if (failed.length > 0) {
    const command = `/unlock ${upnsOf(failed).join(' ')}`;
    lines.push(
      withCommand(
        (run) =>
          `The unlock failed on ${which(failed)}: check the app's Graph permissions and Entra role, then run ${run} again (enabling twice is harmless).`,
        command,
        '/unlock for the accounts marked ❌ above',
      ),
    );
  }
  if (members.some((m) => m.state === 'partial')) {
    lines.push(
      'Not everything was undone: finish by hand in the Entra admin center what the failed steps name.',
    );
  }
  return lines;
}

/** What is left to do once the group is finished (nothing before). */
export function groupNextSteps(view: GroupView): string[] {
  if (!groupFinished(view.members)) return [];
  return kindOf(view.leader) === 'unlock' ? unlockLines(view) : lockdownLines(view);
}

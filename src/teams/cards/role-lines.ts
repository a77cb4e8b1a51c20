import type { RoleSummary } from '../../lockdown/request';
import { ROLES_USER_ADMINISTRATOR_COVERS } from '../../lockdown/steps/requirements';
import { textBlock, type CardElement } from './adaptive-card';
import { NAME_BYTES, plain } from './text-budget';

/** How many directory roles the confirmation card lists before it says "+N more". */
export const MAX_ROLE_LINES = 10;

/** "+40 more roles (20 privileged)": what the card does not list, so nothing is hidden. */
function moreRoles(rest: readonly RoleSummary[]): string {
  const privileged = rest.filter((r) => r.privileged).length;
  const roles = rest.length === 1 ? 'role' : 'roles';
  return `+${rest.length} more ${roles}${privileged === 0 ? '' : ` (${privileged} privileged)`}`;
}

/**
 * Directory roles, privileged ones first, bold and in attention colour; at most
 * {@link MAX_ROLE_LINES} of them and then "+N more" (a card must stay under 28 KB).
 */
export function roleLines(roles: readonly RoleSummary[]): CardElement[] {
  if (roles.length === 0)
    return [textBlock('No directory roles', { isSubtle: true, spacing: 'small' })];
  const ordered = [...roles.filter((r) => r.privileged), ...roles.filter((r) => !r.privileged)];
  const lines = ordered.slice(0, MAX_ROLE_LINES).map((role) => {
    // The name has its own budget, so that "PRIVILEGED" is never cut off.
    const name = plain(role.displayName, NAME_BYTES);
    return role.privileged
      ? textBlock(`⚠️ ${name} — PRIVILEGED`, {
          weight: 'bolder',
          color: 'attention',
          spacing: 'small',
        })
      : textBlock(name, { spacing: 'small' });
  });
  const rest = ordered.slice(MAX_ROLE_LINES);
  if (rest.length > 0) {
    const privileged = rest.some((r) => r.privileged);
    lines.push(
      textBlock(moreRoles(rest), {
        spacing: 'small',
        ...(privileged ? { weight: 'bolder', color: 'attention' } : { isSubtle: true }),
      }),
    );
  }
  if (ordered.some((r) => !ROLES_USER_ADMINISTRATOR_COVERS.has(r.roleTemplateId))) {
    // Graph lets a User Administrator change only holders of the roles it covers; other admins
    // need a Privileged Authentication Administrator (or Global Administrator).
    lines.push(
      textBlock(
        "Changing this account may need the bot's app to hold Privileged Authentication Administrator (or Global Administrator).",
        { isSubtle: true, size: 'small', spacing: 'small' },
      ),
    );
  }
  return lines;
}

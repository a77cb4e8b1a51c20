/**
 * Several {@link FakeDirectory} users behind one {@link Directory}: calls naming a user go to
 * that user's fake, device calls to the fakes that own the devices, the rest to the first.
 */
import type { Directory, OperationResult } from '../../src/lockdown/directory';
import type { FakeDirectory } from './fake-directory';

/** A directory of several fake users (each with its own devices, failures and calls). */
export function fakeTenant(users: readonly FakeDirectory[]): Directory {
  const [first] = users;
  if (!first) throw new Error('A fake tenant needs at least one user.');
  const byId = (userId: string): FakeDirectory =>
    users.find((user) => user.user.id === userId) ?? first;
  const byDevices = async (
    deviceIds: readonly string[],
    call: (owner: FakeDirectory, ids: readonly string[]) => Promise<readonly OperationResult[]>,
  ): Promise<readonly OperationResult[]> => {
    const results = new Map<string, OperationResult>();
    for (const owner of users) {
      const ids = deviceIds.filter((id) => owner.devices.some((device) => device.id === id));
      if (ids.length === 0) continue;
      const answers = await call(owner, ids);
      ids.forEach((id, index) => results.set(id, answers[index] as OperationResult));
    }
    return deviceIds.map((id) => results.get(id) as OperationResult);
  };
  const routed: Partial<Directory> = {
    findUser: async (name) =>
      users
        .find((user) => user.user.userPrincipalName === name.toLowerCase() || user.user.id === name)
        ?.findUser(name.includes('@') ? name : user0Upn(users, name)),
    disableDevices: (ids) => byDevices(ids, (owner, own) => owner.disableDevices(own)),
    enableDevices: (ids) => byDevices(ids, (owner, own) => owner.enableDevices(own)),
  };
  return new Proxy(first, {
    get(target, property: string) {
      if (property in routed) return routed[property as keyof Directory];
      const method = (target as unknown as Record<string, unknown>)[property];
      if (typeof method !== 'function') return method;
      return (userId: unknown, ...rest: unknown[]) => {
        const owner = typeof userId === 'string' ? byId(userId) : first;
        return (owner as unknown as Record<string, (...args: unknown[]) => unknown>)[property]!(
          userId,
          ...rest,
        );
      };
    },
  }) as unknown as Directory;
}

/** The UPN of the user whose object id is `id` (so their fake finds them). */
function user0Upn(users: readonly FakeDirectory[], id: string): string {
  return users.find((user) => user.user.id === id)?.user.userPrincipalName ?? id;
}

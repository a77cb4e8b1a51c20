/**
 * The look-up's second read in the domain: the consented apps named after the card is posted
 * (stored, the listener told so the card is edited), why not when they cannot be, nothing read
 * when no consent needs a name, and the dry run's completed foothold.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { unnamedApps, withAppDescriptions } from '../../src/lockdown/describe-consents';
import type { ConsentGrant, Foothold } from '../../src/lockdown/foothold';
import { LockdownService } from '../../src/lockdown/lockdown-service';
import { AccessPolicy, OPEN_ACCESS_RULES } from '../../src/lockdown/policy';
import type { LockdownRequest } from '../../src/lockdown/request';
import { SqliteStore } from '../../src/store';
import { FakeDirectory, JANE } from './fake-directory';

const RILEY = { id: 'riley', name: 'Riley' };
const ORIGIN = { tenantId: 't1', conversationId: 'c1', reply: '{}' };
const SHADY = 'c0000000-0000-4000-8000-0000000000f1';
const ZOOM = 'c0000000-0000-4000-8000-0000000000f2';
const GONE = 'c0000000-0000-4000-8000-0000000000f3';

/** Grants as the look-up reads them: no names yet. */
const GRANTS: readonly ConsentGrant[] = [
  { id: 'g1', clientId: SHADY, scopes: ['Mail.Read', 'offline_access'] },
  { id: 'g2', clientId: ZOOM, scopes: ['Calendars.Read'] },
  { id: 'g3', clientId: SHADY, scopes: ['Files.Read'] },
  { id: 'g4', clientId: GONE, scopes: ['User.Read'] },
];
const FOOTHOLD: Foothold = {
  consents: { items: GRANTS },
  risk: { items: [{ level: 'high', state: 'atRisk' }] },
};

describe('describing the consented apps (the second read)', () => {
  let dir: string;
  let store: SqliteStore;
  let directory: FakeDirectory;
  let changes: LockdownRequest[];
  let svc: LockdownService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockdown-consents-'));
    store = new SqliteStore(join(dir, 'test.db'));
    directory = new FakeDirectory({ ...JANE, foothold: FOOTHOLD });
    directory.apps.set(SHADY, { appName: 'Mail Helper', verifiedPublisher: false });
    directory.apps.set(ZOOM, { appName: 'Zoom', publisher: 'Zoom Inc.', verifiedPublisher: true });
    changes = [];
    svc = new LockdownService({
      directory,
      store,
      listener: { onChange: (r) => changes.push(r), onFinished: (r) => changes.push(r) },
      logger: pino({ level: 'silent' }),
      approvalTtlMinutes: 15,
      policy: new AccessPolicy(OPEN_ACCESS_RULES, directory),
      runner: { run: () => undefined },
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function pending(): Promise<LockdownRequest> {
    const asked = await svc.request({
      userPrincipalName: JANE.userPrincipalName,
      mode: 'full',
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(asked.kind, 'created');
    return (asked as { request: LockdownRequest }).request;
  }

  it('names the apps once each, stores them and tells the listener', async () => {
    const request = await pending();
    assert.deepEqual(request.target.foothold, FOOTHOLD, 'the card first shows client ids');
    const described = await svc.describeConsents(request.id);
    assert.ok(directory.calls.includes(`describeApps ${SHADY},${ZOOM},${GONE}`));
    const consents = described?.target.foothold?.consents;
    assert.deepEqual(consents, {
      items: [
        { ...GRANTS[0], appName: 'Mail Helper', verifiedPublisher: false },
        { ...GRANTS[1], appName: 'Zoom', publisher: 'Zoom Inc.', verifiedPublisher: true },
        { ...GRANTS[2], appName: 'Mail Helper', verifiedPublisher: false },
        GRANTS[3],
      ],
    });
    assert.deepEqual(described?.target.foothold?.risk, FOOTHOLD.risk, 'other sections kept');
    assert.deepEqual(changes, [described]);
    assert.deepEqual(await store.get(request.id), described);
    assert.equal(described?.state, 'pending');
  });

  it('stores the names of a request decided meanwhile, without touching its card', async () => {
    const request = await pending();
    await store.transition(request.id, ['pending'], { state: 'cancelled', decidedBy: RILEY });
    const described = await svc.describeConsents(request.id);
    assert.equal(described?.state, 'cancelled');
    const consents = described?.target.foothold?.consents;
    assert.ok(consents && 'items' in consents && consents.items[0]?.appName === 'Mail Helper');
    assert.deepEqual(changes, [], 'the cancelled card stays as it is');
  });

  it('stores why the names cannot be read, so the card says it', async () => {
    directory.apps.clear();
    directory.appsUnreadable = 'names not readable: the app lacks Application.Read.All';
    const request = await pending();
    const described = await svc.describeConsents(request.id);
    assert.deepEqual(described?.target.foothold?.consents, {
      items: GRANTS,
      namesUnreadable: 'names not readable: the app lacks Application.Read.All',
    });
    assert.equal(changes.length, 1);
    // Read again later, the names come and the reason goes.
    directory.appsUnreadable = undefined;
    directory.apps.set(ZOOM, { appName: 'Zoom', verifiedPublisher: true });
    const again = await svc.describeConsents(request.id);
    const consents = again?.target.foothold?.consents;
    assert.ok(consents && 'items' in consents && !('namesUnreadable' in consents));
    assert.equal(consents.items[1]?.appName, 'Zoom');
  });

  it('reads and writes nothing when no consent needs a name, or the request is unknown', async () => {
    directory.user = { ...JANE, foothold: { consents: { items: [] } } };
    const request = await pending();
    assert.equal(await svc.describeConsents(request.id), undefined);
    assert.equal(await svc.describeConsents('nope'), undefined);
    directory.user = { ...JANE, foothold: { consents: { unreadable: 'not readable' } } };
    assert.equal(await svc.describeConsents((await pending()).id), undefined);
    assert.ok(!directory.calls.some((call) => call.startsWith('describeApps')));
    assert.deepEqual(changes, []);
  });

  it('completes a dry run’s foothold without storing anything', async () => {
    const completed = await svc.describeFoothold(FOOTHOLD);
    const consents = completed?.consents;
    assert.ok(consents && 'items' in consents);
    assert.deepEqual(
      consents.items.map((grant) => grant.appName),
      ['Mail Helper', 'Zoom', 'Mail Helper', undefined],
    );
    assert.equal(await svc.describeFoothold(undefined), undefined);
    assert.deepEqual(await store.listRecent({ limit: 5 }), []);
    assert.deepEqual(changes, []);
  });

  it('unnamedApps and withAppDescriptions: a named consent stays as it is', () => {
    const named: ConsentGrant = { ...GRANTS[0]!, appName: 'Known', verifiedPublisher: true };
    const foothold: Foothold = { consents: { items: [named, GRANTS[1]!] } };
    assert.deepEqual(unnamedApps(foothold), [ZOOM]);
    assert.deepEqual(unnamedApps({ consents: { unreadable: 'x' } }), []);
    const completed = withAppDescriptions(foothold, { apps: {} });
    assert.deepEqual(completed, foothold);
  });
});

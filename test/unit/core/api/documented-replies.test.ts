/**
 * The replies and error bodies Sophos documents (Postman collection, troubleshooting page, public clients),
 * replayed against the core: what it accepts, what it refuses, and what each failure says.
 */
import assert from 'node:assert/strict';
import { SophosApiError, maxPages } from '../../../../src/core/api';
import {
  manyTenants,
  scriptedClient,
  scriptedPartnerId,
  scriptedTenantId,
  type Script,
  type ScriptedReply,
} from '../../../support/scripted-sophos';

const tokenId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const listValue = 'SLS-value-seen-in-a-list-0123456789';
const ids = {
  correlationId: '5b7e0a44-1111-4000-8000-000000000001',
  requestId: '5b7e0a44-2222-4000-8000-000000000002',
  createdAt: '2026-03-01T10:00:00.000Z',
};

/** Answers one method and path (prefix) with one reply; everything else as the script's defaults. */
const on =
  (method: string, path: string, answer: ScriptedReply | ((query: URLSearchParams) => ScriptedReply)): Script =>
  (request) =>
    request.method === method && request.path.startsWith(path)
      ? typeof answer === 'function'
        ? answer(request.query)
        : answer
      : undefined;

const listOf = (...items: unknown[]): ScriptedReply => ({
  status: 200,
  body: { pages: { current: 1, size: 50, total: 1, items: items.length }, items },
});

describe('documented replies, replayed against the core', () => {
  describe('access token lists', () => {
    it("accepts Sophos' documented list item: no label, createdBy user, and a token value, which is dropped at parse time", async () => {
      const documented = {
        id: tokenId,
        type: 'sophosLinuxSensor',
        createdAt: '2026-02-01T00:00:00.000Z',
        expiresAt: '2027-02-01T00:00:00.000Z',
        createdBy: { id: 'u-1', type: 'user' },
        token: listValue,
      };
      const { client } = scriptedClient(on('GET', '/accounts/v1/access-tokens', listOf(documented)));
      const [token, ...rest] = await client.listAccessTokens();
      assert.deepEqual(rest, []);
      assert.equal(token!.id, tokenId);
      assert.equal(token!.label, undefined);
      assert.equal(token!.createdBy?.type, 'user');
      assert.ok(!JSON.stringify(token).includes(listValue), 'the value is not kept');
    });

    const labels = [
      { name: 'a valid label', label: 'CI runner, eu-1.', kept: true },
      {
        name: 'a Markdown command link',
        label: '[Open fix](command:workbench.action.terminal.sendSequence)',
        kept: false,
      },
      { name: 'control characters', label: 'ok\u001b]52;c;cHduZWQK\u0007', kept: false },
      { name: 'a right-to-left override', label: 'abc\u202etxt.exe', kept: false },
      { name: '51 characters', label: 'x'.repeat(51), kept: false },
      { name: 'a number', label: 42, kept: false },
      { name: 'an empty string', label: '', kept: false },
    ];
    for (const { name, label, kept } of labels) {
      it(`${kept ? 'keeps' : 'treats as absent, never as an error,'} ${name}`, async () => {
        const { client } = scriptedClient(
          on('GET', '/accounts/v1/access-tokens', listOf({ id: tokenId, type: 'sophosLinuxSensor', label })),
        );
        const [token] = await client.listAccessTokens();
        assert.equal(token!.label, kept ? label : undefined);
        assert.equal(token!.id, tokenId);
      });
    }
  });

  describe('ids are checked as UUIDs on arrival, and kept as given', () => {
    const notUuid = [
      {
        name: 'whoami id',
        script: on('GET', '/whoami/v1', {
          status: 200,
          body: { id: 'tenant-1', idType: 'tenant', apiHosts: { global: 'https://api.central.sophos.example' } },
        }),
        act: 'whoami',
        field: 'id',
      },
      {
        name: 'a listed token id',
        script: on('GET', '/accounts/v1/access-tokens', listOf({ id: '../../admin', label: 'x' })),
        act: 'list',
        field: 'items.0.id',
      },
      {
        name: 'a listed tenant id',
        script: on('GET', '/partner/v1/tenants', listOf({ id: 'not-a-tenant', name: 'x' })),
        act: 'tenants',
        field: 'items.0.id',
        idType: 'partner' as const,
      },
      {
        name: 'a created token id',
        script: on('POST', '/accounts/v1/access-tokens', { status: 201, body: { id: 'tok-1', token: 'SLS-x' } }),
        act: 'create',
        field: 'id',
      },
    ];
    for (const { name, script, act, field, idType } of notUuid) {
      it(`refuses ${name} that is not a UUID as an unexpected reply, naming the field`, async () => {
        const { client } = scriptedClient(script, { idType });
        const run =
          act === 'whoami'
            ? client.whoami()
            : act === 'list'
              ? client.listAccessTokens()
              : act === 'tenants'
                ? client.tenants()
                : client.createAccessToken({ label: 'x' });
        await assert.rejects(run, (e: SophosApiError) => {
          assert.equal(e.kind, 'badReply');
          assert.match(e.message, new RegExp(`unexpected reply: ${field.replace(/\./g, '\\.')} is not a UUID`));
          return true;
        });
      });
    }

    it('keeps an upper-case tenant id as given, and sends it back so', async () => {
      const { client, sophos } = scriptedClient(on('GET', '/accounts/v1/access-tokens', listOf()));
      assert.equal((await client.whoami()).id, scriptedTenantId);
      await client.listAccessTokens();
      assert.equal(sophos.requests.at(-1)!.headers['x-tenant-id'], scriptedTenantId);
    });

    it('sends a tenant id the user typed with its case kept', async () => {
      const { client, sophos } = scriptedClient(on('GET', '/accounts/v1/access-tokens', listOf()), {
        idType: 'partner',
      });
      await client.listAccessTokens({ tenantId: ' 00000000-0000-4000-8000-00000000ABCD ' });
      assert.equal(sophos.requests.at(-1)!.headers['x-tenant-id'], '00000000-0000-4000-8000-00000000ABCD');
    });
  });

  const globals = [
    { given: 'http://api.central.sophos.com/', normalised: 'https://api.central.sophos.com' },
    { given: 'https://api.central.sophos.com//', normalised: 'https://api.central.sophos.com' },
    { given: 'http://127.0.0.1:8741/', normalised: 'http://127.0.0.1:8741' },
  ];
  for (const { given, normalised } of globals) {
    it(`normalises apiHosts.global ${given} to ${normalised}`, async () => {
      const { client } = scriptedClient(
        on('GET', '/whoami/v1', {
          status: 200,
          body: {
            id: scriptedTenantId,
            idType: 'tenant',
            apiHosts: { global: given, dataRegion: 'http://api-eu01.central.sophos.com/' },
          },
        }),
      );
      const me = await client.whoami();
      assert.equal(me.apiHosts.global, normalised);
      assert.equal(me.apiHosts.dataRegion, 'https://api-eu01.central.sophos.com');
    });
  }

  describe('revoke', () => {
    const replies: { name: string; reply: ScriptedReply }[] = [
      { name: '200 {"deleted": true} (documented)', reply: { status: 200, body: { deleted: true } } },
      { name: '204 without a body', reply: { status: 204 } },
      { name: '200 without a body', reply: { status: 200 } },
    ];
    for (const { name, reply } of replies) {
      it(`accepts ${name}`, async () => {
        const { client, sophos } = scriptedClient(on('DELETE', `/accounts/v1/access-tokens/${tokenId}`, reply));
        await client.revokeAccessToken(tokenId);
        assert.equal(sophos.seen.filter((line) => line.startsWith('DELETE')).length, 1);
      });
    }

    it('refuses 200 {"deleted": false}: the token still exists', async () => {
      const { client } = scriptedClient(
        on('DELETE', '/accounts/v1/access-tokens/', { status: 200, body: { deleted: false } }),
      );
      await assert.rejects(
        client.revokeAccessToken(tokenId),
        (e: SophosApiError) => e.kind === 'badReply' && /was not deleted/.test(e.message),
      );
    });
  });

  describe('update (PATCH)', () => {
    it('sends label and expiry, and returns the token as Sophos holds it, without a value', async () => {
      const { client, sophos } = scriptedClient(
        on('PATCH', `/accounts/v1/access-tokens/${tokenId}`, {
          status: 200,
          body: {
            id: tokenId,
            type: 'sophosLinuxSensor',
            label: 'Renamed',
            expiresAt: '2029-12-31T00:00:00.000Z',
            token: listValue,
          },
        }),
      );
      const token = await client.updateAccessToken(tokenId, { label: 'Renamed', expiresAt: '2035-01-01' });
      assert.deepEqual(sophos.requests.at(-1)!.json, { label: 'Renamed', expiresAt: '2035-01-01T00:00:00.000Z' });
      assert.equal(sophos.requests.at(-1)!.headers['x-tenant-id'], scriptedTenantId);
      assert.equal(token.label, 'Renamed');
      assert.equal(token.expiresAt, '2029-12-31T00:00:00.000Z', 'cut back to the licence by the server');
      assert.ok(!JSON.stringify(token).includes(listValue));
    });

    it('fills in from what was sent when the reply is terse (204)', async () => {
      const { client } = scriptedClient(on('PATCH', '/accounts/v1/access-tokens/', { status: 204 }));
      assert.deepEqual(await client.updateAccessToken(tokenId, { label: 'Only label' }), {
        id: tokenId,
        label: 'Only label',
      });
    });

    const invalid = [
      { change: {}, says: /Name what to change/ },
      { change: { label: 'semi;colon' }, says: /";" is not allowed/ },
      { change: { expiresAt: '2001-01-01' }, says: /in the past/ },
      { change: { label: 'ok', tenantId: 'nope' }, says: /tenant ID is a UUID/ },
    ];
    for (const { change, says } of invalid) {
      it(`refuses ${JSON.stringify(change)} before any request`, async () => {
        const { client, sophos } = scriptedClient(() => undefined, { idType: 'partner' });
        await assert.rejects(
          client.updateAccessToken(tokenId, change),
          (e: SophosApiError) => e.kind === 'invalidInput' && says.test(e.message),
        );
        assert.equal(sophos.seen.filter((line) => line.startsWith('PATCH')).length, 0);
      });
    }
  });

  describe('paging', () => {
    /** A server that pages `all` at most `cap` per page, whatever was asked, with the pages object `pagesOf` makes. */
    const capped =
      (
        all: unknown[],
        cap: number,
        pagesOf: (page: number) => Record<string, unknown> | undefined,
      ): ((query: URLSearchParams) => ScriptedReply) =>
      (query) => {
        const page = Number(query.get('page') ?? 1);
        const size = Math.min(Number(query.get('pageSize') ?? cap), cap);
        const pages = pagesOf(page);
        return { status: 200, body: { ...(pages ? { pages } : {}), items: all.slice((page - 1) * size, page * size) } };
      };
    const tenants = manyTenants(120);
    const cases = [
      { name: 'capped at 50 with no pages object at all', pagesOf: () => undefined, requests: 3 },
      {
        name: 'capped at 50, pages.size 50, no totals',
        pagesOf: (page: number) => ({ current: page, size: 50 }),
        requests: 3,
      },
      {
        name: 'capped at 50 with pages.total',
        pagesOf: (page: number) => ({ current: page, size: 50, total: 3 }),
        requests: 3,
      },
      {
        name: 'capped at 50 with pages.items only',
        pagesOf: (page: number) => ({ current: page, items: 120 }),
        requests: 3,
      },
    ];
    for (const { name, pagesOf, requests } of cases) {
      it(`lists all 120 tenants from a server ${name}`, async () => {
        const { client, sophos } = scriptedClient(on('GET', '/partner/v1/tenants', capped(tenants, 50, pagesOf)), {
          idType: 'partner',
        });
        const listed = await client.tenants();
        assert.equal(listed.length, 120);
        assert.deepEqual(
          listed.map((t) => t.id),
          tenants.map((t) => t.id),
        );
        assert.equal(sophos.seen.filter((line) => line.includes('/tenants')).length, requests);
        assert.ok(
          sophos.requests.every((r) => !r.path.includes('/tenants') || r.headers['x-partner-id'] === scriptedPartnerId),
        );
      });
    }

    it('asks once more after a short first page when the server says nothing of its size (an empty page ends it)', async () => {
      const { client, sophos } = scriptedClient(
        on(
          'GET',
          '/accounts/v1/access-tokens',
          capped([{ id: tokenId }], 50, () => undefined),
        ),
      );
      assert.equal((await client.listAccessTokens()).length, 1);
      assert.equal(sophos.seen.filter((line) => line.includes('access-tokens')).length, 2);
    });

    it('follows pages.nextKey with pageFromKey until there is none', async () => {
      const pages = [manyTenants(3).slice(0, 2), manyTenants(3).slice(2)];
      const { client, sophos } = scriptedClient(
        on('GET', '/partner/v1/tenants', (query) => {
          const index = query.get('pageFromKey') === 'key-2' ? 1 : 0;
          return {
            status: 200,
            body: { pages: { size: 2, ...(index === 0 ? { nextKey: 'key-2' } : {}) }, items: pages[index] },
          };
        }),
        { idType: 'partner' },
      );
      assert.equal((await client.tenants()).length, 3);
      const asked = sophos.seen.filter((line) => line.includes('/tenants'));
      assert.equal(asked.length, 2);
      assert.match(asked[1]!, /pageFromKey=key-2/);
    });

    it('stops when a page brings nothing new (a server that ignores the page asked for)', async () => {
      const { client, sophos } = scriptedClient(
        on('GET', '/partner/v1/tenants', { status: 200, body: { pages: { size: 2 }, items: manyTenants(2) } }),
        { idType: 'partner' },
      );
      assert.equal((await client.tenants()).length, 2);
      assert.equal(sophos.seen.filter((line) => line.includes('/tenants')).length, 2);
    });

    it(`gives up after ${maxPages} pages of a server that always announces more, rather than looping`, async () => {
      let served = 0;
      const { client } = scriptedClient(
        on('GET', '/partner/v1/tenants', () => ({
          status: 200,
          body: { pages: { size: 1, nextKey: `k${served}` }, items: manyTenants(++served).slice(-1) },
        })),
        { idType: 'partner' },
      );
      await assert.rejects(
        client.tenants(),
        (e: SophosApiError) => e.kind === 'badReply' && new RegExp(`after ${maxPages} pages`).test(e.message),
      );
      assert.equal(served, maxPages);
    });
  });

  describe('errors as Sophos sends them', () => {
    const terse401 = { status: 401, body: { error: 'Unauthorized', ...ids } };
    const cases: {
      name: string;
      script: Script;
      idType?: 'partner';
      act: (client: ReturnType<typeof scriptedClient>['client']) => Promise<unknown>;
      kind: SophosApiError['kind'];
      says: RegExp[];
      never?: RegExp[];
      once?: string;
    }[] = [
      {
        name: 'a terse 401 that survives a fresh sign-in names the tenant header and id',
        script: on('GET', '/accounts/v1/access-tokens', terse401),
        act: (c) => c.listAccessTokens(),
        kind: 'auth',
        says: [
          /although the credential had just signed in again/,
          new RegExp(`X-Tenant-ID header.*tenant ${scriptedTenantId}.*may be wrong`),
        ],
        never: [/create a new/i],
      },
      {
        name: "a terse 401 on a partner's tenant list names X-Partner-ID",
        script: on('GET', '/partner/v1/tenants', terse401),
        idType: 'partner',
        act: (c) => c.tenants(),
        kind: 'auth',
        says: [new RegExp(`X-Partner-ID header.*partner ${scriptedPartnerId}`)],
        never: [/create a new/i],
      },
      {
        name: "a partner's 403 on a customer tenant names the tenant causes and the role",
        script: on('GET', '/accounts/v1/access-tokens', {
          status: 403,
          body: { error: 'forbidden', message: 'Access is denied', ...ids },
        }),
        idType: 'partner',
        act: (c) => c.listAccessTokens({ tenantId: manyTenants(1)[0]!.id }),
        kind: 'forbidden',
        says: [/unmanaged tenant/, /Partner Assistance is turned off/, /trial account/, /Super Admin or Read-Only/],
        once: 'Access is denied.',
      },
      {
        name: "a 403 on create names the Super Admin role and the SLS licence, with the server's reason",
        script: on('POST', '/accounts/v1/access-tokens', {
          status: 403,
          body: { error: 'forbidden', message: "Request is incompatible with tenant's current licenses.", ...ids },
        }),
        act: (c) => c.createAccessToken({ label: 'x' }),
        kind: 'forbidden',
        says: [
          /Service Principal Super Admin/,
          /Central Admin \(tenant\) dashboard/,
          /licence that includes Sophos Linux Sensor/,
        ],
        once: "Request is incompatible with tenant's current licenses.",
      },
      {
        name: "a 400 is the server's refusal, with its text once and one full stop",
        script: on('POST', '/accounts/v1/access-tokens', {
          status: 400,
          body: { error: 'badRequest', message: 'label must be 1 to 50 characters.', ...ids },
        }),
        act: (c) => c.createAccessToken({ label: 'x' }),
        kind: 'rejected',
        says: [/refused by .* \(HTTP 400\)/],
        once: 'label must be 1 to 50 characters.',
      },
      {
        name: "a 404 on revoke (documented body) says there is no such token, with the server's text once",
        script: on('DELETE', '/accounts/v1/access-tokens/', {
          status: 404,
          body: { error: 'notFound', message: 'Resource not found.', ...ids },
        }),
        act: (c) => c.revokeAccessToken(tokenId),
        kind: 'notFound',
        says: [/no such access token/],
        once: 'Resource not found.',
      },
      {
        name: 'a 451 says legal reasons',
        script: on('GET', '/accounts/v1/access-tokens', {
          status: 451,
          body: { error: 'unavailableForLegalReasons', message: 'Export restricted', ...ids },
        }),
        act: (c) => c.listAccessTokens(),
        kind: 'rejected',
        says: [/HTTP 451, unavailable for legal reasons/, /export restrictions/],
        once: 'Export restricted.',
      },
      {
        name: 'an array of errors is read',
        script: on('GET', '/accounts/v1/access-tokens', {
          status: 403,
          body: [
            { error: 'forbiddenAccess', message: 'Tenant is not managed', ...ids },
            { error: 'forbiddenAccess', message: 'Partner assistance is off' },
          ],
        }),
        act: (c) => c.listAccessTokens(),
        kind: 'forbidden',
        says: [/Tenant is not managed\. Partner assistance is off\./],
      },
      {
        name: 'a terse 400 without a message gives its code and a clear message',
        script: on('POST', '/accounts/v1/access-tokens', { status: 400, body: { error: 'badRequest', ...ids } }),
        act: (c) => c.createAccessToken({ label: 'x' }),
        kind: 'rejected',
        says: [/HTTP 400\)\. The server answered with the error code "badRequest" and no message\. It gave no reason/],
      },
    ];
    for (const { name, script, idType, act, kind, says, never, once } of cases) {
      it(name, async () => {
        const { client } = scriptedClient(script, { idType });
        const error = await act(client).then(
          () => assert.fail('it should have failed'),
          (e: unknown) => e as SophosApiError,
        );
        assert.ok(error instanceof SophosApiError, String(error));
        assert.equal(error.kind, kind, error.message);
        for (const pattern of says) assert.match(error.message, pattern);
        for (const pattern of never ?? []) assert.doesNotMatch(error.message, pattern);
        if (once) assert.equal(error.message.split(once).length - 1, 1, `"${once}" once in: ${error.message}`);
        assert.doesNotMatch(error.message, /\.\./, 'no double full stop');
        assert.equal(error.requestId, ids.requestId, 'the request id is kept for support');
        assert.equal(error.correlationId, ids.correlationId);
      });
    }

    it('asks Sophos ID for one fresh sign-in, not more, before a 401 is reported', async () => {
      const { client, sophos } = scriptedClient(on('GET', '/accounts/v1/access-tokens', terse401));
      await assert.rejects(client.listAccessTokens());
      assert.equal(sophos.seen.filter((line) => line.startsWith('POST /api/v2/oauth2/token')).length, 2);
    });
  });
});

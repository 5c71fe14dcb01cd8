/**
 * Faults and bad input through the extension's commands, called with argument objects inside the real VS Code,
 * against the sandbox's fault injection. Only faults that cost no real waiting are here (the extension host
 * keeps the real retry timing and 10/30/60 s transport timeouts): timeouts, drips, endless throttling and
 * refused connections are covered through the CLI in test/unit/faults/cli-faults.test.ts.
 *
 * After every case: the credential still tests OK, the token minted before still copies with the same value,
 * and its usage log lost no entry.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FaultRule } from '../../src/sandbox/server';
import { sandbox } from './support/sandbox';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};
const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

interface TestApi {
  persistedUsage(credentialId: string): Promise<{ requestCount: number }>;
}

interface Case {
  name: string;
  faults?: FaultRule[];
  /** The command under the fault; `credential` is the name of the healthy credential added before. */
  act: (credential: string) => Promise<unknown>;
  /** A rejection message (including the next step), or undefined when the command must succeed. */
  rejects?: RegExp;
  /** "METHOD path status" of the requests the command made, or how many. */
  requests?: string[] | number;
  check?: (result: unknown) => void;
}

let counter = 0;
const unique = (base: string) => `${base} ${++counter}`;
const addWith = ({ clientId, clientSecret }: { clientId: string; clientSecret: string }) =>
  run('addCredential', { name: unique('Faulty'), clientId, clientSecret });
const mint = (credential: string, label = 'Fault case', expiresAt?: string) =>
  run<{ id: string; stored: boolean }>('createSlsToken', {
    credential,
    label,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
const create = '/accounts/v1/access-tokens';

const cases: Case[] = [
  {
    name: 'a wrong secret',
    act: () => addWith({ ...sandbox().clients.tenantSuperAdmin, clientSecret: 'W'.repeat(64) }),
    rejects: /refused the Client Secret\. Check that you pasted the whole secret/,
    requests: ['POST /api/v2/oauth2/token 401'],
  },
  {
    name: 'an unknown Client ID',
    act: () => addWith({ ...sandbox().clients.tenantSuperAdmin, clientId: '11111111-2222-4333-8444-555555555555' }),
    rejects: /no credential with this Client ID\. Check it for typos/,
    requests: 1,
  },
  {
    name: 'a Client ID with a typo',
    act: () => addWith({ ...sandbox().clients.tenantSuperAdmin, clientId: '0a7f9c17-3d55-4ab4-810e-254a16986aeZ' }),
    rejects: /Client ID is a UUID of hexadecimal digits and hyphens; "Z" is not one of them/,
    requests: 0,
  },
  {
    name: 'a secret with a space inside',
    act: () =>
      addWith({
        ...sandbox().clients.tenantSuperAdmin,
        clientSecret: `${sandbox().clients.tenantSuperAdmin.clientSecret.slice(0, 9)} ${sandbox().clients.tenantSuperAdmin.clientSecret.slice(9)}`,
      }),
    rejects: /contains spaces or line breaks\. Paste it again as one piece/,
    requests: 0,
  },
  {
    name: 'a secret pasted with a trailing newline (trimmed: works)',
    act: () =>
      addWith({
        ...sandbox().clients.tenantSuperAdmin,
        clientSecret: `${sandbox().clients.tenantSuperAdmin.clientSecret}\n`,
      }),
    requests: ['POST /api/v2/oauth2/token 200', 'GET /whoami/v1 200'],
    check: (added) => assert.equal((added as { tested: boolean }).tested, true),
  },
  {
    name: 'an expired credential',
    act: () => addWith(sandbox().clients.expired),
    rejects: /expire 36 months after creation.*create a new one/s,
    requests: 1,
  },
  {
    name: 'a disabled credential',
    act: () => addWith(sandbox().clients.disabled),
    rejects: /disabled in Sophos Central\. Enable it there, or create a new credential/,
    requests: 1,
  },
  {
    name: '429 on the create POST (not retried)',
    faults: [{ match: { method: 'POST', path: create }, fault: { type: 'status', status: 429, retryAfter: '1' } }],
    act: (c) => mint(c),
    rejects: /Creating the access token was throttled by Sophos Central \(HTTP 429\)\. Try again in 1 s\./,
    requests: [`POST ${create} 429`],
  },
  {
    name: '503 on the whoami GET (retried, then success)',
    faults: [{ match: { path: '/whoami' }, fault: { type: 'status', status: 503 } }],
    act: (c) => run('testCredential', { credential: c }),
    requests: ['POST /api/v2/oauth2/token 200', 'GET /whoami/v1 503', 'GET /whoami/v1 200'],
  },
  {
    name: "a proxy's HTML 502 page on whoami (retried, then success)",
    faults: [{ match: { path: '/whoami' }, fault: { type: 'html', status: 502 } }],
    act: (c) => run('testCredential', { credential: c }),
    requests: 3,
  },
  {
    name: 'a reset connection on whoami (retried, then success)',
    faults: [{ match: { path: '/whoami' }, fault: { type: 'reset' } }],
    act: (c) => run('testCredential', { credential: c }),
    requests: ['POST /api/v2/oauth2/token 200', 'GET /whoami/v1 0', 'GET /whoami/v1 200'],
  },
  ...[500, 502, 503].map((status): Case => ({
    name: `${status} on the create POST after the token was made (lists, revokes the orphan, mints once more)`,
    faults: [{ match: { method: 'POST', path: create }, fault: { type: 'status', status, afterHandler: true } }],
    act: (c) => mint(c),
    requests: [`POST ${create} ${status}`, `GET ${create} 200`, `DELETE ${create}/* 200`, `POST ${create} 201`],
    check: (minted) => assert.equal((minted as { stored: boolean }).stored, true),
  })),
  {
    name: 'truncated JSON on whoami',
    faults: [{ match: { path: '/whoami' }, fault: { type: 'truncated' } }],
    act: (c) => run('testCredential', { credential: c }),
    rejects: /not JSON \(it may have been cut off\)\. Try again/,
    requests: 2,
  },
  {
    name: 'a whoami reply with missing fields',
    faults: [{ match: { path: '/whoami' }, fault: { type: 'missingFields' } }],
    act: (c) => run('testCredential', { credential: c }),
    rejects: /unexpected shape \(fields: id, idType, apiHosts\)/,
    requests: 2,
  },
  {
    name: 'a whoami reply with wrong-typed fields',
    faults: [{ match: { path: '/whoami' }, fault: { type: 'wrongTypes' } }],
    act: (c) => run('testCredential', { credential: c }),
    rejects: /unexpected shape/,
    requests: 2,
  },
  {
    name: 'an HTML page with 200 on whoami',
    faults: [{ match: { path: '/whoami' }, fault: { type: 'html', status: 200 } }],
    act: (c) => run('testCredential', { credential: c }),
    rejects: /an HTML page: a proxy or captive portal may be in the way/,
    requests: 2,
  },
  {
    name: 'a huge whoami reply (capped at 4 MB)',
    faults: [{ match: { path: '/whoami' }, fault: { type: 'huge', bytes: 5 * 1024 * 1024 } }],
    act: (c) => run('testCredential', { credential: c }),
    rejects: /larger than 4096 kB.*check the configured URL or proxy/,
    requests: 2,
  },
  {
    name: 'a stale bearer mid-flow (one refresh, then success)',
    faults: [{ match: { method: 'POST', path: create }, fault: { type: 'staleBearer' } }],
    act: (c) => mint(c),
    requests: [`POST ${create} 401`, 'POST /api/v2/oauth2/token 200', `POST ${create} 201`],
  },
  {
    name: 'a label of 51 characters',
    act: (c) => mint(c, 'L'.repeat(51)),
    rejects: /The label has 51 characters; the most Sophos accepts is 50\./,
    requests: 0,
  },
  { name: 'an empty label', act: (c) => mint(c, ''), rejects: /Enter a label \(1 to 50 characters\)\./, requests: 0 },
  {
    name: 'a label with a forbidden character',
    act: (c) => mint(c, 'CI/runner'),
    rejects: /"\/" is not allowed/,
    requests: 0,
  },
  {
    name: 'an expiry in the past',
    act: (c) => mint(c, 'Past', '2020-02-02'),
    rejects: /is in the past; choose a future date/,
    requests: 0,
  },
  {
    name: 'an unparsable expiry',
    act: (c) => mint(c, 'Bad date', 'next week'),
    rejects: /"next week" is not an ISO-8601 date/,
    requests: 0,
  },
];

describe('faults and bad input through the commands in the real VS Code', () => {
  let credential: { id: string; name: string };
  let keptTokenId: string;
  let keptValue: string;
  let api: TestApi;

  before(async () => {
    api = (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as TestApi;
    const client = sandbox().clients.tenantSuperAdmin;
    credential = await run<{ id: string; name: string }>('addCredential', {
      name: unique('Fault base'),
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    keptTokenId = (await mint(credential.name, 'Kept')).id;
    await run('copyToken', { tokenId: keptTokenId });
    keptValue = await vscode.env.clipboard.readText();
    assert.match(keptValue, /^SLS-/);
  });

  for (const c of cases) {
    it(`${c.rejects ? 'rejects' : 'recovers from'} ${c.name}`, async () => {
      // A fresh sign-in first (the suite's afterEach resets the sandbox's bearers), then only the case's requests count.
      await run('testCredential', { credential: credential.name });
      const logged = (await api.persistedUsage(credential.id)).requestCount;
      const before = sandbox().requests.length;
      for (const rule of c.faults ?? []) sandbox().injectFault(rule);

      const outcome = await c.act(credential.name).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if (c.rejects) {
        assert.ok('error' in outcome, 'the command should have rejected');
        assert.match((outcome.error as Error).message, c.rejects);
      } else {
        assert.ok(
          'value' in outcome,
          `the command rejected: ${'error' in outcome ? (outcome.error as Error).message : ''}`,
        );
        c.check?.(outcome.value);
      }
      const made = sandbox()
        .requests.slice(before)
        .map(
          (r) =>
            `${r.method} ${r.path.split('?')[0]!.replace(/\/access-tokens\/[0-9a-f-]{36}/, '/access-tokens/*')} ${r.status}`,
        );
      if (typeof c.requests === 'number') assert.equal(made.length, c.requests, made.join('\n'));
      else if (c.requests) assert.deepEqual(made, c.requests);

      // Nothing lost or corrupted.
      sandbox().clearFaults();
      assert.equal(
        (await run<{ ok: boolean }>('testCredential', { credential: credential.name })).ok,
        true,
        'the credential still tests OK',
      );
      await run('copyToken', { tokenId: keptTokenId });
      assert.equal(await vscode.env.clipboard.readText(), keptValue, 'the earlier token still copies, unchanged');
      assert.ok((await api.persistedUsage(credential.id)).requestCount >= logged, 'no usage-log entry was lost');
    });
  }

  it('two commands racing after the bearer went stale share one token request', async () => {
    await run('testCredential', { credential: credential.name });
    sandbox().revokeBearerTokens();
    const before = sandbox().requests.length;
    const [a, b] = await Promise.all([mint(credential.name, 'Race a'), mint(credential.name, 'Race b')]);
    assert.ok(a.stored && b.stored);
    const made = sandbox().requests.slice(before);
    assert.equal(made.filter((r) => r.path.startsWith('/api/v2/oauth2/token')).length, 1, 'exactly one token request');
    assert.equal(made.filter((r) => r.method === 'POST' && r.path === create && r.status === 201).length, 2);
  });
});

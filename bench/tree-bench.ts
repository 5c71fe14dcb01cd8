/**
 * The Credentials tree with 1,000 credentials of 10 tokens each, through the real CredentialsTreeProvider in
 * plain Node (bench.ts maps `vscode` to bench/vscode-stub.ts before loading this file): first level, expanding
 * a credential, and expanding its Access tokens from the cache (no request) and cold (one listing).
 */
import { performance } from 'node:perf_hooks';
import { SophosHttp } from '../src/core/api';
import { UndiciTransport } from '../src/core/api/undici-transport';
import { Credentials, UsageLog } from '../src/core/credentials';
import { MemoryStorage } from '../test/support/memory-storage';
import { CredentialsTreeProvider, type TreeNode } from '../src/extension/tree/credentials-tree';
import type { Sandbox } from '../src/sandbox/server';

export interface TreeFigures {
  credentials: number;
  tokensEach: number;
  firstLevelMs: number;
  expandCredentialMs: number;
  expandTokensCachedMs: number;
  expandTokensColdMs: number;
  requestsOnCachedExpand: number;
  requestsOnColdExpand: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchTree(sandbox: Sandbox, count = 1000, tokensEach = 10, runs = 15): Promise<TreeFigures> {
  const storage = new MemoryStorage();
  const transport = new UndiciTransport();
  // Each item shows the credential's status, read from its usage log as in the editor.
  const usage = new UsageLog(storage);
  const credentials = new Credentials({
    vault: storage,
    state: storage,
    http: new SophosHttp(transport),
    endpoints: { idUrl: sandbox.idUrl, apiUrl: sandbox.apiUrl },
    usage,
  });
  try {
    const { clientId, clientSecret, id: tenantId } = sandbox.clients.tenantSuperAdmin;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const added = await credentials.add(
        {
          name: `Credential ${String(i).padStart(4, '0')}`,
          role: 'superAdmin',
          clientId,
          createdOn: '2026-01-01',
          whoami: { id: tenantId, idType: 'tenant', dataRegionUrl: sandbox.regionUrl },
        },
        clientSecret,
      );
      ids.push(added.id);
    }
    // The sandbox tenant gets its 10 tokens (and no others); every credential lists the same tenant.
    sandbox.reset();
    const first = ids[0]!;
    for (let t = 0; t < tokensEach; t++) await credentials.tokens.mint(first, { label: `Token ${t}` });

    const tree = new CredentialsTreeProvider(credentials, usage);
    const render = (nodes: TreeNode[]) => nodes.map((node) => tree.getTreeItem(node));
    const firstLevel: number[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      render((await tree.getChildren()) as TreeNode[]);
      firstLevel.push(performance.now() - started);
    }
    const expandCredential: number[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      render((await tree.getChildren({ kind: 'credential', credentialId: ids[r % ids.length]! })) as TreeNode[]);
      expandCredential.push(performance.now() - started);
    }
    // Cold: the listing is fetched (sign-in, whoami, list on a new client), once per credential.
    const cold: number[] = [];
    const beforeCold = sandbox.requests.length;
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      // ids[0] minted the tokens and already has a signed-in client: start at ids[1].
      const nodes = (await tree.getChildren({ kind: 'tokens', credentialId: ids[r + 1]! })) as TreeNode[];
      render(nodes);
      cold.push(performance.now() - started);
      if (nodes.length !== tokensEach) throw new Error(`expected ${tokensEach} tokens, got ${nodes.length}`);
    }
    const coldRequests = (sandbox.requests.length - beforeCold) / runs;
    const cached: number[] = [];
    const beforeCached = sandbox.requests.length;
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      render((await tree.getChildren({ kind: 'tokens', credentialId: ids[r + 1]! })) as TreeNode[]);
      cached.push(performance.now() - started);
    }
    const cachedRequests = sandbox.requests.length - beforeCached;
    tree.dispose();
    await usage.flush();
    return {
      credentials: count,
      tokensEach,
      firstLevelMs: median(firstLevel),
      expandCredentialMs: median(expandCredential),
      expandTokensCachedMs: median(cached),
      expandTokensColdMs: median(cold),
      requestsOnCachedExpand: cachedRequests,
      requestsOnColdExpand: coldRequests,
    };
  } finally {
    await transport.close();
  }
}

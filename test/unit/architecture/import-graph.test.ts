import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import graph of src/: static `import ... from`, `import '...'` and `export ... from` with relative paths,
 * type-only imports included (a cycle of types is still two modules that cannot be read apart).
 */
const root = findRoot(__dirname);
const srcDir = join(root, 'src');

function findRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
  }
  throw new Error(`no project root above ${start}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const staticImport =
  /(?:^|[\n;])\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g;

/** Relative specifiers of a module's static imports, resolved to files. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const match of withoutComments.matchAll(staticImport)) {
    const specifier = match[1] ?? match[2]!;
    if (!specifier.startsWith('.')) continue;
    const base = resolve(dirname(file), specifier);
    const target = [`${base}.ts`, join(base, 'index.ts'), base].find(
      (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
    );
    if (!target) throw new Error(`${relative(root, file)} imports ${specifier}, which resolves to no file`);
    found.push(target);
  }
  return found;
}

/** Every cycle found by a depth-first walk, each named as a chain of paths relative to src/. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

function graphOf(files: string[]): Map<string, string[]> {
  return new Map(files.map((file) => [file, importsOf(file)]));
}

/** Every module a static import chain from `entry` reaches, with the chain that reaches it. */
function reachable(graph: Map<string, string[]>, entry: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of graph.get(file) ?? []) {
      if (chains.has(next)) continue;
      chains.set(next, [...chains.get(file)!, next]);
      queue.push(next);
    }
  }
  return chains;
}

const named = (chain: string[]) => chain.map((file) => relative(srcDir, file)).join(' -> ');

/**
 * Cycles being removed by work in progress elsewhere (the commands' typed invocations replace tree nodes as
 * arguments). Nothing may be added here; delete a line when its cycle is gone.
 */
const cyclesBeingRemoved: string[] = [];

describe('the import graph of src/', () => {
  it('has no cycle', () => {
    const cycles = findCycles(graphOf(sourceFiles(srcDir))).map(named);
    const unexpected = cycles.filter((cycle) => !cyclesBeingRemoved.includes(cycle));
    assert.deepEqual(unexpected, [], `import cycles in src/:\n${unexpected.join('\n')}`);
    const gone = cyclesBeingRemoved.filter((cycle) => !cycles.includes(cycle));
    assert.deepEqual(gone, [], 'these cycles are gone: delete them from cyclesBeingRemoved');
  });

  it('keeps undici out of the editor until the first request: no extension module imports it statically', () => {
    const graph = graphOf(sourceFiles(srcDir));
    const undici = join(srcDir, 'core', 'api', 'network', 'undici-parts.ts');
    const extensionModules = [join(srcDir, 'extension.ts'), ...sourceFiles(join(srcDir, 'extension'))];
    const chains = extensionModules.flatMap((entry) => {
      const chain = reachable(graph, entry).get(undici);
      return chain ? [named(chain)] : [];
    });
    assert.deepEqual(chains, [], 'only src/extension/services.ts may load the transport, with import()');
    const cliChain = reachable(graph, join(srcDir, 'cli', 'session.ts')).get(undici);
    assert.ok(cliChain, 'the check can see a static chain: the CLI loads undici directly');
  });

  it('finds a cycle when there is one, and names it', () => {
    const graph = new Map([
      ['/src/a.ts', ['/src/b.ts']],
      ['/src/b.ts', ['/src/c.ts']],
      ['/src/c.ts', ['/src/a.ts', '/src/d.ts']],
      ['/src/d.ts', []],
    ]);
    assert.deepEqual(findCycles(graph), [['/src/a.ts', '/src/b.ts', '/src/c.ts', '/src/a.ts']]);
    assert.deepEqual(findCycles(new Map([['/src/a.ts', ['/src/a.ts']]])), [['/src/a.ts', '/src/a.ts']]);
  });

  it('reads every kind of static import, and no dynamic one', () => {
    const file = join(srcDir, 'core', 'api', 'probe.ts');
    const text = [
      "import { a } from './errors';",
      "import type {\n  B,\n  C,\n} from './transport';",
      "export * from './retry';",
      "export { d } from './auth';",
      "import './regions';",
      "import { z } from 'zod/mini';",
      "// import { e } from './schemas';",
      "const lazy = () => import('./validation');",
    ].join('\n');
    const names = importsOf(file, text).map((target) => relative(srcDir, target));
    assert.deepEqual(names, [
      'core/api/errors.ts',
      'core/api/transport.ts',
      'core/api/retry.ts',
      'core/api/auth.ts',
      'core/api/regions.ts',
    ]);
  });
});

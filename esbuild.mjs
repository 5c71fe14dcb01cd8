// Bundles the extension, the CLI and the sandbox (Node, CommonJS, `vscode` external), and with --tests the
// unit tests and the benchmark into out/ so mocha runs plain JavaScript with no loader.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Every *.ts below dir, for the test entry points. */
function tsFilesUnder(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...tsFilesUnder(path));
    else if (name.endsWith('.ts')) found.push(path);
  }
  return found;
}

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const { version: cliPackageVersion } = JSON.parse(readFileSync('packages/cli/package.json', 'utf8'));

/**
 * zod's classic API re-exports every locale as `z.locales`, which keeps all ~40 of them (about 260 kB
 * minified) in the bundle though only English messages are ever made (zod configures `en` itself, from its
 * own module). The extension and the CLI never read z.locales: its index becomes an empty module.
 */
const zodLocalesIndexOnly = {
  name: 'zod-locales-index-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales-index', namespace: 'empty-zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * undici carries its HTTP parser twice, as base64 WebAssembly with and without SIMD (about 70 kB each), and
 * tries the SIMD one first, falling back to the other when the runtime cannot compile it. Both parse the same
 * way; only the portable one is bundled, so that first try always gets it.
 */
const oneLlhttpBuild = {
  name: 'one-llhttp-build',
  setup(build) {
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, (args) =>
      /[\\/]undici[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, args.path.replace('llhttp_simd-wasm.js', 'llhttp-wasm.js')) }
        : undefined,
    );
  },
};

/**
 * The extension bundle leaves its heavy libraries out, in sibling bundles read on first use, so activation
 * loads only the extension's own code (and zod/mini). Each library's import becomes a stub that requires the
 * sibling bundle when the stub is first used:
 * - undici's modules, required by `src/core/api/network/undici-parts.ts`, which the extension reaches only through
 *   the dynamic import of its lazy transport (src/extension/lazy-transport.ts), at the first request;
 * - yaml and jsonc-parser, imported at the top of `src/core/config-files`: the stub's exports are getters, so
 *   the sibling bundle is read when a parser function is first called, not when the importer loads.
 * Types and call sites are unchanged; the CLI and the tests bundle the libraries as usual. The cut is at the
 * libraries rather than at our own modules so there is one copy of every class of ours (an error thrown in a
 * lazy bundle must still pass `instanceof SophosApiError` in the extension bundle).
 */
const lazyBundles = {
  'undici.js': {
    specifiers: [
      'undici/lib/api',
      'undici/lib/api/api-request',
      'undici/lib/core/connect',
      'undici/lib/dispatcher/agent',
      'undici/lib/dispatcher/client',
      'undici/lib/dispatcher/dispatcher',
      'undici/lib/dispatcher/env-http-proxy-agent',
      'undici/lib/dispatcher/pool',
    ],
    onFirstProperty: false,
  },
  'config-parsers.js': { specifiers: ['yaml', 'jsonc-parser'], onFirstProperty: true },
};

const lazyLibraries = {
  name: 'lazy-libraries',
  setup(build) {
    const owner = new Map(
      Object.entries(lazyBundles).flatMap(([file, { specifiers }]) => specifiers.map((specifier) => [specifier, file])),
    );
    build.onResolve({ filter: /^(undici|yaml|jsonc-parser)(\/|$)/ }, (args) => {
      const file = owner.get(args.path);
      if (!file)
        return { errors: [{ text: `${args.path} is not in a lazy bundle: add it to lazyBundles in esbuild.mjs` }] };
      return { path: args.path, namespace: 'lazy-library', pluginData: { file } };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-library' }, ({ path, pluginData: { file } }) => {
      const loader = `require(require('node:path').join(__dirname, ${JSON.stringify(file)}))[${JSON.stringify(path)}]`;
      if (!lazyBundles[file].onFirstProperty) return { contents: `module.exports = ${loader};`, loader: 'js' };
      const names = Object.keys(createRequire(import.meta.url)(path)).filter(
        (name) => name !== 'default' && name !== '__esModule',
      );
      return {
        contents: `let real;\nfor (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => (real ??= ${loader})[name] });`,
        loader: 'js',
      };
    });
  },
};

const nodeDefaults = {
  plugins: [zodLocalesIndexOnly, oneLlhttpBuild],
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  sourcesContent: false,
  // jsonc-parser's UMD main uses a dynamic require esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  external: ['vscode'],
  logLevel: 'warning',
};

const builds = [
  {
    ...nodeDefaults,
    plugins: [...nodeDefaults.plugins, lazyLibraries],
    // The entry only registers; the features bundle is required on first use (see src/extension.ts).
    entryPoints: { extension: 'src/extension.ts', features: 'src/extension/features.ts' },
    outdir: 'dist',
  },
  // The extension's lazy bundles: each exports its libraries' modules by specifier.
  ...Object.entries(lazyBundles).map(([file, { specifiers }]) => ({
    ...nodeDefaults,
    stdin: {
      contents: `module.exports = {\n${specifiers.map((specifier) => `  ${JSON.stringify(specifier)}: require(${JSON.stringify(specifier)}),`).join('\n')}\n};\n`,
      resolveDir: '.',
      sourcefile: file,
    },
    outfile: join('dist', file),
  })),
  // The keyring's native module stays a runtime require: its platform package holds the binary.
  {
    ...nodeDefaults,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    external: [...nodeDefaults.external, '@napi-rs/keyring'],
  },
  // The standalone CLI package (packages/cli): the same program, minified, its libraries bundled.
  {
    ...nodeDefaults,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'packages/cli/dist',
    banner: { js: '#!/usr/bin/env node' },
    external: [...nodeDefaults.external, '@napi-rs/keyring'],
    define: { PACKAGE_VERSION: JSON.stringify(cliPackageVersion) },
    minify: true,
    sourcemap: false,
  },
  { ...nodeDefaults, entryPoints: { sandbox: 'src/sandbox/main.ts' }, outdir: 'dist' },
  // The webview's own browser bundle: DOM only, no Node, no vscode.
  {
    entryPoints: { 'credential-details': 'src/webview/credential-details.ts' },
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
];

if (tests) {
  rmSync('out', { recursive: true, force: true });
  // Tests are bundled one file per entry so each sees the real modules it imports; mocha then loads out/.
  builds.push({
    ...nodeDefaults,
    entryPoints: [
      ...tsFilesUnder('test/unit'),
      ...tsFilesUnder('test/keyring'),
      ...tsFilesUnder('test/package'),
      ...tsFilesUnder('bench'),
    ],
    outdir: 'out',
    outbase: '.',
    sourcemap: 'inline',
    minify: false,
    external: ['vscode', 'mocha', '@napi-rs/keyring'],
  });
  // Integration tests (run inside the VS Code extension host) and end-to-end tests (plain Node, driving
  // Chromium): same layout under out/test/, so the runners find out/test/integration/index.js and
  // out/test/e2e/**/*.test.js. playwright-core stays a runtime require.
  builds.push({
    ...nodeDefaults,
    entryPoints: [...tsFilesUnder('test/integration'), ...tsFilesUnder('test/e2e')],
    outdir: 'out',
    outbase: '.',
    sourcemap: 'inline',
    minify: false,
    external: ['vscode', 'mocha', 'playwright-core'],
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

// Bundles the extension, the CLI and the sandbox (Node, CommonJS, `vscode` external), and with --tests the
// unit tests and the benchmark into out/ so mocha runs plain JavaScript with no loader.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
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

const nodeDefaults = {
  plugins: [zodLocalesIndexOnly],
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
  { ...nodeDefaults, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...nodeDefaults, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
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
    entryPoints: [...tsFilesUnder('test/unit'), ...tsFilesUnder('bench')],
    outdir: 'out',
    outbase: '.',
    sourcemap: 'inline',
    minify: false,
    external: ['vscode', 'mocha'],
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

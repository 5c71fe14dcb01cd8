// Lint rules that guard the architecture: the core and the webview never see `vscode`, the webview never sees node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'tls',
  'stream',
  'url',
  'util',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'packages/*/dist/**',
      'out/**',
      'node_modules/**',
      '.vscode-test/**',
      'test-results/**',
      'media/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // TypeScript already resolves every name; the base rule does not know its globals.
      'no-undef': 'off',
      // Control characters are matched on purpose: text from servers and files is made inert before display.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // The hostile extension the e2e suite installs is plain CommonJS, as a third-party extension would be.
    files: ['test/e2e/*-extension/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'src/core is editor-free: the extension, the CLI and plain-Node tests all use it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts', 'src/extension.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/credentials/store', '**/core/credentials/sessions'],
              message:
                'The store and the sign-in sessions are private to the Credentials facade: go through Credentials.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'The webview runs in a browser frame: it talks to the extension by messages only.',
            },
          ],
          patterns: [
            {
              group: [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), 'node:*'],
              message: 'The webview runs in a browser frame, not in node.',
            },
          ],
        },
      ],
    },
  },
);

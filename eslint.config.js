// ESLint: the recommended JavaScript and TypeScript rules, and React's hooks rules (the rules of
// hooks, exhaustive dependencies; the plugin's React Compiler rules are not enabled: the code is
// not written for the compiler). Run by the test command with --max-warnings 0.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/', 'build/', 'test-artifacts/', '.tools/', 'js/wasm/pocketlite.mjs', '**/*.d.mts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // `_name` marks what a signature must take but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Hooks run by PocketBase's own JavaScript runtime, with its globals (routerAdd, …).
    files: ['**/*.pb.js'],
    languageOptions: {
      globals: { routerAdd: 'readonly', ForbiddenError: 'readonly', BadRequestError: 'readonly' },
    },
    rules: { '@typescript-eslint/triple-slash-reference': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

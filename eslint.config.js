// ESLint flat config. The regexp rules guard against regular expressions whose matching time
// grows faster than linearly with the input (catastrophic backtracking): Parley runs its regexes
// over whatever text a corpus file or a member sends, so one such pattern can freeze the bot.
// typescript-eslint's strict, type-checked set holds the TypeScript to the same standard as the
// tsconfig: no `any` leaking through, no conditions the types already decide, no promise dropped.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist.next/**', 'coverage/**', '.cache/**', 'bench/out/**'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { regexp },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers read naturally in messages and logs; `undefined`, objects and the like stay flagged.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(done) => server.close(done)` passes a callback on; only void used as a value is confusing.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `const { user: _omit, ...rest } = member` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Vitest's asymmetric matchers (expect.stringContaining, expect.any…) are typed `any` by design
      // and sit inside expected objects; the other no-unsafe-* rules still catch `any` put to use.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // Plain JavaScript (the build script, this file, the preview page) is outside the tsconfig.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.disableTypeChecked],
  },
);

// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The domain knows neither Teams, HTTP, Graph nor storage.
    files: ['src/lockdown/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/teams/**', '**/directory/**', '**/store/**', '**/simulator/**'], message: 'src/lockdown depends only on its own ports.' },
            { group: ['botbuilder*', '@microsoft/teams-ai', '@microsoft/microsoft-graph-client*', 'restify', 'better-sqlite3', '@azure/*'], message: 'src/lockdown knows neither Teams, HTTP, Graph nor storage.' },
          ],
        },
      ],
    },
  },
  {
    // Only src/directory talks to Graph.
    files: ['src/**/*.ts'],
    ignores: ['src/directory/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@microsoft/microsoft-graph-client*', '@azure/identity'], message: 'Only src/directory talks to Graph.' }] },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'src/simulator/main.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const GRAPH_ONLY_IN_DIRECTORY = {
  group: ['@microsoft/microsoft-graph-client*', '@azure/identity'],
  message: 'Only src/directory talks to Graph.',
};
const STORAGE_ONLY_IN_STORE = {
  group: ['better-sqlite3', '@azure/data-tables'],
  message: 'Only src/store knows storage.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'tmp/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'error',
    },
  },
  {
    // Arrows point inward: only src/directory talks to Graph, only src/store knows storage.
    files: ['src/**/*.ts'],
    ignores: ['src/directory/**', 'src/store/**', 'src/simulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [GRAPH_ONLY_IN_DIRECTORY, STORAGE_ONLY_IN_STORE] },
      ],
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
            GRAPH_ONLY_IN_DIRECTORY,
            STORAGE_ONLY_IN_STORE,
            {
              group: ['**/teams/**', '**/directory/**', '**/store/**', '**/simulator/**'],
              message: 'src/lockdown depends only on its own ports.',
            },
            {
              group: ['botbuilder*', '@microsoft/teams-ai', 'restify', 'node:http', 'node:https'],
              message: 'src/lockdown knows neither Teams nor HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulator is the other side of the wire: it shares no code with the bot.
    files: ['src/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*'], message: 'The simulator shares no code with the bot.' }] },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'src/simulator/main.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

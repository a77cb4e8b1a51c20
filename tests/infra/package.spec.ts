/**
 * The deployed package holds the bot only: tsconfig.build.json leaves the Graph simulator (test
 * certificates, a token endpoint) out of dist/, nothing the bot runs imports it, and .webappignore
 * keeps everything but package.json, package-lock.json, dist/ and production packages out of the
 * zip. Builds nothing; reads dist/ when a build left one.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import {
  ROOT,
  WEBAPPIGNORE,
  isDeployed,
  lockedPackages,
  webAppIgnore,
  withCurrentBlock,
} from './webappignore';

const SRC = join(ROOT, 'src');
const SIMULATOR = join(SRC, 'simulator');
const DIST = join(ROOT, 'dist');

function filesUnder(dir: string, suffix: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => suffix.test(path) && statSync(path).isFile());
}

/** Relative module specifiers a TypeScript or JavaScript file imports or requires. */
function relativeImports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const found = [
    ...text.matchAll(/\bfrom\s+['"](\.[^'"]*)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"](\.[^'"]*)['"]\s*\)/g),
    ...text.matchAll(/\brequire\s*\(\s*['"](\.[^'"]*)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s+['"](\.[^'"]*)['"]/gm),
  ];
  return found.map((match) => match[1]!);
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
}

describe('the deployed package', () => {
  it('tsconfig.build.json compiles the bot without the Graph simulator', () => {
    const configPath = join(ROOT, 'tsconfig.build.json');
    const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
    assert.equal(read.error, undefined);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, configPath);
    assert.deepEqual(parsed.errors, []);
    const files = parsed.fileNames.map((path) => resolve(path));
    assert.ok(files.includes(join(SRC, 'index.ts')), 'src/index.ts is built');
    assert.ok(files.includes(join(SRC, 'audit-export.ts')), 'src/audit-export.ts is built');
    assert.deepEqual(
      files.filter((path) => inside(SIMULATOR, path)).map((path) => relative(ROOT, path)),
      [],
    );
    assert.equal(resolve(ROOT, parsed.options.outDir ?? ''), DIST);
  });

  it('no source file outside src/simulator imports it', () => {
    const offenders = filesUnder(SRC, /\.ts$/)
      .filter((path) => !inside(SIMULATOR, path))
      .flatMap((path) =>
        relativeImports(path)
          .filter((specifier) => inside(SIMULATOR, resolve(dirname(path), specifier)))
          .map((specifier) => `${relative(ROOT, path)} imports ${specifier}`),
      );
    assert.deepEqual(offenders, []);
  });

  it('no built file of the bot requires the simulator (when dist/ exists)', function () {
    const built = filesUnder(DIST, /\.js$/).filter(
      (path) => !inside(join(DIST, 'simulator'), path),
    );
    if (built.length === 0) this.skip();
    const offenders = built.flatMap((path) =>
      relativeImports(path)
        .filter((specifier) => inside(join(DIST, 'simulator'), resolve(dirname(path), specifier)))
        .map((specifier) => `${relative(ROOT, path)} requires ${specifier}`),
    );
    assert.deepEqual(offenders, []);
  });

  describe('.webappignore', () => {
    const matcher = webAppIgnore();

    it('keeps only package.json, package-lock.json, dist/ and node_modules/ of the project', () => {
      const kept = readdirSync(ROOT).filter((name) => isDeployed(matcher, name));
      const allowed = ['package.json', 'package-lock.json', 'dist', 'node_modules'];
      assert.deepEqual(
        kept.filter((name) => !allowed.includes(name)),
        [],
      );
      for (const name of [
        'src',
        'tests',
        'scripts',
        'bench',
        'docs',
        'infra',
        'env',
        'appPackage',
      ]) {
        assert.equal(isDeployed(matcher, name), false, `${name}/ is deployed`);
        assert.equal(isDeployed(matcher, `${name}/x.ts`), false, `${name}/x.ts is deployed`);
      }
      for (const name of ['.env', '.git', 'README.md', 'teamsapp.yml', 'tsconfig.json', '.npmrc']) {
        assert.equal(isDeployed(matcher, name), false, `${name} is deployed`);
      }
    });

    it('keeps the bot and leaves out a stale simulator, certificates and keys', () => {
      for (const path of [
        'package.json',
        'dist/index.js',
        'dist/store/index.js',
        'dist/bot.js.map',
      ]) {
        assert.equal(isDeployed(matcher, path), true, `${path} is not deployed`);
      }
      for (const path of [
        'dist/simulator/main.js',
        'dist/simulator/token-endpoint.js',
        'dist/certs/ca.pem',
        'dist/key.pfx',
      ]) {
        assert.equal(isDeployed(matcher, path), false, `${path} is deployed`);
      }
    });

    it('keeps every production package and leaves out every dev-only one', () => {
      const { dev, production } = lockedPackages();
      assert.ok(production.includes('better-sqlite3') && production.includes('@azure/identity'));
      const missing = production.filter(
        (name) => !isDeployed(matcher, `node_modules/${name}/package.json`),
      );
      assert.deepEqual(missing, [], 'production packages left out of the zip');
      const shipped = dev.filter((name) =>
        isDeployed(matcher, `node_modules/${name}/package.json`),
      );
      assert.deepEqual(
        shipped,
        [],
        'dev-only packages in the zip: run `npx tsx tests/infra/webappignore.ts --write`',
      );
      assert.equal(isDeployed(matcher, 'node_modules/.bin/tsc'), false);
    });

    it('lists exactly the dev-only packages of package-lock.json', () => {
      const text = readFileSync(WEBAPPIGNORE, 'utf8');
      assert.equal(
        withCurrentBlock(text),
        text,
        'out of date: run `npx tsx tests/infra/webappignore.ts --write`',
      );
    });
  });
});

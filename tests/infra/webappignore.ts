/**
 * The deployed package: what `teamsapp deploy` (azureAppService/zipDeploy) leaves in the zip,
 * given .webappignore. Teams Toolkit walks the project and drops every path the `ignore` package
 * matches (`ignore().add(lines).test(relativePath).ignored`, directories without a trailing
 * slash); this module does the same.
 *
 * The dev-only packages of package-lock.json are listed in .webappignore between two markers;
 * rewrite that block after a change of dependencies with
 *
 *   npx tsx tests/infra/webappignore.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const ROOT = join(__dirname, '..', '..');
export const WEBAPPIGNORE = join(ROOT, '.webappignore');
export const BEGIN_MARKER = '# BEGIN dev-only packages (generated from package-lock.json)';
export const END_MARKER = '# END dev-only packages';

interface LockFile {
  readonly packages: Record<string, { readonly dev?: boolean }>;
}

/** Top-level node_modules entries, split by whether only development needs them. */
export function lockedPackages(root = ROOT): { dev: string[]; production: string[] } {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as LockFile;
  const dev: string[] = [];
  const production: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/')) continue;
    const name = path.slice('node_modules/'.length);
    if (name.includes('/node_modules/')) continue; // nested: goes with its parent
    (entry.dev === true ? dev : production).push(name);
  }
  return { dev: dev.sort(), production: production.sort() };
}

/** The generated block of .webappignore. */
export function devOnlyBlock(root = ROOT): string {
  return [
    BEGIN_MARKER,
    '# npx tsx tests/infra/webappignore.ts --write',
    ...lockedPackages(root).dev.map((name) => `/node_modules/${name}/`),
    END_MARKER,
  ].join('\n');
}

/** .webappignore with its generated block replaced by the current one. */
export function withCurrentBlock(text: string, root = ROOT): string {
  const begin = text.indexOf(BEGIN_MARKER);
  const end = text.indexOf(END_MARKER);
  if (begin === -1 || end === -1) throw new Error('.webappignore has no generated block');
  return `${text.slice(0, begin)}${devOnlyBlock(root)}${text.slice(end + END_MARKER.length)}`;
}

/** The matcher Teams Toolkit builds from .webappignore. */
export function webAppIgnore(text = readFileSync(WEBAPPIGNORE, 'utf8')): Ignore {
  return ignore().add(text);
}

/**
 * Whether a project path ends up in the zip: Teams Toolkit does not descend into an ignored
 * directory, so every parent must survive too.
 */
export function isDeployed(matcher: Ignore, relativePath: string): boolean {
  const segments = relativePath.split('/');
  for (let i = 1; i <= segments.length; i += 1) {
    if (matcher.test(segments.slice(0, i).join('/')).ignored) return false;
  }
  return true;
}

if (require.main === module) {
  if (process.argv[2] !== '--write') {
    console.error('Usage: npx tsx tests/infra/webappignore.ts --write');
    process.exit(2);
  }
  writeFileSync(WEBAPPIGNORE, withCurrentBlock(readFileSync(WEBAPPIGNORE, 'utf8')));
  console.log(`.webappignore: ${lockedPackages().dev.length} dev-only packages listed`);
}

/**
 * Builds the Teams app package that is uploaded to Teams (Developer Portal, Teams admin center,
 * "Upload a custom app"): a zip of manifest.json, color.png and outline.png at its root.
 *
 *   npm run package                           values from environment variables only
 *   npm run package -- --env dev              values from env/.env.dev (environment variables
 *                                             that are set and not empty take precedence)
 *   npm run package -- --env-file <path>      values from another dotenv file
 *   npm run package -- --out <path.zip>       another output file (default
 *                                             appPackage/build/appPackage.zip, git-ignored)
 *
 * appPackage/manifest.json is a Teams Toolkit template: each ${{NAME}} placeholder is replaced by
 * the value of NAME. A variable that is unset or empty (APP_NAME_SUFFIX excepted: it defaults to
 * empty) stops the build with the list of every missing one. The filled manifest is then checked against the
 * official Teams manifest schema of its manifestVersion, bundled in @microsoft/app-manifest
 * (nothing is fetched), and the icons against the sizes Teams requires (192x192 and 32x32).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import AdmZip from 'adm-zip';
import { AppManifestUtils } from '@microsoft/app-manifest';

export const ROOT = resolve(__dirname, '..');
export const APP_PACKAGE_DIR = join(ROOT, 'appPackage');
export const DEFAULT_OUT = join(APP_PACKAGE_DIR, 'build', 'appPackage.zip');

/** Placeholders that may be empty or unset (the production app has no name suffix). */
export const MAY_BE_EMPTY: ReadonlySet<string> = new Set(['APP_NAME_SUFFIX']);

/** The icon sizes Teams requires, by manifest.icons key. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A problem the person running the script can fix; printed without a stack trace. */
export class PackageError extends Error {
  override name = 'PackageError';
}

export interface PackageOptions {
  /** A dotenv file (env/.env.dev...) with the placeholder values. */
  envFile?: string;
  /** The zip to write; default appPackage/build/appPackage.zip. */
  out?: string;
  /** Environment variables; default process.env. Set, non-empty ones override the env file. */
  environment?: NodeJS.ProcessEnv;
}

export interface PackageResult {
  zipPath: string;
  /** The filled manifest, as written into the zip. */
  manifest: Record<string, unknown>;
}

/** Parses `--env <name>`, `--env-file <path>` and `--out <path>` (also in the `--x=y` form). */
export function parseArgs(argv: readonly string[]): Pick<PackageOptions, 'envFile' | 'out'> {
  const options: Pick<PackageOptions, 'envFile' | 'out'> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new PackageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--env': {
        const env = value();
        if (!/^[A-Za-z0-9_-]+$/.test(env)) throw new PackageError(`bad environment name: ${env}`);
        options.envFile = join(ROOT, 'env', `.env.${env}`);
        break;
      }
      case '--env-file':
        options.envFile = resolve(value());
        break;
      case '--out':
        options.out = resolve(value());
        break;
      default:
        throw new PackageError(
          `unknown argument ${arg}\nusage: npm run package -- [--env <name> | --env-file <path>] [--out <file.zip>]`,
        );
    }
  }
  return options;
}

/** Reads a dotenv file the way Teams Toolkit writes them: KEY=value, optional quotes, # comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, '').trim();
    values[m[1]!] = value;
  }
  return values;
}

/** The placeholder names used anywhere in a JSON value, sorted. */
export function placeholdersIn(value: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(PLACEHOLDER)) names.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return [...names].sort();
}

/**
 * Replaces the placeholders in every string of a JSON value (keys are left alone). Values are
 * inserted into parsed strings, never into JSON text, so a quote in a value cannot break out.
 */
export function fillPlaceholders<T>(value: T, values: Record<string, string>): T {
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(PLACEHOLDER, (_, name: string) => values[name]!);
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    }
    return v;
  };
  return fill(value) as T;
}

/** The bundled schema file of a manifest version, e.g. "1.19". */
export function manifestSchemaPath(manifestVersion: string): string {
  if (!/^(\d+\.\d+|devPreview)$/.test(manifestVersion)) {
    throw new PackageError(`manifestVersion "${manifestVersion}" is not a schema version`);
  }
  const build = dirname(require.resolve('@microsoft/app-manifest'));
  return join(build, 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Loads the official Teams manifest JSON schema of a version from @microsoft/app-manifest. */
export function loadManifestSchema(manifestVersion: string): Record<string, unknown> {
  const file = manifestSchemaPath(manifestVersion);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PackageError(
      `@microsoft/app-manifest has no schema for manifestVersion ${manifestVersion} (${file})`,
    );
  }
  // The same clean-up as AppManifestUtils.fetchSchema: some published patterns use \a and \v,
  // which JSON does not allow.
  return JSON.parse(text.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as Record<
    string,
    unknown
  >;
}

/**
 * Validates a filled manifest against the schema of its manifestVersion with Microsoft's own
 * validator (AppManifestUtils.validateAgainstSchema, the one Teams Toolkit uses). Returns the
 * errors, empty when valid.
 */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['/manifestVersion is missing'];
  const schema = loadManifestSchema(version);
  type Args = Parameters<typeof AppManifestUtils.validateAgainstSchema>;
  return AppManifestUtils.validateAgainstSchema(manifest as Args[0], schema as Args[1]);
}

/** Width and height of a PNG file, from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature)) {
    throw new PackageError('not a PNG file');
  }
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new PackageError('PNG without IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Fills the manifest, checks it and the icons, and writes the zip. */
export async function buildAppPackage(options: PackageOptions = {}): Promise<PackageResult> {
  const environment = options.environment ?? process.env;
  const out = options.out ?? DEFAULT_OUT;

  let fromFile: Record<string, string> = {};
  if (options.envFile) {
    let text: string;
    try {
      text = readFileSync(options.envFile, 'utf8');
    } catch {
      throw new PackageError(`cannot read the env file ${display(options.envFile)}`);
    }
    fromFile = parseEnvFile(text);
  }

  const manifestFile = join(APP_PACKAGE_DIR, 'manifest.json');
  const template = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  const names = placeholdersIn(template);

  const secrets = names.filter((name) => name.startsWith('SECRET_'));
  if (secrets.length > 0) {
    throw new PackageError(`the manifest must not use secrets: ${secrets.join(', ')}`);
  }

  // Teams Toolkit's precedence: a variable set (and not empty) in the environment wins.
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const fromEnvironment = environment[name];
    const value = fromEnvironment ? fromEnvironment : (fromFile[name] ?? fromEnvironment);
    if (MAY_BE_EMPTY.has(name)) values[name] = value ?? '';
    else if (!value) missing.push(name);
    else values[name] = value;
  }
  if (missing.length > 0) {
    const where = options.envFile
      ? `the environment or ${display(options.envFile)}`
      : 'the environment (or pass --env <name> to read env/.env.<name>)';
    throw new PackageError(
      `cannot build the app package: ${missing.length === 1 ? 'this variable is' : 'these variables are'} ` +
        `missing or empty: ${missing.join(', ')}.\n` +
        `Set ${missing.length === 1 ? 'it' : 'them'} in ${where}. ` +
        'TEAMS_APP_ID and BOT_ID are written by `teamsapp provision`, BOT_DOMAIN by provision ' +
        '(dev) or the tunnel (local).',
    );
  }

  const manifest = fillPlaceholders(template, values);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    throw new PackageError(
      `the filled manifest does not match the Teams manifest schema ${String(manifest.manifestVersion)}:\n` +
        errors.map((e) => `  - ${e}`).join('\n'),
    );
  }

  const icons = manifest.icons as Record<keyof typeof ICON_SIZES, string>;
  const files: [string, Buffer][] = [];
  for (const [key, size] of Object.entries(ICON_SIZES) as [keyof typeof ICON_SIZES, number][]) {
    const name = icons[key];
    if (typeof name !== 'string' || !/^[\w.-]+\.png$/.test(name)) {
      throw new PackageError(`icons.${key} must be a PNG file name next to manifest.json`);
    }
    const png = readFileSync(join(APP_PACKAGE_DIR, name));
    const { width, height } = pngSize(png);
    if (width !== size || height !== size) {
      throw new PackageError(`${name} is ${width}x${height}; Teams needs ${size}x${size}`);
    }
    files.push([name, png]);
  }

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  for (const [name, png] of files) zip.addFile(name, png);
  mkdirSync(dirname(out), { recursive: true });
  zip.writeZip(out);
  return { zipPath: out, manifest };
}

async function main(): Promise<void> {
  try {
    const options = parseArgs(process.argv.slice(2));
    const { zipPath, manifest } = await buildAppPackage(options);
    const bots = manifest.bots as { botId: string }[];
    console.log(
      `wrote ${display(zipPath)}: manifest ${String(manifest.manifestVersion)} (valid), ` +
        `app ${String(manifest.id)} version ${String(manifest.version)}, bot ${bots[0]?.botId}`,
    );
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(`npm run package: ${error.message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();

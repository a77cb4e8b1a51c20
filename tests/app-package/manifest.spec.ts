/**
 * Checks the Teams app package: appPackage/manifest.json and its two icons.
 *
 * The manifest is a Teams Toolkit template: ${{NAME}} placeholders are filled from
 * env/.env.<environment> when the package is zipped. These tests check it, filled with sample
 * values, against the official Teams manifest schema of its manifestVersion (the copy bundled in
 * @microsoft/app-manifest: nothing is fetched), and the shape Lockdown needs (the bot, its
 * commands, resource-specific consent).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { colorIcon, outlineIcon } from '../../scripts/make-icons';
import {
  loadManifestSchema,
  manifestSchemaPath,
  validateManifest,
} from '../../scripts/package-app';
import { SAMPLE_VALUES } from './samples';

const root = resolve(__dirname, '..', '..');
const appPackage = join(root, 'appPackage');

interface Command {
  title: string;
  description: string;
}
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  isNotificationOnly?: boolean;
  commandLists?: { scopes: string[]; commands: Command[] }[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  icons: { color: string; outline: string };
  name: { short: string; full: string };
  description: { short: string; full: string };
  accentColor: string;
  bots: Bot[];
  validDomains?: string[];
  webApplicationInfo?: { id: string; resource: string };
  authorization?: { permissions?: { resourceSpecific?: { name: string; type: string }[] } };
  [key: string]: unknown;
}

const manifestText = readFileSync(join(appPackage, 'manifest.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;

function fill(text: string): string {
  return text.replace(/\$\{\{([A-Z][A-Z0-9_]*)\}\}/g, (_, name: string) => {
    const value = SAMPLE_VALUES[name];
    assert.ok(value !== undefined, `no sample value for placeholder ${name}`);
    return value;
  });
}

const filled = JSON.parse(fill(manifestText)) as Manifest;

/** Every string in a JSON value, with its path. */
function strings(value: unknown, path = '$'): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  }
  return [];
}

/** Keys defined in a dotenv file (comments and blank lines ignored). */
function envKeys(file: string): Set<string> {
  const keys = new Set<string>();
  for (const line of readFileSync(join(root, 'env', file), 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m) keys.add(m[1]!);
  }
  return keys;
}

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

describe('app package: manifest.json against the official schema', () => {
  it('names the schema of its manifestVersion, which @microsoft/app-manifest bundles', () => {
    assert.equal(
      manifest.$schema,
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    assert.match(manifestSchemaPath(manifest.manifestVersion), /node_modules/);
    const schema = loadManifestSchema(manifest.manifestVersion);
    const properties = schema.properties as Record<string, { const?: string }>;
    assert.equal(properties.manifestVersion?.const, manifest.manifestVersion);
  });

  it('validates, filled with sample values, against that schema', async () => {
    assert.deepEqual(await validateManifest(filled), []);
  });

  it('the validator does refuse what the schema forbids', async () => {
    const broken = structuredClone(filled);
    broken.name.short = 'L'.repeat(31);
    broken.id = 'not-a-guid';
    broken.bots[0]!.scopes = ['everywhere'];
    (broken as Record<string, unknown>).unknownField = true;
    const errors = await validateManifest(broken);
    for (const where of ['/name/short', '/id', '/bots/0/scopes/0']) {
      assert.ok(
        errors.some((e) => e.startsWith(`${where} `)),
        `${where} reported in ${errors.join('; ')}`,
      );
    }
    assert.ok(
      errors.some((e) => /additional properties/.test(e)),
      errors.join('; '),
    );
  });
});

describe('app package: manifest.json', () => {
  it('uses the 1.19 schema and has the required top-level fields', () => {
    assert.equal(
      manifest.$schema,
      'https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json',
    );
    assert.equal(manifest.manifestVersion, '1.19');
    assert.equal(manifest.version, '1.0.0');
    assert.equal(manifest.id, '${{TEAMS_APP_ID}}');
    assert.match(filled.id, GUID);
    assert.match(manifest.accentColor, /^#[0-9a-fA-F]{6}$/);
    assert.deepEqual(manifest.icons, { color: 'color.png', outline: 'outline.png' });
  });

  it('has developer information with https URLs', () => {
    const d = manifest.developer;
    assert.equal(d.name, 'Lockdown project');
    assert.ok(d.name.length <= 32);
    for (const url of [d.websiteUrl, d.privacyUrl, d.termsOfUseUrl]) {
      assert.match(url, /^https:\/\/[^\s]+$/);
      assert.ok(url.length <= 2048);
    }
  });

  it('has names and descriptions within the schema limits', () => {
    assert.equal(manifest.name.short, 'Lockdown${{APP_NAME_SUFFIX}}');
    assert.equal(manifest.name.short.replace('${{APP_NAME_SUFFIX}}', ''), 'Lockdown');
    assert.ok(filled.name.short.length <= 30, 'short name <= 30');
    assert.equal(manifest.name.full, 'Lockdown: contain a compromised account');
    assert.ok(manifest.name.full.length <= 100, 'full name <= 100');

    const { short, full } = manifest.description;
    assert.ok(short.length > 0 && short.length <= 80, `short description is ${short.length} chars`);
    assert.ok(full.length > 0 && full.length <= 4000, `full description is ${full.length} chars`);
    assert.notEqual(short, full);
    assert.match(full, /\/lockdown/);
    assert.match(full, /approv/i, 'the full description says that an approval is needed');
  });

  it('declares one team-scoped bot with the lockdown, unlock and help commands', () => {
    assert.equal(manifest.bots.length, 1);
    const bot = manifest.bots[0]!;
    assert.equal(bot.botId, '${{BOT_ID}}');
    assert.match(filled.bots[0]!.botId, GUID);
    assert.deepEqual(bot.scopes, ['team']);
    assert.equal(bot.supportsFiles, false);
    assert.equal(bot.isNotificationOnly, false);

    assert.equal(bot.commandLists?.length, 1);
    const list = bot.commandLists[0]!;
    assert.deepEqual(list.scopes, ['team']);
    assert.deepEqual(
      list.commands.map((c) => c.title),
      ['lockdown', 'unlock', 'help'],
    );
    assert.equal(
      list.commands[0]!.description,
      'Contain an account: /lockdown user@domain [--keep-enabled] [--dry-run] [--all | --remove-mfa, --disable-mail-rules, …]',
    );
    assert.match(
      list.commands[1]!.description,
      /^Undo a lockdown: \/unlock user@domain \[--dry-run\]/,
    );
    for (const c of list.commands) {
      assert.ok(c.title.length >= 1 && c.title.length <= 32, `title "${c.title}" <= 32`);
      assert.ok(c.description.length >= 1 && c.description.length <= 128, `"${c.title}" <= 128`);
    }
    // Every command list's scopes must be scopes of the bot.
    for (const l of bot.commandLists) for (const s of l.scopes) assert.ok(bot.scopes.includes(s));
  });

  it('asks for resource-specific consent to read channel messages without an @mention', () => {
    assert.deepEqual(manifest.authorization?.permissions?.resourceSpecific, [
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
    ]);
    assert.deepEqual(manifest.webApplicationInfo, {
      id: '${{BOT_ID}}',
      resource: 'api://botid-${{BOT_ID}}',
    });
  });

  it('lists the bot domain as its only valid domain', () => {
    assert.deepEqual(manifest.validDomains, ['${{BOT_DOMAIN}}']);
    for (const domain of filled.validDomains ?? []) {
      assert.doesNotMatch(domain, /^https?:|\//, 'a domain, not a URL');
    }
  });

  it('uses only well-formed ${{NAME}} placeholders that both environments define', () => {
    const used = new Set<string>();
    for (const [path, value] of strings(manifest)) {
      // Drop the well-formed placeholders; nothing template-like may remain.
      const rest = value.replace(/\$\{\{([A-Z][A-Z0-9_]*)\}\}/g, (_, name: string) => {
        used.add(name);
        return '';
      });
      assert.doesNotMatch(rest, /\$\{|\{\{|\}\}/, `malformed placeholder at ${path}: ${value}`);
    }
    assert.deepEqual([...used].sort(), ['APP_NAME_SUFFIX', 'BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    for (const name of used) assert.ok(!name.startsWith('SECRET_'), `${name} is a secret`);
    for (const file of ['.env.dev', '.env.local']) {
      const keys = envKeys(file);
      for (const name of used) assert.ok(keys.has(name), `env/${file} defines ${name}`);
    }
  });
});

// -----------------------------------------------------------------------------------------------
// A minimal PNG reader: 8-bit greyscale/RGB/RGBA, not interlaced, all five row filters.
// -----------------------------------------------------------------------------------------------

interface Png {
  width: number;
  height: number;
  colorType: number;
  /** Unfiltered samples, `channels` bytes per pixel, rows packed. */
  pixels: Buffer;
  channels: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function readPng(file: Buffer): Png {
  assert.ok(file.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature');
  const chunks: { type: string; data: Buffer }[] = [];
  for (let off = 8; off < file.length;) {
    assert.ok(off + 12 <= file.length, 'truncated chunk');
    const length = file.readUInt32BE(off);
    const type = file.toString('latin1', off + 4, off + 8);
    const data = file.subarray(off + 8, off + 8 + length);
    const crc = file.readUInt32BE(off + 8 + length);
    assert.equal(crc, crc32(file.subarray(off + 4, off + 8 + length)), `CRC of ${type}`);
    chunks.push({ type, data });
    off += 12 + length;
  }
  assert.equal(chunks[0]?.type, 'IHDR', 'IHDR comes first');
  assert.equal(chunks.at(-1)?.type, 'IEND', 'IEND comes last');

  const ihdr = chunks[0].data;
  assert.equal(ihdr.length, 13);
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const [bitDepth, colorType, compression, filterMethod, interlace] = [...ihdr.subarray(8, 13)];
  assert.equal(bitDepth, 8, 'bit depth 8');
  assert.equal(compression, 0);
  assert.equal(filterMethod, 0);
  assert.equal(interlace, 0, 'not interlaced');
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType!];
  assert.ok(channels, `supported colour type (got ${colorType})`);

  const raw = inflateSync(
    Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)),
  );
  const stride = width * channels;
  assert.equal(raw.length, (stride + 1) * height, 'IDAT holds exactly the image');

  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >>> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          assert.fail(`unknown filter type ${filter} on row ${y}`);
      }
      out[i] = (line[i]! + predictor) & 0xff;
    }
  }
  return { width, height, colorType: colorType!, pixels, channels };
}

/** RGBA of every pixel, whatever the colour type. */
function* rgba(png: Png): Generator<[number, number, number, number]> {
  const { pixels, channels } = png;
  for (let i = 0; i < pixels.length; i += channels) {
    if (channels === 1) yield [pixels[i]!, pixels[i]!, pixels[i]!, 255];
    else if (channels === 2) yield [pixels[i]!, pixels[i]!, pixels[i]!, pixels[i + 1]!];
    else if (channels === 3) yield [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, 255];
    else yield [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
  }
}

describe('app package: icons', () => {
  const color = readPng(readFileSync(join(appPackage, manifest.icons.color)));
  const outline = readPng(readFileSync(join(appPackage, manifest.icons.outline)));

  it('color.png is a 192x192 PNG with more than one colour', () => {
    assert.equal(color.width, 192);
    assert.equal(color.height, 192);
    const colours = new Set([...rgba(color)].map((p) => p.join(',')));
    assert.ok(colours.size > 2, 'not a blank square');
  });

  it('outline.png is a 32x32 PNG with an alpha channel', () => {
    assert.equal(outline.width, 32);
    assert.equal(outline.height, 32);
    assert.ok(outline.colorType === 4 || outline.colorType === 6, 'has an alpha channel');
  });

  it('outline.png has only white or fully transparent pixels', () => {
    let white = 0;
    let transparent = 0;
    for (const [r, g, b, a] of rgba(outline)) {
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255) white++;
      else assert.fail(`pixel (${r},${g},${b},${a}) is neither white nor fully transparent`);
    }
    assert.ok(white > 32 * 32 * 0.2, `a visible shape (${white} white pixels)`);
    assert.ok(transparent > 32 * 32 * 0.2, `a transparent background (${transparent} pixels)`);
  });

  it('scripts/make-icons.ts draws exactly the committed icons', () => {
    // Compared after decoding: another zlib may compress the same pixels differently.
    assert.ok(readPng(colorIcon()).pixels.equals(color.pixels), 'color.png is up to date');
    assert.ok(readPng(outlineIcon()).pixels.equals(outline.pixels), 'outline.png is up to date');
  });
});

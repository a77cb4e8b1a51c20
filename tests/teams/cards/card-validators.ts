/**
 * Microsoft's two judges of an Adaptive Card: its renderer library (`adaptivecards`), which
 * reports what it cannot parse, and the published JSON schema of the card's version.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdaptiveCard } from '../../../src/teams/cards';

/**
 * The package's `main` is an ES module build with extensionless imports that Node cannot
 * load; the UMD bundle is the same library in one file.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** The vendored schemas, by the card `version` they validate (see schema/README.md). */
const SCHEMA_FILES: Readonly<Record<string, string>> = {
  '1.5': join(__dirname, 'schema', '1.5.0', 'adaptive-card.json'),
};

/**
 * Teams' own extension of the card, documented by Microsoft for Teams ("Full width Adaptive
 * Card": `"msteams": { "width": "Full" }`) but not part of the Adaptive Cards schema, whose
 * AdaptiveCard has `additionalProperties: false`. Only this exact shape is allowed.
 */
const TEAMS_MSTEAMS_PROPERTY = {
  type: 'object',
  properties: { width: { enum: ['Full'] } },
  required: ['width'],
  additionalProperties: false,
} as const;

/** Reads a vendored schema and makes it loadable by Ajv 8, changing nothing it validates. */
function loadSchema(file: string): Record<string, unknown> {
  const { id, definitions, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as {
    id: string;
    definitions: Record<string, { properties: Record<string, unknown> }>;
  };
  const card = definitions['AdaptiveCard'];
  if (!card) throw new Error(`${file} has no AdaptiveCard definition`);
  return {
    ...rest,
    // The file says draft-06 but names itself with draft-04's `id`, which Ajv 8 refuses.
    $id: id,
    definitions: {
      ...definitions,
      AdaptiveCard: {
        ...card,
        properties: { ...card.properties, msteams: TEAMS_MSTEAMS_PROPERTY },
      },
    },
  };
}

/** One compiled validator per schema version, built on first use. */
const validators = new Map<string, ValidateFunction>();

function validatorFor(version: string): ValidateFunction {
  const known = validators.get(version);
  if (known) return known;
  const file = SCHEMA_FILES[version];
  if (!file) throw new Error(`no vendored schema for card version ${version}`);
  const ajv = new Ajv({
    allErrors: true,
    // The schema leaves `type` off enum-like `pattern`/`required` branches; that is a style
    // warning about the schema itself, not about the cards it validates.
    strictTypes: false,
  });
  ajv.addMetaSchema(draft06);
  // Annotations the Adaptive Cards schema adds for its own tooling (docs, feature ids).
  ajv.addVocabulary(['version', 'features', 'example']);
  addFormats(ajv);
  const validate = ajv.compile(loadSchema(file));
  validators.set(version, validate);
  return validate;
}

/** Schema errors of `card` against the schema of its own `version`, as readable lines. */
export function schemaErrors(card: AdaptiveCard): string[] {
  const validate = validatorFor(card.version);
  if (validate(card)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) =>
      `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

/** What the `adaptivecards` library reported while parsing and validating `card`. */
export function rendererEvents(card: AdaptiveCard): string[] {
  const version = AC.Version.parse(card.version, new AC.SerializationContext());
  const context = new AC.SerializationContext(version);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) {
    const e = context.getEventAt(i);
    events.push(`${AC.ValidationPhase[e.phase]} ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    events.push(`Validation ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return events;
}

/**
 * The card as the library understood it, serialised again and {@link normalised}: the
 * library drops what it did not understand, which is what a comparison with the original
 * catches.
 */
export function rendererRoundTrip(card: AdaptiveCard): unknown {
  const version = AC.Version.parse(card.version, new AC.SerializationContext());
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, new AC.SerializationContext(version));
  return normalised(parsed.toJSON(new AC.SerializationContext(version)));
}

/**
 * A JSON value as the library writes it: strings in lower case (it writes enum values in its
 * own case, "Bolder") and without empty arrays (it leaves them out, e.g. an empty Column's items).
 */
export function normalised(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    if (typeof v === 'string') return v.toLowerCase();
    return Array.isArray(v) && v.length === 0 ? undefined : v;
  });
}

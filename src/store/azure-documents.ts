/**
 * How values become entity properties: JSON documents that may outgrow one property, the
 * typed readers, and the rules for PartitionKey and RowKey.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TableEntityResult } from '@azure/data-tables';

/** An entity as the SDK returns it. */
export type Entity = TableEntityResult<Record<string, unknown>>;
/** Properties the store writes. */
export type Properties = Record<string, string | number | Uint8Array>;

/** A string property holds at most 64 KiB of UTF-16, i.e. 32,768 characters; leave some margin. */
const MAX_STRING_CHARS = 32_000;
/** A binary property holds at most 64 KiB. */
const MAX_BINARY_BYTES = 64_000;
/** An entity holds at most 1 MiB and 255 properties: keep compressed documents well below. */
const MAX_BINARY_PARTS = 15;
/** Characters Azure Tables refuses in PartitionKey and RowKey (besides control characters). */
const FORBIDDEN_KEY_CHARACTERS = ['/', '\\', '#', '?'];

/**
 * Stores a JSON document in one string property when it fits (readable in Storage Explorer),
 * otherwise gzipped and split across binary properties `<name>_gz_0..n`.
 */
export function encodeDocument(name: string, value: unknown, what: string): Properties {
  const json = JSON.stringify(value);
  if (json.length <= MAX_STRING_CHARS) return { [name]: json };
  const zipped = gzipSync(json);
  const parts = Math.ceil(zipped.length / MAX_BINARY_BYTES);
  if (parts > MAX_BINARY_PARTS) {
    throw new Error(
      `The ${what} is too large for Azure Table Storage: ${json.length} characters of JSON, ${zipped.length} bytes compressed (limit ${MAX_BINARY_PARTS * MAX_BINARY_BYTES}).`,
    );
  }
  const properties: Properties = { [`${name}_gz_parts`]: parts };
  for (let part = 0; part < parts; part++) {
    properties[`${name}_gz_${part}`] = new Uint8Array(
      zipped.subarray(part * MAX_BINARY_BYTES, (part + 1) * MAX_BINARY_BYTES),
    );
  }
  return properties;
}

/**
 * The properties to Merge into `current` so that document `name` then reads as `value` (or as
 * absent): a Merge cannot delete a property, so every part of the old encoding that the new one
 * does not overwrite is blanked (an empty string, which {@link decodeDocument} reads as absent).
 */
export function replaceDocument(
  name: string,
  value: unknown,
  current: Entity | undefined,
  what: string,
): Properties {
  const properties = value === undefined ? {} : encodeDocument(name, value, what);
  for (const property of Object.keys(current ?? {})) {
    const part = property === name || property.startsWith(`${name}_gz_`);
    if (part && !(property in properties) && current?.[property] !== '') {
      properties[property] = '';
    }
  }
  return properties;
}

/** Reads back what {@link encodeDocument} wrote; `undefined` when the property is absent. */
export function decodeDocument<T>(entity: Entity, name: string): T | undefined {
  const json = optionalString(entity, name);
  if (json !== undefined) return JSON.parse(json) as T;
  const partsValue = entity[`${name}_gz_parts`];
  // Blanked by replaceDocument: the document was removed.
  if (partsValue === undefined || partsValue === '') return undefined;
  const parts = Number(partsValue);
  const chunks: Uint8Array[] = [];
  for (let part = 0; part < parts; part++) {
    const chunk = entity[`${name}_gz_${part}`];
    if (!(chunk instanceof Uint8Array)) {
      throw new Error(
        `Entity ${entity.partitionKey}/${entity.rowKey} is missing part ${part} of ${parts} of ${name}.`,
      );
    }
    chunks.push(chunk);
  }
  return JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as T;
}

export function stringProperty(entity: Entity, name: string): string {
  const value = entity[name];
  if (typeof value !== 'string') {
    throw new Error(`Entity ${entity.partitionKey}/${entity.rowKey} has no text property ${name}.`);
  }
  return value;
}

/** A text property; `undefined` when absent or blanked (Merge cannot delete, so we blank). */
export function optionalString(entity: Entity, name: string): string | undefined {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A whole-number property; 0 when absent or blanked. */
export function countProperty(entity: Entity | undefined, name: string): number {
  const value = Number(entity?.[name] ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** Why `key` cannot be a PartitionKey or RowKey, or `undefined` if it can. */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'is empty';
  if (key.length > 1024) return 'is longer than 1024 characters';
  for (const character of key) {
    const code = character.charCodeAt(0);
    if (
      FORBIDDEN_KEY_CHARACTERS.includes(character) ||
      code <= 0x1f ||
      (code >= 0x7f && code <= 0x9f)
    ) {
      return 'contains / \\ # ? or a control character';
    }
  }
  return undefined;
}

/** Throws, saying why, when `key` cannot be a PartitionKey or RowKey. */
export function requireKey(what: string, key: string): void {
  const problem = keyProblem(key);
  if (problem)
    throw new Error(`The ${what} "${key}" cannot be stored in Azure Tables: it ${problem}.`);
}

/** Plain code-unit order, as SQLite's ORDER BY on text. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

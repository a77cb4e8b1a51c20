/**
 * Microsoft's published ARM resource schemas (github.com/Azure/azure-resource-manager-schemas,
 * `schemas/<apiVersion>/<namespace>.json`): where a resource type's definition is, and which
 * property names an object in it accepts. Used by the vendoring script and the Bicep test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The part of a schema file kept here. */
export interface SchemaFile {
  readonly id?: string;
  readonly $schema?: string;
  readonly title?: string;
  readonly description?: string;
  readonly resourceDefinitions?: Record<string, JsonSchema>;
  readonly definitions?: Record<string, JsonSchema>;
}

/** A JSON schema node, loosely. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly properties?: Record<string, JsonSchema>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly type?: string;
  readonly [key: string]: unknown;
}

/** `Microsoft.Web/sites/config` -> namespace `Microsoft.Web`, definition key `sites_config`. */
export function splitType(type: string): { namespace: string; key: string } {
  const [namespace, ...segments] = type.split('/');
  if (!namespace || segments.length === 0) throw new Error(`not a resource type: ${type}`);
  return { namespace, key: segments.join('_') };
}

/** The file holding a type's schema at an API version, relative to a schemas folder. */
export function schemaPath(type: string, apiVersion: string): string {
  return join(apiVersion, `${splitType(type).namespace}.json`);
}

/** Reads a schema file, or undefined when it is not there. */
export function readSchemaFile(root: string, relativePath: string): SchemaFile | undefined {
  const path = join(root, relativePath);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SchemaFile) : undefined;
}

/** A resource type's definition in a schema file, at whatever scope it is declared. */
export function resourceDefinition(file: SchemaFile, type: string): JsonSchema | undefined {
  const { key } = splitType(type);
  for (const [section, definitions] of Object.entries(file)) {
    if (!/resourceDefinitions$/i.test(section) || typeof definitions !== 'object') continue;
    const definition = (definitions as Record<string, JsonSchema>)[key];
    if (definition) return definition;
  }
  return undefined;
}

/** The local `#/definitions/X` names a node refers to, directly or below. */
function localRefs(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) localRefs(item, found);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      found.add(value.slice('#/definitions/'.length));
    } else {
      localRefs(value, found);
    }
  }
}

/** The definitions a set of nodes needs, transitively. */
export function definitionClosure(file: SchemaFile, roots: readonly unknown[]): Set<string> {
  const needed = new Set<string>();
  const queue = new Set<string>();
  for (const root of roots) localRefs(root, queue);
  while (queue.size > 0) {
    const [name] = queue;
    queue.delete(name!);
    if (needed.has(name!)) continue;
    needed.add(name!);
    const next = new Set<string>();
    localRefs(file.definitions?.[name!], next);
    for (const ref of next) if (!needed.has(ref)) queue.add(ref);
  }
  return needed;
}

/** What a schema node, followed through references and alternatives, accepts as an object. */
export interface ObjectShape {
  /** Named properties, each with the nodes that describe its value. */
  readonly properties: Map<string, JsonSchema[]>;
  /** True when any name is accepted (a map such as tags or app settings). */
  readonly open: boolean;
  /** Item nodes, when the node is an array. */
  readonly items: JsonSchema[];
}

function resolve(file: SchemaFile, node: JsonSchema): JsonSchema | undefined {
  if (node.$ref === undefined) return node;
  if (!node.$ref.startsWith('#/definitions/')) return undefined; // common expression etc.
  return file.definitions?.[node.$ref.slice('#/definitions/'.length)];
}

/** Merges every alternative (oneOf, anyOf, allOf) of the nodes into one object shape. */
export function objectShape(file: SchemaFile, nodes: readonly JsonSchema[]): ObjectShape {
  const shape = {
    properties: new Map<string, JsonSchema[]>(),
    open: false,
    items: [] as JsonSchema[],
  };
  const seen = new Set<JsonSchema>();
  const visit = (raw: JsonSchema): void => {
    const node = resolve(file, raw);
    if (!node || seen.has(node)) return;
    seen.add(node);
    for (const [name, value] of Object.entries(node.properties ?? {})) {
      shape.properties.set(name, [...(shape.properties.get(name) ?? []), value]);
    }
    if (node.additionalProperties !== undefined && node.additionalProperties !== false) {
      shape.open = true;
    }
    if (node.items) shape.items.push(node.items);
    for (const alternative of [
      ...(node.oneOf ?? []),
      ...(node.anyOf ?? []),
      ...(node.allOf ?? []),
    ]) {
      visit(alternative);
    }
  };
  for (const node of nodes) visit(node);
  return shape;
}

/**
 * Checks a property path (`properties.siteConfig.minTlsVersion`, `[]` for array items) against a
 * resource definition: returns the first segment the schema does not know, or undefined when
 * every segment is known (or lies below an open map).
 */
export function unknownSegment(
  file: SchemaFile,
  definition: JsonSchema,
  path: string,
): string | undefined {
  let nodes: JsonSchema[] = [definition];
  const segments = path
    .split('.')
    .flatMap((segment) => (segment.endsWith('[]') ? [segment.slice(0, -2), '[]'] : [segment]));
  for (const segment of segments) {
    const shape = objectShape(file, nodes);
    if (segment === '[]') {
      nodes = shape.items;
      continue;
    }
    const next = shape.properties.get(segment);
    if (next) {
      nodes = next;
      continue;
    }
    return shape.open ? undefined : segment;
  }
  return undefined;
}

/**
 * The string values a property path accepts, when every alternative of its schema is an enum (or
 * an ARM expression, which a literal is not); undefined when any string is accepted.
 */
export function allowedValues(
  file: SchemaFile,
  definition: JsonSchema,
  path: string,
): string[] | undefined {
  const segments = path.split('.');
  const last = segments.pop()!;
  let nodes: JsonSchema[] = [definition];
  for (const segment of segments) nodes = objectShape(file, nodes).properties.get(segment) ?? [];
  const leaves = objectShape(file, nodes).properties.get(last) ?? [];
  const values: string[] = [];
  let free = false;
  const visit = (raw: JsonSchema): void => {
    if (raw.$ref !== undefined && !raw.$ref.startsWith('#/definitions/')) return; // expression
    const node = resolve(file, raw);
    if (!node) return;
    const alternatives = [...(node.oneOf ?? []), ...(node.anyOf ?? [])];
    if (node.enum) values.push(...node.enum.filter((v): v is string => typeof v === 'string'));
    else if (alternatives.length > 0) alternatives.forEach(visit);
    else free = true;
  };
  leaves.forEach(visit);
  return free || values.length === 0 ? undefined : values;
}

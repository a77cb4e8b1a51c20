/**
 * Reads the vendored CSDL subset (v1.0-subset.csdl.xml) into a small model: types with their
 * properties, navigation properties, base types and alternate keys; bound actions; entity sets
 * and singletons.
 * The reader understands just the XML CSDL uses (elements, double-quoted attributes, comments).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One XML element. Text content is not kept: CSDL says everything in attributes. */
interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
}

/** A type reference such as `Collection(graph.directoryObject)`, resolved. */
export interface TypeRef {
  /** Qualified with the namespace, e.g. `microsoft.graph.directoryObject` or `Edm.String`. */
  readonly type: string;
  readonly collection: boolean;
}

/** An entity or complex type, without what it inherits. */
export interface StructuredType {
  readonly name: string;
  readonly kind: 'entity' | 'complex';
  readonly baseType?: string;
  readonly properties: ReadonlyMap<string, TypeRef>;
  readonly navigation: ReadonlyMap<string, TypeRef>;
  /** Aliases of alternate keys, e.g. `userPrincipalName` for users. */
  readonly alternateKeys: readonly string[];
}

/** A bound action. */
export interface BoundAction {
  readonly name: string;
  readonly binding: TypeRef;
  /** The parameters after the binding one, with whether they may be left out. */
  readonly parameters: ReadonlyMap<string, TypeRef & { readonly nullable: boolean }>;
  readonly returnType?: TypeRef;
}

/** What the subset describes. */
export interface CsdlModel {
  readonly types: ReadonlyMap<string, StructuredType>;
  readonly actions: readonly BoundAction[];
  /** Entity set name to qualified entity type name. */
  readonly entitySets: ReadonlyMap<string, string>;
  /** Singleton name to qualified entity type name (e.g. `roleManagement`). */
  readonly singletons: ReadonlyMap<string, string>;
  /** Enumeration name (qualified) to its members, e.g. `microsoft.graph.riskLevel`. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
}

const NAMESPACE = 'microsoft.graph';
/** Defender's namespace (Defender for Identity's identity accounts, issue 11). */
const SECURITY_NAMESPACE = 'microsoft.graph.security';
const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([\w:.]+)\s*>|<([\w:.]+)((?:\s+[\w:.]+="[^"]*")*)\s*(\/?)>/g;

/** Parses the XML of a CSDL document into its root element. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const open: XmlElement[] = [root];
  for (const match of xml.matchAll(TOKEN)) {
    const [, closing, name, attributeText, selfClosing] = match;
    const current = open[open.length - 1]!;
    if (closing !== undefined) {
      if (current.name !== closing) throw new Error(`</${closing}> closes <${current.name}>`);
      open.pop();
    } else if (name !== undefined) {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of (attributeText ?? '').matchAll(/([\w:.]+)="([^"]*)"/g)) {
        attributes[key!] = decodeEntities(value!);
      }
      const element: XmlElement = { name, attributes, children: [] };
      current.children.push(element);
      if (!selfClosing) open.push(element);
    }
  }
  if (open.length !== 1) throw new Error(`<${open[open.length - 1]!.name}> is never closed`);
  return root;
}

function decodeEntities(text: string): string {
  return text.replace(/&(quot|amp|lt|gt|apos);/g, (_, entity: string) => {
    const characters: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };
    return characters[entity]!;
  });
}

/** The schemas' aliases: `graph` (microsoft.graph) and `self` (microsoft.graph.security). */
const ALIASES: Readonly<Record<string, string>> = {
  graph: NAMESPACE,
  self: SECURITY_NAMESPACE,
};

/** `graph.user`, `self.account` and `Collection(graph.user)` as qualified references. */
export function typeRef(text: string): TypeRef {
  const collection = /^Collection\((.+)\)$/.exec(text);
  const name = collection ? collection[1]! : text;
  const dot = name.indexOf('.');
  const alias = ALIASES[name.slice(0, dot)];
  const type = alias !== undefined ? `${alias}${name.slice(dot)}` : name;
  return { type, collection: Boolean(collection) };
}

function descendants(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...descendants(child, name),
  ]);
}

function structuredType(
  element: XmlElement,
  kind: 'entity' | 'complex',
  namespace: string,
): StructuredType {
  const members = (tag: string) =>
    new Map(
      element.children
        .filter((child) => child.name === tag)
        .map((child) => [child.attributes['Name']!, typeRef(child.attributes['Type']!)]),
    );
  const aliases = descendants(element, 'PropertyValue')
    .filter((value) => value.attributes['Property'] === 'Alias')
    .map((value) => value.attributes['String']!);
  const base = element.attributes['BaseType'];
  return {
    name: `${namespace}.${element.attributes['Name']!}`,
    kind,
    ...(base ? { baseType: typeRef(base).type } : {}),
    properties: members('Property'),
    navigation: members('NavigationProperty'),
    alternateKeys: aliases,
  };
}

function boundAction(element: XmlElement): BoundAction {
  const [binding, ...rest] = element.children.filter((child) => child.name === 'Parameter');
  if (element.attributes['IsBound'] !== 'true' || !binding) {
    throw new Error(`Action ${element.attributes['Name']} is not bound`);
  }
  const returns = element.children.find((child) => child.name === 'ReturnType');
  return {
    name: element.attributes['Name']!,
    binding: typeRef(binding.attributes['Type']!),
    parameters: new Map(
      rest.map((parameter) => [
        parameter.attributes['Name']!,
        {
          ...typeRef(parameter.attributes['Type']!),
          nullable: parameter.attributes['Nullable'] !== 'false',
        },
      ]),
    ),
    ...(returns ? { returnType: typeRef(returns.attributes['Type']!) } : {}),
  };
}

/** The model of a CSDL document: `microsoft.graph` first, then the other schemas it has. */
export function readModel(xml: string): CsdlModel {
  const root = parseXml(xml);
  const schemas = descendants(root, 'Schema');
  const [schema] = schemas;
  if (!schema || schema.attributes['Namespace'] !== NAMESPACE) throw new Error('No graph schema');
  const children = (tag: string) =>
    schemas.flatMap((each) =>
      each.children
        .filter((c) => c.name === tag)
        .map((c) => ({ element: c, namespace: each.attributes['Namespace']! })),
    );
  const types = [
    ...children('EntityType').map((c) => structuredType(c.element, 'entity', c.namespace)),
    ...children('ComplexType').map((c) => structuredType(c.element, 'complex', c.namespace)),
  ];
  return {
    types: new Map(types.map((type) => [type.name, type])),
    actions: children('Action').map((c) => boundAction(c.element)),
    entitySets: new Map(
      descendants(schema, 'EntitySet').map((set) => [
        set.attributes['Name']!,
        set.attributes['EntityType']!,
      ]),
    ),
    singletons: new Map(
      descendants(schema, 'Singleton').map((singleton) => [
        singleton.attributes['Name']!,
        typeRef(singleton.attributes['Type']!).type,
      ]),
    ),
    enums: new Map(
      children('EnumType').map((c) => [
        `${c.namespace}.${c.element.attributes['Name']!}`,
        c.element.children.filter((m) => m.name === 'Member').map((m) => m.attributes['Name']!),
      ]),
    ),
  };
}

let vendored: CsdlModel | undefined;

/** The vendored subset of Microsoft Graph v1.0's metadata (read once). */
export function graphV1Subset(): CsdlModel {
  vendored ??= readModel(readFileSync(join(__dirname, 'v1.0-subset.csdl.xml'), 'utf8'));
  return vendored;
}

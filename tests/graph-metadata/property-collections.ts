/**
 * Collection-valued structural properties addressed as a path segment, e.g. an incident's
 * `comments` (`Collection(microsoft.graph.security.alertComment)`): OData 4.01 (Part 1, 11.4.9.4
 * "Update a Collection Property") lets a client GET such a collection, and POST one item to it
 * to append that item, which is how Graph v1.0 documents "Create comment for incident"
 * (`POST /security/incidents/{incidentId}/comments`). A single-valued property is not a segment
 * the bot uses, so it is not accepted.
 */
import type { CsdlModel, TypeRef } from './csdl';
import { derivesFrom, property } from './model-queries';
import { checkValue, type Problems } from './value-check';

/** The item type of `segment` when it is a collection-valued structural property of `type`. */
export function propertyCollection(
  model: CsdlModel,
  type: string,
  segment: string,
): TypeRef | undefined {
  const declared = property(model, type, segment);
  return declared?.collection ? { type: declared.type, collection: false } : undefined;
}

/**
 * Checks the body of a POST that appends one item of `type`: an object whose `@odata.type`, when
 * given (with or without `#`), names `type` or a type derived from it, and whose other members
 * are properties of that type with values of their declared types. No other annotation.
 */
export function checkAppendedItem(
  model: CsdlModel,
  type: string,
  body: unknown,
  problems: Problems,
): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.push(`body: expected one item of type ${type}`);
    return;
  }
  const { '@odata.type': declared, ...members } = body as Record<string, unknown>;
  let actual = type;
  if (declared !== undefined) {
    const named = typeof declared === 'string' ? declared.replace(/^#/, '') : '';
    if (!model.types.has(named) || !derivesFrom(model, named, type)) {
      problems.push(`body: @odata.type ${JSON.stringify(declared)} is not a ${type}`);
      return;
    }
    actual = named;
  }
  const properties = Object.entries(members).filter(([name]) => {
    if (name.includes('@')) problems.push(`body: annotation '${name}' is not expected here`);
    return !name.includes('@');
  });
  const item = Object.fromEntries(properties);
  checkValue(model, { type: actual, collection: false }, item, 'body', problems);
}

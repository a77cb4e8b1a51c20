/**
 * Checks an answer's JSON against the CSDL model: every property an entity carries (OData
 * annotations such as `@odata.type` aside) is a structural property of its type, `@odata.type`
 * names a type derived from the one expected, and `@odata.context` names an entity set or a
 * type the model knows.
 */
import type { CsdlModel } from './csdl';
import { derivesFrom, property } from './model-queries';
import type { Problems } from './value-check';

/** Checks one entity that should be a `expectedType` (or derived from it). */
export function checkEntity(
  model: CsdlModel,
  expectedType: string,
  entity: Readonly<Record<string, unknown>>,
  problems: Problems,
): void {
  const declared = entity['@odata.type'];
  let type = expectedType;
  if (typeof declared === 'string') {
    type = declared.replace(/^#/, '');
    if (!model.types.has(type) || !derivesFrom(model, type, expectedType)) {
      problems.push(`@odata.type ${declared} is not a ${expectedType}`);
      return;
    }
  }
  for (const name of Object.keys(entity)) {
    if (name.startsWith('@odata.')) continue;
    if (!property(model, type, name)) problems.push(`${type} has no property '${name}'`);
  }
}

/**
 * Checks `@odata.context`: `$metadata#<entity set>[(<selected>)][/$entity]`, or an Edm type
 * (`Edm.Boolean`, `Collection(Edm.String)`) for an action's answer.
 */
export function checkContext(
  model: CsdlModel,
  context: unknown,
  expectedType: string,
  problems: Problems,
): void {
  const fragment = typeof context === 'string' ? context.split('$metadata#')[1] : undefined;
  if (fragment === undefined) {
    problems.push(`@odata.context ${String(context)} has no $metadata# fragment`);
    return;
  }
  if (/^(Collection\()?Edm\.\w+\)?$/.test(fragment)) {
    if (fragment !== expectedType) problems.push(`@odata.context ${fragment}: not ${expectedType}`);
    return;
  }
  const match = /^(\w+)(?:\(([^)]*)\))?(\/\$entity)?$/.exec(fragment);
  const setType = match ? model.entitySets.get(match[1]!) : undefined;
  if (!match || !setType) {
    problems.push(`@odata.context ${fragment} names no entity set`);
    return;
  }
  // A list of directory objects names `directoryObjects`; a cast list, its derived type's set.
  if (!derivesFrom(model, expectedType, setType) && !derivesFrom(model, setType, expectedType)) {
    problems.push(`@odata.context ${fragment}: ${setType} is not related to ${expectedType}`);
  }
  for (const name of match[2] ? match[2].split(',') : []) {
    if (!property(model, setType, name)) problems.push(`@odata.context selects unknown '${name}'`);
  }
}

/**
 * Checks a JSON value against a CSDL type: primitives by their JSON type, collections item by
 * item, structured types property by property (each name must exist on the type).
 */
import type { CsdlModel, TypeRef } from './csdl';
import { lineage, property } from './model-queries';

/** Where the checks collect what does not match. */
export type Problems = string[];

/** The JSON type each Edm primitive the bot may send is written as. */
const PRIMITIVES: Readonly<Record<string, 'boolean' | 'string' | 'number'>> = {
  'Edm.Boolean': 'boolean',
  'Edm.String': 'string',
  'Edm.Guid': 'string',
  'Edm.DateTimeOffset': 'string',
  'Edm.Int32': 'number',
  'Edm.Int64': 'number',
};

/**
 * Checks `value` (found at `where`) against `ref`. `null` passes: nullability is Graph's to
 * enforce. A structured value may set structural properties only, as a PATCH body may.
 */
export function checkValue(
  model: CsdlModel,
  ref: TypeRef,
  value: unknown,
  where: string,
  problems: Problems,
): void {
  if (value === null) return;
  if (ref.collection) {
    if (!Array.isArray(value)) {
      problems.push(`${where}: expected a collection of ${ref.type}`);
      return;
    }
    value.forEach((item: unknown, index) =>
      checkValue(
        model,
        { type: ref.type, collection: false },
        item,
        `${where}[${index}]`,
        problems,
      ),
    );
    return;
  }
  const primitive = PRIMITIVES[ref.type];
  if (primitive) {
    if (typeof value !== primitive) problems.push(`${where}: expected ${ref.type}`);
    return;
  }
  const members = model.enums.get(ref.type);
  if (members) {
    if (typeof value !== 'string' || !members.includes(value)) {
      problems.push(`${where}: ${JSON.stringify(value)} is not a member of ${ref.type}`);
    }
    return;
  }
  if (!model.types.has(ref.type)) {
    problems.push(`${where}: type ${ref.type} is not in the vendored subset (vendor it to check)`);
    return;
  }
  if (typeof value !== 'object' || value === undefined || Array.isArray(value)) {
    problems.push(`${where}: expected an object of type ${ref.type}`);
    return;
  }
  for (const [name, member] of Object.entries(value)) {
    const declared = property(model, ref.type, name);
    if (declared) {
      checkValue(model, declared, member, `${where}.${name}`, problems);
    } else {
      const isNavigation = lineage(model, ref.type).some((type) => type.navigation.has(name));
      problems.push(
        isNavigation
          ? `${where}.${name}: a navigation property cannot be set here`
          : `${where}.${name}: ${ref.type} has no property '${name}'`,
      );
    }
  }
}

/**
 * Questions about the CSDL model that follow inheritance: what a type has, counting what its base
 * types have (a user is a directoryObject is an entity).
 */
import type { BoundAction, CsdlModel, StructuredType, TypeRef } from './csdl';

/** A type and its base types, nearest first; throws for a type the subset lacks. */
export function lineage(model: CsdlModel, typeName: string): StructuredType[] {
  const chain: StructuredType[] = [];
  for (let name: string | undefined = typeName; name;) {
    const type = model.types.get(name);
    if (!type) throw new Error(`Type ${name} is not in the vendored CSDL subset.`);
    chain.push(type);
    name = type.baseType;
  }
  return chain;
}

/** Whether `typeName` is `ancestor` or derives from it. */
export function derivesFrom(model: CsdlModel, typeName: string, ancestor: string): boolean {
  return lineage(model, typeName).some((type) => type.name === ancestor);
}

/** A structural property of the type or one it inherits. */
export function property(model: CsdlModel, typeName: string, name: string): TypeRef | undefined {
  return lineage(model, typeName)
    .map((type) => type.properties.get(name))
    .find(Boolean);
}

/** A navigation property of the type or one it inherits. */
export function navigation(model: CsdlModel, typeName: string, name: string): TypeRef | undefined {
  return lineage(model, typeName)
    .map((type) => type.navigation.get(name))
    .find(Boolean);
}

/**
 * The actions named `name` bindable to one entity of `typeName` (or a base type), or with
 * `collection`, to a collection of them (e.g. `riskyUsers/confirmCompromised`).
 */
export function boundActions(
  model: CsdlModel,
  typeName: string,
  name: string,
  collection = false,
): BoundAction[] {
  const types = lineage(model, typeName).map((type) => type.name);
  return model.actions.filter(
    (action) =>
      action.name === name &&
      action.binding.collection === collection &&
      types.includes(action.binding.type),
  );
}

/** The alternate key aliases of the type (e.g. `userPrincipalName`), inherited ones included. */
export function alternateKeys(model: CsdlModel, typeName: string): string[] {
  return lineage(model, typeName).flatMap((type) => type.alternateKeys);
}

/** Every property name (structural or navigation) of the type, inherited ones included. */
export function memberNames(model: CsdlModel, typeName: string): Set<string> {
  return new Set(
    lineage(model, typeName).flatMap((type) => [
      ...type.properties.keys(),
      ...type.navigation.keys(),
    ]),
  );
}

/**
 * Refreshes the vendored ARM schema subset from a copy of Azure/azure-resource-manager-schemas:
 *
 *   npx tsx tests/infra/schemas/vendor.ts <path to the repository's schemas/ folder>
 *
 * For every resource type and API version infra/azure.bicep uses, keeps the type's resource
 * definition and every definition it refers to (transitively), and nothing else. Record the
 * source commit and date in tests/infra/schemas/README.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseResources } from '../bicep';
import {
  definitionClosure,
  readSchemaFile,
  resourceDefinition,
  schemaPath,
  splitType,
  type JsonSchema,
  type SchemaFile,
} from '../arm-schema';

const here = __dirname;
const bicepPath = join(here, '..', '..', '..', 'infra', 'azure.bicep');

function main(): void {
  const sourceRoot = process.argv[2];
  if (!sourceRoot) {
    console.error(
      'Usage: npx tsx tests/infra/schemas/vendor.ts <azure-resource-manager-schemas>/schemas',
    );
    process.exit(2);
  }
  const byFile = new Map<string, Set<string>>();
  for (const resource of parseResources(readFileSync(bicepPath, 'utf8'))) {
    const path = schemaPath(resource.type, resource.apiVersion);
    byFile.set(path, (byFile.get(path) ?? new Set()).add(resource.type));
  }
  for (const [path, types] of byFile) {
    const source = readSchemaFile(sourceRoot, path);
    if (!source) throw new Error(`${path} is not in ${sourceRoot}`);
    const resourceDefinitions: Record<string, JsonSchema> = {};
    for (const type of types) {
      const definition = resourceDefinition(source, type);
      if (!definition) throw new Error(`${type} is not in ${path}`);
      resourceDefinitions[splitType(type).key] = definition;
    }
    const needed = definitionClosure(source, Object.values(resourceDefinitions));
    const definitions = Object.fromEntries(
      [...needed].sort().map((name) => [name, source.definitions?.[name] ?? {}]),
    );
    const subset: SchemaFile = {
      id: source.id,
      $schema: source.$schema,
      title: source.title,
      description: `${source.description ?? ''} (subset: ${[...types].sort().join(', ')})`.trim(),
      resourceDefinitions,
      definitions,
    };
    const target = join(here, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(subset, null, 2)}\n`);
    console.log(`${path}: ${[...types].join(', ')} (${needed.size} definitions)`);
  }
}

main();

import type { SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';

type Schemas = Record<string, Record<string, unknown>>;

const refPrefix = '#/components/schemas/';

/** The component names `$ref`ed anywhere in a JSON value. */
function refsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith(refPrefix)) found.add(item.slice(refPrefix.length));
      else refsIn(item, found);
    }
  }
  return found;
}

/**
 * `components.schemas` from every zod schema with a `.meta({ id })` (fastify-type-provider-zod),
 * kept to those the document uses (paths and webhooks): the library emits an `…Input` twin of each, which no request
 * refers to and a client generator would turn into a useless duplicate type. Each component
 * loses the `$id` and `$schema` zod puts on a standalone schema: a fragment `$id` is not valid
 * JSON Schema 2020-12 and would rebase the `$ref`s inside it.
 */
export const documentComponents: SwaggerTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as { paths?: unknown; webhooks?: unknown; components?: { schemas?: Schemas } };
  const all = document.components?.schemas ?? {};
  const used = refsIn([document.paths, document.webhooks]);
  for (const name of used) refsIn(all[name], used); // grows while iterating: components that ref components
  const schemas = Object.fromEntries(
    [...used].filter((name) => all[name]).map((name) => {
      const schema = { ...all[name] };
      delete schema.$id;
      delete schema.$schema;
      return [name, schema];
    }),
  );
  return { ...document, components: { ...document.components, schemas } } as ReturnType<SwaggerTransformObject>;
};

import type { FastifySchema } from 'fastify';
import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { problemTypes } from '../problems.js';
import { problemSchema } from '../schemas.js';
import { mediaTypes } from './media-types.js';
import { problemHeaders, sharedProblemStatuses } from './shared-responses.js';

type ZodResponses = Record<string, z.ZodType>;

const problemTitles: Record<number, string> = Object.fromEntries(Object.values(problemTypes).map((p) => [p.status, p.title]));

/**
 * One route's OpenAPI operation: the zod schemas as JSON Schema (fastify-type-provider-zod),
 * plus the problem answers every such route can give, each response under the media type it is
 * really sent as, and public routes marked as needing no key.
 */
export const documentRoute: SwaggerTransform<FastifySchema> = (input) => {
  if (!input.schema || input.schema.hide) return jsonSchemaTransform(input);
  const shared = sharedProblemStatuses(input.route);
  const declared = (input.schema.response ?? {}) as ZodResponses;
  const zodResponses: ZodResponses = {
    ...Object.fromEntries(Object.keys(shared).map((status) => [status, problemSchema])),
    ...declared,
  };
  const { schema, url } = jsonSchemaTransform({ ...input, schema: { ...input.schema, response: zodResponses } });
  const jsonResponses = schema.response as Record<string, unknown>;
  const response = Object.fromEntries(
    Object.entries(zodResponses).map(([status, zodSchema]) => {
      const mediaType = mediaTypes.get(zodSchema)?.mediaType;
      const description = shared[Number(status)] ?? (zodSchema === problemSchema ? problemTitles[Number(status)] : zodSchema.description);
      if (!mediaType) return [status, jsonResponses[status]];
      const headers = zodSchema === problemSchema ? problemHeaders[Number(status)] : undefined;
      return [
        status,
        { ...(description ? { description } : {}), ...(headers ? { headers } : {}), content: { [mediaType]: { schema: jsonResponses[status] } } },
      ];
    }),
  );
  return { schema: { ...schema, response, ...(input.route.config?.public ? { security: [] } : {}) }, url };
};

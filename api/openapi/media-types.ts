import { z } from 'zod';

/**
 * The media type a response schema is served as, when it is not `application/json`. Kept on
 * the schema itself so the OpenAPI document says what the handler really sends (problem+json,
 * the OAuth callback's HTML) without any route repeating it.
 */
export const mediaTypes = z.registry<{ mediaType: string }>();

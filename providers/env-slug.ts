/**
 * The env form of a provider slug: upper case, `-` as `_` (DESIGN.md, "Providers"), as in
 * ONRAMP_ENDPOINT_<SLUG>_<NAME> and ONRAMP_OAUTH_<SLUG>_CLIENT_ID.
 */
export const envSlug = (slug: string) => slug.toUpperCase().replaceAll('-', '_');

// Generated from the OpenAPI document Onramp serves (GET /openapi.json): do not edit.
// npm run client:generate writes it again; test/contract/typed-client.test.ts checks it.

export interface paths {
    "/codec/decode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Temporal remote codec: decode payloads (support keys) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        payloads: {
                            data?: string;
                            metadata?: {
                                [key: string]: string;
                            };
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payloads: {
                                data?: string;
                                metadata?: {
                                    [key: string]: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/codec/encode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Temporal remote codec: encode payloads (support keys) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        payloads: {
                            data?: string;
                            metadata?: {
                                [key: string]: string;
                            };
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payloads: {
                                data?: string;
                                metadata?: {
                                    [key: string]: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Postgres and Temporal reachable */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                [key: string]: string;
                            };
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                        };
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                [key: string]: string;
                            };
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail, newest first (support: every tenant; clients: their own) */
        get: {
            parameters: {
                query?: {
                    connectionId?: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AuditEvent"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connect/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Connect session presented: its connection, integrations and return URL (Connect session token only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConnectSessionInfo"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connect/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a Connect session: a short-lived link for an end user to connect (or fix) one connection */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Slugs the page may connect (default: the whole catalog, or the connection's own) */
                        allowedIntegrations?: string[];
                        branding?: components["schemas"]["BrandingInput"];
                        /** @description The name, sync interval and history of the connection the session creates: yours to decide, the page cannot set them */
                        connection?: {
                            /** @description Days of history the first sync writes (default 7) */
                            initialHistoryDays?: number;
                            name?: string;
                            syncIntervalMinutes?: number;
                        };
                        /**
                         * Format: uuid
                         * @description Fix or reconnect this connection instead of creating one
                         */
                        connectionId?: string;
                        /** @description Tags the connection the session creates */
                        endUser?: {
                            displayName?: string;
                            /**
                             * Format: email
                             * @description How support finds the person's connections again (the console searches it)
                             */
                            email?: string;
                            /** @description Your id for the person connecting */
                            id: string;
                        };
                        /** @description Where the page sends the user when done; must be on ONRAMP_OAUTH_RETURN_URLS */
                        returnUrl?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConnectSession"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List and search connections, newest or most urgent first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    integration?: string;
                    limit?: number;
                    /** @description true: only connections that need a person: failed, error, stale (no data for twice the interval), whose last run failed or wrote nothing, or whose onboarding has waited on its user longer than ONRAMP_WAITING_ATTENTION_AFTER (24h) */
                    needsAttention?: "true" | "false";
                    /** @description newest (default): newest first; urgency: failed and error first, then onboardings waiting too long, then stale or failing syncs, onboardings under way, the rest; the longest waiting first within each */
                    order?: "newest" | "urgency";
                    /** @description A connection id, or a fragment (any case) of its name or of its end user's id, display name or email */
                    q?: string;
                    status?: "pending" | "configuring" | "testing" | "active" | "paused" | "failed" | "error" | "disconnected";
                    /** @description Support: only tenants whose id starts with this (a client key sees its own tenant whatever this says) */
                    tenant?: string;
                    /** @description Only onboardings waiting on their user (credentials, config, an authorization) for more than this many hours */
                    waitingHours?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Connection"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Connect an integration: starts its onboarding
         * @description Answers 201 with the new connection, or 200 with the earlier one when the same Idempotency-Key and body were sent before.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "integration": "demo",
                     *       "name": "My shop",
                     *       "config": {
                     *         "site": "shop.example"
                     *       },
                     *       "credentials": {
                     *         "apiKey": "demo-123"
                     *       }
                     *     }
                     */
                    "application/json": {
                        config?: {
                            [key: string]: unknown;
                        };
                        /** @description Write-only; stored encrypted, never returned. */
                        credentials?: {
                            [key: string]: unknown;
                        };
                        /** @description Days of history the first sync writes (default 7) */
                        initialHistoryDays?: number;
                        /** @description Catalog slug, e.g. "demo" */
                        integration: string;
                        name?: string;
                        /** @description OAuth only: where the callback sends the user afterwards; must be on ONRAMP_OAUTH_RETURN_URLS. */
                        returnUrl?: string;
                        syncIntervalMinutes?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Idempotency-Key reused with another body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One connection: status, onboarding progress and sync state (never credentials) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Disconnect: schedule removed, onboarding cancelled, credentials wiped, history kept */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, or change the sync interval (takes effect on the schedule at once) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        syncIntervalMinutes?: number;
                    } | unknown | unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/connections/{id}/backfill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Write every day in [from, to] again, in chunks; progress at GET …/backfills */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A day, YYYY-MM-DD, from 2000-01-01 to 2099-12-31 */
                        from: string;
                        /** @description A day, YYYY-MM-DD, from 2000-01-01 to 2099-12-31 */
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Backfill"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/backfills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Backfills of the connection, newest first, with progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Backfill"][];
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/backfills/{backfillId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One backfill: status and progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    backfillId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Backfill"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Cancel a running backfill: the chunk in flight stops, days already written stay */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    backfillId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Backfill"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the whole config; answers once onboarding has acted on it or stored it for a later step (202: still busy) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The whole config, validated by the integration's configSchema. */
                        config: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/connect-session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A fix link: a Connect session for this connection (new credentials, config or authorization), to send to its end user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConnectSession"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Send new credentials (API key / custom); a waiting or failed onboarding tests again (202: still busy) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Write-only; validated by the integration's credentialsSchema. */
                        credentials: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries of this connection's events to its tenant's endpoints, newest first; a pending one says why it waits */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ConnectionWebhookDelivery"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/onboarding/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The vendor calls of the onboarding's connection tests, in order (one test with `attempt`) */
        get: {
            parameters: {
                query?: {
                    /** @description One connection test, by the onboarding's attempt number */
                    attempt?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ProviderCall"][];
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Config choices the connection's credentials can see (accounts, properties, zones…) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConfigOptions"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The provider did not answer usably */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause scheduled syncs */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/progress/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live onboarding progress as server-sent events, within a second of each change; ends at a terminal state
         * @description Send the key or Connect session token as "Authorization: Bearer" (read with fetch streaming: EventSource cannot send it).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Server-sent events: `event: progress` with the connection (as GET /v1/connections/{id}) and `kpisWritten`, until a terminal state */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/reauthorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OAuth: a fresh authorizeUrl that puts this same connection (id, history, KPIs) back to active */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description OAuth only: where the callback sends the user afterwards; must be on ONRAMP_OAUTH_RETURN_URLS or the Connect page */
                        returnUrl?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume scheduled syncs */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry a failed onboarding (OAuth: a new authorizeUrl) or, in status error, sync now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description OAuth only: where the callback sends the user afterwards; must be on ONRAMP_OAUTH_RETURN_URLS or the Connect page */
                        returnUrl?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A Connect session whose connection is active can no longer change it */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/runs/{runId}/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The vendor calls a sync or backfill run made, in order: what Onramp asked and what the vendor answered */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description A sync run id (GET …/syncs) */
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ProviderCall"][];
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync now: the schedule starts a run at once, or right after the one in progress (skipped only if one started this very second) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/syncs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sync runs, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["SyncRun"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current console session and its CSRF token; 204 when the request carries no live session cookie */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConsoleSession"];
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Sign in to the support console: a support key for a session cookie (HttpOnly, SameSite=Strict) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A support API key; sent once, never stored */
                        key: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConsoleSession"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Sign out: the session ends and its cookie is cleared */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/derived-kpis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Derived KPIs (made from several integrations, e.g. customer acquisition cost) by key and period range, oldest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description A day, YYYY-MM-DD, from 2000-01-01 to 2099-12-31 */
                    from?: string;
                    key?: "customer_acquisition_cost";
                    limit?: number;
                    /** @description A day, YYYY-MM-DD, from 2000-01-01 to 2099-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["DerivedKpiValue"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/derived-kpis/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every derived KPI of a tenant: its newest period, or what it needs when it has none yet */
        get: {
            parameters: {
                query?: {
                    /** @description Support keys: the tenant whose derived KPIs to show (required); a client key sees its own */
                    tenant?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["DerivedKpiValue"][];
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalog of integrations (a Connect session sees the ones it may connect) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Integration"][];
                        };
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/integrations/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One integration: schemas and capabilities */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Integration"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/kpis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** KPI values by connection, key and period range (oldest first) */
        get: {
            parameters: {
                query?: {
                    connectionId?: string;
                    cursor?: string;
                    /** @description A day, YYYY-MM-DD, from 2000-01-01 to 2099-12-31 */
                    from?: string;
                    /** @description A catalog KPI, or a raw metric <provider>.<metric> */
                    key?: ("revenue" | "profit_margin" | "cash_runway" | "service_uptime" | "asset_utilization" | "automation_coverage" | "website_traffic" | "conversion_rate" | "customer_acquisition_cost" | "security_score" | "vulnerability_count" | "website_performance") | string;
                    limit?: number;
                    /** @description A day, YYYY-MM-DD, from 2000-01-01 to 2099-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["KpiValue"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/kpis/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The newest value of each KPI key, per connection */
        get: {
            parameters: {
                query?: {
                    connectionId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["KpiValue"][];
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OAuth2 redirect target: hands the code (or the error) to the onboarding workflow */
        get: {
            parameters: {
                query: {
                    code?: string;
                    error?: string;
                    error_description?: string;
                    state: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An HTML page for the person in the browser */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description To the connection's returnUrl, with connectionId, status (connected: the connection works; authorized: signed in, set-up or its check not finished; failed, with error: the failure code) and error */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description An HTML page for the person in the browser */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An authorizeUrl: binds the sign-in to this browser (a cookie) and sends it on to the provider's sign-in page */
        get: {
            parameters: {
                query: {
                    state: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description To the provider's authorization page */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description An HTML page for the person in the browser */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints, newest first (support: every tenant's, or one tenant's with `tenant`) */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    /** @description Support: one tenant only (a client key sees its own tenant whatever this says) */
                    tenant?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["WebhookEndpoint"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Add a webhook endpoint: answers its signing secret, shown only here */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "url": "https://hooks.example.com/onramp",
                     *       "events": [
                     *         "connection.error",
                     *         "connection.recovered"
                     *       ],
                     *       "description": "Pager"
                     *     }
                     */
                    "application/json": {
                        description?: string;
                        /** @description The event types to send here (ping is always allowed through POST /v1/webhooks/{id}/test) */
                        events: ("connection.created" | "connection.active" | "connection.failed" | "connection.error" | "connection.recovered" | "connection.paused" | "connection.resumed" | "connection.disconnected" | "connection.reauthorization_required" | "sync.failed" | "sync.empty" | "sync.partial" | "sync.succeeded" | "backfill.completed" | "webhook_endpoint.disabled")[];
                        /** @description Where events are POSTed. In production only https, to a host that resolves to public addresses only. */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint (never its secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a webhook endpoint and its delivery log; its delivery stops (events stay) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change the URL, the events, the description, or turn deliveries off and on again */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description null removes it */
                        description?: string | null;
                        /** @description false stops deliveries; true resumes them (and clears the reason it was disabled) */
                        enabled?: boolean;
                        /** @description The event types to send here (ping is always allowed through POST /v1/webhooks/{id}/test) */
                        events?: ("connection.created" | "connection.active" | "connection.failed" | "connection.error" | "connection.recovered" | "connection.paused" | "connection.resumed" | "connection.disconnected" | "connection.reauthorization_required" | "sync.failed" | "sync.empty" | "sync.partial" | "sync.succeeded" | "backfill.completed" | "webhook_endpoint.disabled")[];
                        /** @description Where events are POSTed. In production only https, to a host that resolves to public addresses only. */
                        url?: string;
                    } | unknown | unknown | unknown | unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is larger than the API accepts */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log, newest first: each event sent here, its attempts and how the receiver answered */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["WebhookDelivery"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery's event again (same webhook-id), as a new delivery (client of the tenant, or support) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliveryId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDelivery"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret, shown only here; the old one keeps signing beside it for 24 hours */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a ping event to this endpoint only; follow it in the deliveries */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDelivery"];
                    };
                };
                /** @description Invalid request: `errors` names each field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or unknown API key */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed for this API key's role */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not found, or not visible to this API key */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent, larger than the API accepts (this operation takes none) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A body was sent that is not application/json (this operation takes none: send no body) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests; retry after the Retry-After header */
                429: {
                    headers: {
                        /** @description Seconds until the budget allows another request */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Internal error; quote the request id to support */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A dependency (Postgres, Temporal) is unavailable */
                503: {
                    headers: {
                        /** @description Seconds to wait before trying again */
                        "retry-after"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "backfill.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * backfill.completed
         * @description A backfill wrote every day of its range. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_backfill_completed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.active": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.active
         * @description Onboarding completed: the schedule exists and the first sync starts. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_active"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.created
         * @description POST /v1/connections created the connection (onboarding starts). Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_created"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.disconnected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.disconnected
         * @description DELETE /v1/connections/:id: schedule removed, credentials wiped, history kept. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_disconnected"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.error": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.error
         * @description Syncs need a person: N failed runs in a row, or credentials the provider refuses (the schedule is paused). Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_error"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.failed
         * @description Onboarding failed and waits for a person: new credentials, config, or POST …/retry. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_failed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.paused": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.paused
         * @description Scheduled syncs were paused (POST …/pause). Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_paused"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.reauthorization_required": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.reauthorization_required
         * @description The provider no longer accepts the OAuth grant: POST …/reauthorize and send the user to the authorizeUrl. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_reauthorization_required"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.recovered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.recovered
         * @description Back to active after status error: a good run, or a completed re-authorization. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_recovered"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.resumed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * connection.resumed
         * @description Scheduled syncs were resumed (POST …/resume). Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_connection_resumed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    ping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * ping
         * @description POST /v1/webhooks/:id/test: a test delivery to that endpoint only. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_ping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sync.empty": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * sync.empty
         * @description A scheduled sync run got no data where earlier runs had data. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_sync_empty"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sync.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * sync.failed
         * @description A scheduled sync run failed (run.error says why). Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_sync_failed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sync.partial": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * sync.partial
         * @description A scheduled sync run wrote every day it could read, and the vendor would not answer for some days (run.missingPeriods says which and why; later runs ask for them first). Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_sync_partial"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sync.succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * sync.succeeded
         * @description A scheduled sync run wrote its KPIs (every run: subscribe only if you want them all). Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_sync_succeeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook_endpoint.disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * webhook_endpoint.disabled
         * @description One of the tenant's endpoints was disabled: it answered 410, or failed for 5 days. PATCH it with enabled: true once it is fixed. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["webhook_webhook_endpoint_disabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        AuditEvent: {
            action: string;
            actorKeyId: string;
            /** @description Who holds the key, as ONRAMP_API_KEYS names it now (its fourth part); null without one */
            actorLabel: string | null;
            actorRole: string;
            /** Format: date-time */
            at: string;
            connectionId: string | null;
            id: string;
            /**
             * @description pending: recorded before acting, outcome not known yet (or the process stopped mid-action)
             * @enum {string}
             */
            outcome: "pending" | "ok" | "rejected" | "error";
            statusCode: number | null;
            tenantId: string | null;
        };
        Backfill: {
            chunksDone: number;
            chunksTotal: number;
            /** Format: uuid */
            connectionId: string;
            /** Format: date-time */
            createdAt: string;
            error: {
                code: string;
                /** @description What to do next, for API clients and support (may name API calls) */
                hint: string;
                message: string;
                /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                userMessage?: string;
            } | null;
            /** Format: date */
            from: string;
            /** Format: uuid */
            id: string;
            kpisWritten: number;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed" | "cancelled";
            /** Format: date */
            to: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description A backfill wrote every day of its range. */
        BackfillCompletedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                backfill: {
                    /** Format: date */
                    from: string;
                    /** Format: uuid */
                    id: string;
                    kpisWritten: number;
                    /** Format: date */
                    to: string;
                };
                connection: components["schemas"]["Connection"];
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "backfill.completed";
        };
        Branding: {
            /** @description Buttons and links take it; the text on it is white or black, whichever reaches WCAG AA, and it is darkened where it is text on the page */
            accentColor?: string;
            /** @description Your logo (PNG, SVG, …), shown about 32 px high; on an origin of ONRAMP_CONNECT_FRAME_ANCESTORS or ONRAMP_OAUTH_RETURN_URLS (the page's Content-Security-Policy allows images from those only) */
            logoUrl?: string;
            /** @description Your product's name, used in the page's wording ("Sign in to Google Analytics to let <productName> read …") */
            productName: string & (unknown & unknown);
        };
        BrandingInput: {
            /** @description Buttons and links take it; the text on it is white or black, whichever reaches WCAG AA, and it is darkened where it is text on the page */
            accentColor?: string;
            /** @description Your logo (PNG, SVG, …), shown about 32 px high; on an origin of ONRAMP_CONNECT_FRAME_ANCESTORS or ONRAMP_OAUTH_RETURN_URLS (the page's Content-Security-Policy allows images from those only) */
            logoUrl?: string;
            /** @description Your product's name, used in the page's wording ("Sign in to Google Analytics to let <productName> read …") */
            productName: string & (unknown & unknown);
        };
        ConfigOptions: {
            options: {
                [key: string]: {
                    label: string;
                    preselected?: boolean;
                    value: string;
                }[];
            };
        };
        Connection: {
            /** Format: uri */
            authorizeUrl?: string;
            config: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            /** @description Who it was connected for, when a Connect session created it */
            endUser: {
                displayName?: string;
                email?: string;
                id: string;
            } | null;
            /** Format: uuid */
            id: string;
            integration: string;
            name: string;
            onboarding: {
                attempts: number;
                lastError: {
                    code: string;
                    /** @description What to do next, for API clients and support (may name API calls) */
                    hint: string;
                    message: string;
                    /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                    userMessage?: string;
                } | null;
                /** @enum {string} */
                state: "running" | "waiting" | "failed" | "completed" | "cancelled";
                /** @enum {string} */
                step: "connect" | "configure" | "test" | "activate" | "done";
                /** Format: date-time */
                updatedAt: string;
            };
            /** @enum {string} */
            status: "pending" | "configuring" | "testing" | "active" | "paused" | "failed" | "error" | "disconnected";
            sync: {
                consecutiveFailures: number;
                intervalMinutes: number;
                lastError: {
                    code: string;
                    /** @description What to do next, for API clients and support (may name API calls) */
                    hint: string;
                    message: string;
                    /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                    userMessage?: string;
                } | null;
                /** @description succeeded | empty | failed */
                lastStatus: string | null;
                /** @description The last run that wrote data */
                lastSyncAt: string | null;
                /** @description Days a sync could not read (every other day was written); each sync asks for them first. null: none */
                missing: {
                    /** @description How many days the vendor has not answered for yet */
                    days: number;
                    periods: components["schemas"]["MissingPeriod"][];
                    /**
                     * Format: date
                     * @description The oldest of them
                     */
                    since: string;
                    /** @description "3 days missing since …", with the oldest reason and what to do */
                    summary: {
                        code: string;
                        /** @description What to do next, for API clients and support (may name API calls) */
                        hint: string;
                        message: string;
                        /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                        userMessage?: string;
                    };
                } | null;
                /** @description From the Temporal Schedule, refreshed when it changes (activation, each run, pause, resume, interval change); null while paused or disconnected */
                nextSyncAt: string | null;
                paused: boolean;
                /** @description No data written for more than twice the interval */
                stale: boolean;
            };
            tenantId: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Since when onboarding has waited on a person (credentials, config, an authorization, or a fix after it failed); null otherwise */
            waitingSince: string | null;
        };
        /** @description Onboarding completed: the schedule exists and the first sync starts. */
        ConnectionActiveEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.active";
        };
        /** @description POST /v1/connections created the connection (onboarding starts). */
        ConnectionCreatedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.created";
        };
        /** @description DELETE /v1/connections/:id: schedule removed, credentials wiped, history kept. */
        ConnectionDisconnectedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.disconnected";
        };
        /** @description Syncs need a person: N failed runs in a row, or credentials the provider refuses (the schedule is paused). */
        ConnectionErrorEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
                /** @description Why syncs need a person: the last run's error (also in connection.sync.lastError). */
                lastError: {
                    code: string;
                    /** @description What to do next, for API clients and support (may name API calls) */
                    hint: string;
                    message: string;
                    /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                    userMessage?: string;
                };
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.error";
        };
        /** @description Onboarding failed and waits for a person: new credentials, config, or POST …/retry. */
        ConnectionFailedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
                /** @description Why onboarding failed and what to do next (also in connection.onboarding.lastError). */
                lastError: {
                    code: string;
                    /** @description What to do next, for API clients and support (may name API calls) */
                    hint: string;
                    message: string;
                    /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                    userMessage?: string;
                };
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.failed";
        };
        /** @description Scheduled syncs were paused (POST …/pause). */
        ConnectionPausedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.paused";
        };
        /** @description The provider no longer accepts the OAuth grant: POST …/reauthorize and send the user to the authorizeUrl. */
        ConnectionReauthorizationRequiredEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
                /** @description The provider refused the authorization (OAuth invalid_grant); the hint says how to re-authorize. */
                lastError: {
                    code: string;
                    /** @description What to do next, for API clients and support (may name API calls) */
                    hint: string;
                    message: string;
                    /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                    userMessage?: string;
                };
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.reauthorization_required";
        };
        /** @description Back to active after status error: a good run, or a completed re-authorization. */
        ConnectionRecoveredEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.recovered";
        };
        /** @description Scheduled syncs were resumed (POST …/resume). */
        ConnectionResumedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "connection.resumed";
        };
        ConnectionWebhookDelivery: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            deliveredAt: string | null;
            /** Format: uuid */
            endpointId: string;
            endpointUrl: string;
            /** @description The webhook-id header receivers deduplicate on */
            eventId: string;
            /** @enum {string} */
            eventType: "connection.created" | "connection.active" | "connection.failed" | "connection.error" | "connection.recovered" | "connection.paused" | "connection.resumed" | "connection.disconnected" | "connection.reauthorization_required" | "sync.failed" | "sync.empty" | "sync.partial" | "sync.succeeded" | "backfill.completed" | "webhook_endpoint.disabled" | "ping";
            /** Format: uuid */
            id: string;
            lastAttemptAt: string | null;
            lastError: string | null;
            lastStatusCode: number | null;
            nextAttemptAt: string | null;
            /** @description Why a pending delivery is not sent yet, in words; null once delivered or failed */
            pendingReason: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            /** @description For a pending delivery: the one of the same connection its endpoint sends first (a connection's events reach an endpoint in order; other connections' events do not wait); null when it is itself next */
            waitingBehind: {
                attempts: number;
                connectionId: string | null;
                /** Format: uuid */
                deliveryId: string;
                eventId: string;
                /** @enum {string} */
                eventType: "connection.created" | "connection.active" | "connection.failed" | "connection.error" | "connection.recovered" | "connection.paused" | "connection.resumed" | "connection.disconnected" | "connection.reauthorization_required" | "sync.failed" | "sync.empty" | "sync.partial" | "sync.succeeded" | "backfill.completed" | "webhook_endpoint.disabled" | "ping";
                lastError: string | null;
                lastStatusCode: number | null;
                nextAttemptAt: string | null;
                /** Format: date-time */
                pendingSince: string;
            } | null;
        };
        ConnectSession: {
            /** Format: date-time */
            expiresAt: string;
            /** @description Shown once; the page sends it as "Authorization: Bearer <token>" */
            token: string;
            /**
             * Format: uri
             * @description The Connect page, with the token in the fragment (never sent to a server)
             */
            url: string;
        };
        ConnectSessionInfo: {
            allowedIntegrations: string[] | null;
            /** @description The host product the page speaks for; null: Onramp */
            branding: components["schemas"]["Branding"] | null;
            connectionId: string | null;
            /** Format: date-time */
            expiresAt: string;
            returnUrl: string | null;
        };
        ConsoleSession: {
            /** @description Send it as x-csrf-token with every state-changing request made on the session cookie */
            csrfToken: string;
            /** Format: date-time */
            expiresAt: string;
            /** @description The support key the session acts as (and is audited under) */
            keyId: string;
            /** @description Who holds that key, as ONRAMP_API_KEYS names it; null without a label */
            label: string | null;
            /** @description Links into the Temporal Web UI (ONRAMP_TEMPORAL_UI_URL) */
            temporalUi: {
                /** @description A connection's onboarding workflow; replace {id} with its id */
                onboardingWorkflowUrl: string;
                /** @description A connection's sync schedule; replace {id} with its id */
                syncScheduleUrl: string;
            };
            /** @description How long an onboarding may wait on its user before it needs attention (ONRAMP_WAITING_ATTENTION_AFTER) */
            waitingAttentionMs: number;
        };
        DerivedKpiValue: {
            /** @description null: never computed (no input has been written yet) */
            computedAt: string | null;
            /** @enum {string} */
            granularity: "day" | "month";
            /** @description Provenance: each input connection's total for the period */
            inputs: {
                /** Format: uuid */
                connectionId: string;
                integration: string;
                metric: string;
                /** @description The sync and backfill runs that wrote the rows summed */
                syncRunIds: string[];
                unit: string;
                value: number;
            }[];
            /** @enum {string} */
            key: "customer_acquisition_cost";
            /** @description Why there is no value, or why it may be out of date, in the end user's words */
            message: string | null;
            /** @description Integration slugs with no data for the period (status needs_inputs) */
            missingInputs: string[];
            /** @description The integrations this KPI is made from, in words: "needs Xero and Stripe" */
            needs: string;
            /**
             * Format: date
             * @description The first day of the period
             */
            period: string;
            /** @description A connection whose data went into this value has been disconnected since */
            stale: boolean;
            /**
             * @description current; needs_inputs (an input integration has no data for the period); not_defined (e.g. no new customers: ÷ 0); mixed_units
             * @enum {string}
             */
            status: "current" | "needs_inputs" | "not_defined" | "mixed_units";
            tenantId: string;
            unit: string | null;
            /** @description null when there is no value: see status and message (never 0 for a missing input) */
            value: number | null;
        };
        Integration: {
            /** @enum {string} */
            authKind: "oauth2" | "api_key" | "custom";
            capabilities: {
                description: string;
                /** @enum {string} */
                key: "revenue" | "profit_margin" | "cash_runway" | "service_uptime" | "asset_utilization" | "automation_coverage" | "website_traffic" | "conversion_rate" | "customer_acquisition_cost" | "security_score" | "vulnerability_count" | "website_performance";
            }[];
            category: string;
            /** @description Derived KPIs its metrics go into, with the other integrations they need */
            completes: {
                /** @enum {string} */
                key: "revenue" | "profit_margin" | "cash_runway" | "service_uptime" | "asset_utilization" | "automation_coverage" | "website_traffic" | "conversion_rate" | "customer_acquisition_cost" | "security_score" | "vulnerability_count" | "website_performance";
                /** @description "needs Xero and Stripe" */
                needs: string;
                /** @description The other integrations it takes (slugs) */
                with: string[];
            }[];
            configSchema: {
                [key: string]: unknown;
            };
            credentialsSchema: {
                [key: string]: unknown;
            };
            description: string;
            /** @description One line for a card: the KPIs and metrics it feeds, and the derived KPIs it completes, in words */
            feedsSummary: string;
            /**
             * @description The period its values cover: a UTC day, or a calendar month
             * @enum {string}
             */
            granularity: "day" | "month";
            /** @description Its logo (a data: image or a path on Onramp); null: show a monogram of its name */
            logoUrl: string | null;
            /** @description Raw metrics it writes beside the KPIs (<slug>.<metric>), read like KPIs */
            metrics: {
                description: string;
                key: string;
                unit: string;
            }[];
            name: string;
            slug: string;
        };
        KpiValue: {
            /** Format: uuid */
            connectionId: string;
            /**
             * @description day, or month (period is then the month's first day)
             * @enum {string}
             */
            granularity: "day" | "month";
            key: string;
            /**
             * Format: date
             * @description The first day of the period
             */
            period: string;
            unit: string;
            /** Format: date-time */
            updatedAt: string;
            value: number;
        };
        MissingPeriod: {
            /** @description Why the vendor could not answer for these days */
            error: {
                code: string;
                /** @description What to do next, for API clients and support (may name API calls) */
                hint: string;
                message: string;
                /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                userMessage?: string;
            };
            /**
             * Format: date
             * @description First day not read (UTC)
             */
            from: string;
            /**
             * Format: date
             * @description Last day not read, inclusive
             */
            to: string;
        };
        /** @description POST /v1/webhooks/:id/test: a test delivery to that endpoint only. */
        PingEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                /** @description The endpoint POST /v1/webhooks/:id/test was sent for (only it receives the ping). */
                endpoint: {
                    description: string | null;
                    /** Format: uuid */
                    id: string;
                    url: string;
                };
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "ping";
        };
        Problem: {
            detail: string;
            errors?: {
                field: string;
                message: string;
            }[];
            /** @description A provider's refusal behind this problem (discovery): its failure code, and what to tell the end user */
            failure?: {
                code: string;
                userMessage: string;
            };
            instance?: string;
            status: number;
            title: string;
            type: string;
        };
        ProviderCall: {
            /** Format: date-time */
            at: string;
            /** @description Temporal's try of the activity that made it: a retried call shows under the next try */
            attempt: number;
            durationMs: number;
            /** @description The vendor's own error code, from its error body */
            errorCode: string | null;
            /** @description The vendor's own error message, scrubbed of every credential the request carried */
            errorMessage: string | null;
            host: string;
            method: string;
            /** @description The onboarding's connection test it belonged to; null for a run's call */
            onboardingAttempt: number | null;
            /** @description The path with ids as {id} */
            path: string;
            /** @description The query parameters' names; their values are never kept */
            queryKeys: string[];
            /** @description Request ids the vendor answered with, by header (paypal-debug-id, cf-ray, request-id…): quote them to the vendor */
            requestIds: {
                [key: string]: string;
            };
            /** @description The wait the vendor asked for (Retry-After), which the retry honoured */
            retryAfterMs: number | null;
            /** @description null: no answer (refused, reset, timed out) */
            status: number | null;
        };
        /** @description A scheduled sync run got no data where earlier runs had data. */
        SyncEmptyEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
                run: {
                    error: {
                        code: string;
                        /** @description What to do next, for API clients and support (may name API calls) */
                        hint: string;
                        message: string;
                        /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                        userMessage?: string;
                    } | null;
                    id: string;
                    kpisWritten: number;
                    /** @description Days this run could not read, with why (status partial); every other day was written */
                    missingPeriods: components["schemas"]["MissingPeriod"][];
                    window: {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                    };
                };
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "sync.empty";
        };
        /** @description A scheduled sync run failed (run.error says why). */
        SyncFailedEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
                run: {
                    error: {
                        code: string;
                        /** @description What to do next, for API clients and support (may name API calls) */
                        hint: string;
                        message: string;
                        /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                        userMessage?: string;
                    } | null;
                    id: string;
                    kpisWritten: number;
                    /** @description Days this run could not read, with why (status partial); every other day was written */
                    missingPeriods: components["schemas"]["MissingPeriod"][];
                    window: {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                    };
                };
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "sync.failed";
        };
        /** @description A scheduled sync run wrote every day it could read, and the vendor would not answer for some days (run.missingPeriods says which and why; later runs ask for them first). */
        SyncPartialEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
                run: {
                    error: {
                        code: string;
                        /** @description What to do next, for API clients and support (may name API calls) */
                        hint: string;
                        message: string;
                        /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                        userMessage?: string;
                    } | null;
                    id: string;
                    kpisWritten: number;
                    /** @description Days this run could not read, with why (status partial); every other day was written */
                    missingPeriods: components["schemas"]["MissingPeriod"][];
                    window: {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                    };
                };
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "sync.partial";
        };
        SyncRun: {
            attempts: number;
            durationMs: number | null;
            error: {
                code: string;
                /** @description What to do next, for API clients and support (may name API calls) */
                hint: string;
                message: string;
                /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                userMessage?: string;
            } | null;
            finishedAt: string | null;
            id: string;
            /** @enum {string} */
            kind: "scheduled" | "backfill";
            kpisWritten: number;
            /** @description Days this run could not read, with why (status partial); every other day was written */
            missingPeriods: components["schemas"]["MissingPeriod"][];
            /** @description Days missing after earlier runs that this run read first and wrote */
            repairedPeriods: {
                /** Format: date */
                from: string;
                /** Format: date */
                to: string;
            }[];
            /** Format: date-time */
            startedAt: string;
            /** @enum {string} */
            status: "running" | "succeeded" | "partial" | "empty" | "failed";
            window: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
            };
            workflowId: string;
            workflowRunId: string;
        };
        /** @description A scheduled sync run wrote its KPIs (every run: subscribe only if you want them all). */
        SyncSucceededEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                connection: components["schemas"]["Connection"];
                run: {
                    error: {
                        code: string;
                        /** @description What to do next, for API clients and support (may name API calls) */
                        hint: string;
                        message: string;
                        /** @description The same for the end user, in plain words (no API calls, codes or ids): what the Connect page shows */
                        userMessage?: string;
                    } | null;
                    id: string;
                    kpisWritten: number;
                    /** @description Days this run could not read, with why (status partial); every other day was written */
                    missingPeriods: components["schemas"]["MissingPeriod"][];
                    window: {
                        /** Format: date-time */
                        from: string;
                        /** Format: date-time */
                        to: string;
                    };
                };
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "sync.succeeded";
        };
        WebhookDelivery: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            deliveredAt: string | null;
            /** Format: uuid */
            endpointId: string;
            /** @description The webhook-id header receivers deduplicate on */
            eventId: string;
            /** @enum {string} */
            eventType: "connection.created" | "connection.active" | "connection.failed" | "connection.error" | "connection.recovered" | "connection.paused" | "connection.resumed" | "connection.disconnected" | "connection.reauthorization_required" | "sync.failed" | "sync.empty" | "sync.partial" | "sync.succeeded" | "backfill.completed" | "webhook_endpoint.disabled" | "ping";
            /** Format: uuid */
            id: string;
            lastAttemptAt: string | null;
            lastError: string | null;
            lastStatusCode: number | null;
            nextAttemptAt: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
        };
        WebhookEndpoint: {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** @description Why deliveries stopped (disabled by a key, the receiver answered 410, or failing for 5 days) */
            disabledReason: string | null;
            enabled: boolean;
            events: ("connection.created" | "connection.active" | "connection.failed" | "connection.error" | "connection.recovered" | "connection.paused" | "connection.resumed" | "connection.disconnected" | "connection.reauthorization_required" | "sync.failed" | "sync.empty" | "sync.partial" | "sync.succeeded" | "backfill.completed" | "webhook_endpoint.disabled")[];
            /** @description Since when every attempt failed; null while the receiver answers 2xx */
            failingSince: string | null;
            /** Format: uuid */
            id: string;
            /** @description After a rotation, the old secret signs alongside the new one until then */
            previousSecretExpiresAt: string | null;
            tenantId: string;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
        /** @description One of the tenant's endpoints was disabled: it answered 410, or failed for 5 days. PATCH it with enabled: true once it is fixed. */
        WebhookEndpointDisabledEvent: {
            /** Format: date-time */
            createdAt: string;
            data: {
                /** @description The endpoint that was disabled (this event goes to the tenant's other endpoints). */
                endpoint: {
                    description: string | null;
                    /** Format: uuid */
                    id: string;
                    url: string;
                };
                reason: string;
            };
            /** @description evt_…: also the webhook-id header; deduplicate on it */
            id: string;
            tenantId: string;
            /** @constant */
            type: "webhook_endpoint.disabled";
        };
        WebhookEndpointWithSecret: {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** @description Why deliveries stopped (disabled by a key, the receiver answered 410, or failing for 5 days) */
            disabledReason: string | null;
            enabled: boolean;
            events: ("connection.created" | "connection.active" | "connection.failed" | "connection.error" | "connection.recovered" | "connection.paused" | "connection.resumed" | "connection.disconnected" | "connection.reauthorization_required" | "sync.failed" | "sync.empty" | "sync.partial" | "sync.succeeded" | "backfill.completed" | "webhook_endpoint.disabled")[];
            /** @description Since when every attempt failed; null while the receiver answers 2xx */
            failingSince: string | null;
            /** Format: uuid */
            id: string;
            /** @description After a rotation, the old secret signs alongside the new one until then */
            previousSecretExpiresAt: string | null;
            /** @description The signing secret (Standard Webhooks, whsec_<base64>): shown only in this answer; verify each delivery with it */
            secret: string;
            tenantId: string;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    webhook_backfill_completed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BackfillCompletedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_active: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionActiveEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_created: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionCreatedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_disconnected: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionDisconnectedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_error: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionErrorEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_failed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionFailedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_paused: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionPausedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_reauthorization_required: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionReauthorizationRequiredEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_recovered: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionRecoveredEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_connection_resumed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionResumedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_ping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PingEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_sync_empty: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncEmptyEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_sync_failed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncFailedEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_sync_partial: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncPartialEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_sync_succeeded: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncSucceededEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_webhook_endpoint_disabled: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEndpointDisabledEvent"];
            };
        };
        responses: {
            /** @description Received: any 2xx ends the delivery; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}

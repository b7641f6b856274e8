# One image for the API, the worker and migrations; the command picks the entry point:
#   docker run IMAGE bin/api.ts | bin/worker.ts | bin/migrate.ts
# Debian (glibc), not Alpine: @temporalio/core-bridge, esbuild and @swc/core ship glibc binaries.
FROM node:20.20-bookworm-slim

# No update checks: the image must never reach for the network at runtime.
# MALLOC_ARENA_MAX: glibc otherwise keeps a malloc arena per thread (the worker runs the SDK's
# core, workflow and bundler threads), which held ~40 MB more RSS at the same load (issue 12's
# bench: worker peak 412 → 373 MiB; the goal is 400 MB per worker). A worker also wants
# NODE_OPTIONS=--max-semi-space-size=4 (docker-compose.yml sets it on the worker service, and says
# why); it is not set here because the API runs from this image too.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

# Lockfile first so source edits reuse the dependency layer. npm ci takes `overrides` as resolved
# in package-lock.json and runs the install scripts listed in package.json's `allowScripts`
# (esbuild, @swc/core, protobufjs, @embedded-postgres); nothing is fetched after this step.
# Dev dependencies (eslint, tsc, vitest) are not needed: tsx runs the TypeScript as is, and the
# workflow bundle is built below with the SDK's own webpack + swc.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# Source stays root-owned and read-only to the runtime user; production mode writes nothing
# under /app (tsx caches in /tmp).
COPY . .
# The browser pages (/connect, /console): esbuild (a runtime dependency) writes web/dist.
RUN node bin/build-web.mjs --force
# The workflow bundle, built once here instead of by every worker at start (less memory, faster
# start); a worker checks it against the sources and bundles at start if they differ.
RUN node --import tsx bin/build-workflows.ts --force

USER node
ENV ONRAMP_API_HOST=0.0.0.0 \
    ONRAMP_API_PORT=3000
# 3000: the API; 9464: a worker's /healthz, /readyz and /metrics (ONRAMP_WORKER_METRICS_PORT).
EXPOSE 3000 9464

# `node --import tsx` rather than `npx tsx`: one process, so SIGTERM reaches the API's and the
# worker's own shutdown handlers directly (graceful drain) instead of passing through npm and
# the tsx CLI wrapper.
ENTRYPOINT ["node", "--import", "tsx"]
CMD ["bin/api.ts"]

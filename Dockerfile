# syntax=docker/dockerfile:1
#
# The project image: the worker (default command), the HTTP API and the codec server run from it
# (docker-compose.yml picks the command). TypeScript runs through tsx, a production dependency, as
# in development; the workflow code is bundled once, here, and the worker loads that bundle
# (WORKFLOW_BUNDLE_PATH) instead of bundling at every start.
#
#   docker build -t smp-aftercare:0.1.0 .
#
# Node 20 pinned to the exact release the project is developed and tested on (package.json
# engines: >=20.3 <21). Debian bookworm (glibc): @temporalio/core-bridge ships its native library
# for linux-gnu on x64 and arm64, and npm ci picks the matching @swc/core and esbuild binaries.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---- bundle: production dependencies + sources -> dist/workflow-bundle.js -----------------------
FROM ${NODE_IMAGE} AS bundle
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
# What worker/build-bundle.ts and the workflow code import (test/static/compose.test.ts checks it).
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY platform ./platform
COPY worker ./worker
RUN npm run build:workflows -- /app/dist/workflow-bundle.js

# ---- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    DATA_DIR=/data \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The sources stay owned by root: the service user can read them, not change them.
COPY . .
COPY --from=bundle /app/dist/workflow-bundle.js ./dist/workflow-bundle.js
# DATA_DIR: the SMS outbox (without Twilio), and PGlite's files when no DATABASE_URL is set. A
# named volume mounted here starts with this owner.
RUN mkdir -p /data && chown node:node /data
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000 8234 9464
# The worker; docker-compose.yml runs api/main.ts and platform/codec/main.ts from the same image.
CMD ["node", "--import", "tsx", "worker/main.ts"]

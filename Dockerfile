# Aqoon's production image: one image for the web server, the jobs worker and the migrations.
#
#   web (default)  node --import tsx/esm scripts/serve.ts        (set JOBS_WORKER=false beside workers)
#   worker         node --import tsx/esm scripts/jobs-worker.ts
#   migrate        node --import tsx/esm scripts/migrate.ts      (applies the migrations and exits)
#   backup         node --import tsx/esm scripts/backup.ts <dir>  (restore alike: docs/operations.md, "Backups")
#
# tsx/esm, not tsx: the full `tsx` loader ends the process on SIGTERM (exit 143) before the
# server's own handler has drained the requests in flight and stopped the jobs worker.
#
# Build with `--format docker` under podman/buildah, or the HEALTHCHECK is dropped.
#
# Not Next's `output: 'standalone'`: the server is ours (src/server/startServer.ts calls
# `next({ dev, dir })` inside our HTTP server, which enforces body limits, client IPs, request
# ids, metrics and draining), and the worker, the migrations and the demo seed load Payload's
# config outside Next with tsx. Standalone traces only what Next's own bundles import and
# replaces the server with its generated server.js, so those processes would still need the
# whole production node_modules. The image carries the build and the production dependencies.
ARG BASE_IMAGE=node:22-bookworm-slim

FROM ${BASE_IMAGE} AS deps
# The npm that wrote package-lock.json: npm 10 (Node 22's own) refuses this lock as out of sync.
ARG NPM_VERSION=11.19.1
RUN npm install -g --no-audit --no-fund --loglevel=error npm@${NPM_VERSION}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM deps AS build
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY . .
# The build loads payload.config.ts, which wants a secret in production; this one signs nothing.
RUN PAYLOAD_SECRET=build-only-not-a-secret node node_modules/next/dist/bin/next build \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error \
 && rm -rf .next/cache node_modules/.cache

FROM ${BASE_IMAGE} AS runtime
# Chromium and a font that shapes Arabic render certificate PDFs; tini passes signals to node
# (which, as PID 1, would not get SIGTERM's default action) and reaps Chromium's children.
# curl: podman's `play kube` turns HTTP probes into `curl -f` health checks.
# More fonts (fonts-noto-core: Noto Naskh Arabic, which the template prefers): FONT_PACKAGES.
ARG FONT_PACKAGES=fonts-dejavu-core
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates chromium curl tini ${FONT_PACKAGES} \
 && rm -rf /var/lib/apt/lists/*

# A heap ceiling keeps a web process near 400 MB: without one V8 lets the heap grow toward a
# quarter of the machine's memory before collecting hard (docs/operations.md, "Memory").
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=384 \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    AQOON_DATA_DIR=/data \
    CHROMIUM_PATH=/usr/bin/chromium \
    XDG_CONFIG_HOME=/tmp/.config \
    XDG_CACHE_HOME=/tmp/.cache
WORKDIR /app
# Owned by root and read-only to the app: it writes only to /data (uploads without S3) and /tmp.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json /app/next.config.mjs /app/payload.config.ts ./
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/src ./src
# The launcher rebuilds when a source is newer than the build's stamp (src/server/buildIfStale.ts);
# these sources are the build's own, so the stamp is now. It can then run on a read-only root.
RUN date +%s%3N > .next/aqoon-sources-mtime \
 && mkdir -p /data && chown node:node /data

USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx/esm", "scripts/serve.ts"]

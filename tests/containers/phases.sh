# Phases of .ci/containers (sourced by it): each runs in a subshell with `set -e`.

# The production image from the real Dockerfile, on the local Node 22 base. Layers are reused
# between runs (podman's own storage); only what changed is built again.
phase_image() {
  podman build --format docker --layers --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$APP_IMAGE" . \
    >"$CACHE/image-build.log" 2>&1 || { tail -40 "$CACHE/image-build.log"; return 1; }
  # Counted by awk: `grep -c` exits 1 on a count of 0 (a first build), which pipefail turns into a failure.
  awk '/^--> Using cache/ { cached++ } END { print "cached steps: " cached + 0 }' "$CACHE/image-build.log"
  podman image inspect "$APP_IMAGE" --format 'size {{.Size}} user {{.Config.User}} healthcheck {{.Config.Healthcheck.Test}}'
  [ "$(podman image inspect "$APP_IMAGE" --format '{{.Config.User}}')" = node ]
  podman image inspect "$APP_IMAGE" --format '{{.Config.Healthcheck.Test}}' | grep -q /api/health/live
  podman run --rm --entrypoint sh "$APP_IMAGE" -c 'id -u; node --version; /usr/bin/chromium --version; fc-list | grep -c DejaVu' 
}

smoke() { node node_modules/tsx/dist/cli.mjs tests/containers/smoke.ts "$@"; }

# Stops a container with SIGTERM and checks that it left within the grace, with exit code 0.
stop_gracefully() {
  local name=$1 started=$SECONDS code
  podman stop -t 40 "$name" >/dev/null 2>&1
  code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
  echo "$name stopped on SIGTERM in $((SECONDS - started))s with exit code $code"
  [ "$code" = 0 ]
}

# The image alone against the host's PostgreSQL: the migrate command, the demo seed, then the web
# command (with its jobs worker) on a read-only root; health, login, and a certificate PDF that
# the container's Chromium renders.
phase_run() {
  local db=aqoon_ci_image port=3200 name=aqoon-ci-web
  podman rm -f "$name" >/dev/null 2>&1 || true
  psql -q "$HOST_PG/postgres" -c "drop database if exists $db with (force)" -c "create database $db"
  local env=(-e "DATABASE_URI=$HOST_PG/$db" -e PAYLOAD_SECRET=containers-test-secret -e "PORT=$port"
    -e "SERVER_URL=http://127.0.0.1:$port" -e JOBS_INTERVAL_SECONDS=2 -e LOG_LEVEL=info)
  local started=$SECONDS
  podman run --rm --network host --read-only "${env[@]}" "$APP_IMAGE" node --import tsx/esm scripts/migrate.ts
  echo "migrate command: $((SECONDS - started))s"
  started=$SECONDS
  podman run --rm --network host --read-only --tmpfs /data:rw,U "${env[@]}" "$APP_IMAGE" \
    node --import tsx/esm scripts/seed-demo.ts | tail -3
  echo "demo seed: $((SECONDS - started))s"
  started=$SECONDS
  podman run -d --name "$name" --network host --read-only --tmpfs /data:rw,U "${env[@]}" "$APP_IMAGE" >/dev/null
  smoke ready "http://127.0.0.1:$port" || { podman logs --tail 40 "$name" 2>&1 | cut -c1-400; return 1; }
  echo "web up and ready: $((SECONDS - started))s"
  podman healthcheck run "$name"
  echo "image HEALTHCHECK: healthy"
  started=$SECONDS
  smoke certificate "http://127.0.0.1:$port" || { podman logs --tail 40 "$name" 2>&1 | cut -c1-400; return 1; }
  echo "certificate path: $((SECONDS - started))s"
  podman logs "$name" >"$CACHE/run-web.log" 2>&1
  ! grep -q 'Building the app' "$CACHE/run-web.log" || { echo "the container rebuilt the app at start"; return 1; }
  stop_gracefully "$name"
  podman rm -f "$name" >/dev/null
}

# Stand-ins for the stack's outside images (PostgreSQL, Redis, MinIO, clamd), built here from
# Debian and npm packages with the same interfaces; podman reuses their layers between runs.
build_standins() {
  local context="$CACHE/standins"
  rm -rf "$context" && mkdir -p "$context"
  cp tests/containers/images/* "$context/"
  node node_modules/tsx/dist/cli.mjs tests/containers/eicarSignatures.ts "$context"
  for image in postgres redis s3 clamd; do
    podman build -q --layers -f "$context/$image.Containerfile" -t "localhost/aqoon-ci/$image:latest" "$context" >/dev/null
  done
}

# Runs a container's own health check until it passes (podman runs none by itself here: no systemd).
wait_healthy() {
  local name=$1 seconds=${2:-120} started=$SECONDS
  until podman healthcheck run "$name" >/dev/null 2>&1; do
    if [ $((SECONDS - started)) -gt "$seconds" ]; then
      echo "$name: not healthy within ${seconds}s"; podman logs --tail 20 "$name" 2>&1 | cut -c1-300
      return 1
    fi
    sleep 1
  done
  echo "$name healthy after $((SECONDS - started))s"
}

# Waits for a one-shot service and checks that it succeeded.
wait_done() {
  local name=$1 code
  code=$(podman wait "$name")
  podman logs "$name" 2>&1 | { grep -v '"level":[34]0' || true; } | tail -3 | cut -c1-300
  echo "$name exited with $code"
  [ "$code" = 0 ]
}

# The compose stack with the stand-ins: health, a first user, a school, an upload that clamd
# scans and that lands in the S3 store, the EICAR file refused; then down with its volumes.
phase_compose() {
  local started=$SECONDS project=aqoon-ci
  build_standins
  echo "stand-in images: $((SECONDS - started))s"
  export AQOON_IMAGE=$APP_IMAGE AQOON_PORT=3210 SERVER_URL=http://127.0.0.1:3210 JOBS_INTERVAL_SECONDS=5
  export POSTGRES_PASSWORD=compose-test-pg PAYLOAD_SECRET=compose-test-secret S3_SECRET_KEY=compose-test-s3
  pc() { podman-compose -p "$project" -f compose.yaml "$@" >>"$CACHE/compose.log" 2>&1; }
  : >"$CACHE/compose.log"
  pc down -v || true
  # podman-compose 1.0 ignores depends_on conditions (and podman runs no health checks without
  # systemd), so the order compose.yaml declares is kept here by hand.
  started=$SECONDS
  pc up -d --no-build postgres redis s3 clamd
  for service in postgres redis s3 clamd; do wait_healthy "${project}_${service}_1" 180; done
  echo "backing services healthy: $((SECONDS - started))s"
  started=$SECONDS
  pc up -d --no-build bucket && wait_done "${project}_bucket_1"
  pc up -d --no-build migrate && wait_done "${project}_migrate_1"
  echo "bucket and migrations: $((SECONDS - started))s"
  started=$SECONDS
  pc up -d --no-build web worker
  smoke upload "http://127.0.0.1:$AQOON_PORT" | tee "$CACHE/compose-smoke.log" || {
    podman logs --tail 30 "${project}_web_1" 2>&1 | cut -c1-300; return 1; }
  echo "web smoke path: $((SECONDS - started))s"
  local filename
  filename=$(sed -n 's/^MEDIA_FILENAME=//p' "$CACHE/compose-smoke.log")
  podman exec "${project}_s3_1" sh -c "find /data/aqoon -path '*media/$filename*' | grep -q ." \

  echo "media/$filename is in the S3 store"
  [ "$(podman inspect --format '{{.State.Running}}' "${project}_worker_1")" = true ]
  echo "worker running"
  wait_healthy "${project}_web_1" 30
  stop_gracefully "${project}_worker_1"
  stop_gracefully "${project}_web_1"
  pc down -v
}

# Renders every overlay and validates each object against the Kubernetes schemas, plus the
# rules the app relies on (probes, grace period, non-root, read-only root, metrics, hosts).
phase_kustomize() {
  for overlay in deploy/kubernetes/overlays/*/; do
    overlay=$(basename "$overlay")
    kubectl kustomize "deploy/kubernetes/overlays/$overlay" >"$CACHE/k8s-$overlay.yaml"
    node node_modules/tsx/dist/cli.mjs tests/containers/validateManifests.ts "$overlay" <"$CACHE/k8s-$overlay.yaml" | tail -1
  done
}

# The rendered `small` overlay on podman: the migration Job's pod runs to completion, then the
# web Deployment (its probes, non-root user, read-only root and emptyDirs as written) becomes ready.
phase_kube() {
  local db=aqoon_ci_kube port=3220 metrics=55464 rendered="$CACHE/k8s-small.yaml" started=$SECONDS
  [ -s "$rendered" ] || kubectl kustomize deploy/kubernetes/overlays/small >"$rendered"
  psql -q "$HOST_PG/postgres" -c "drop database if exists $db with (force)" -c "create database $db"
  local adapt=(node node_modules/tsx/dist/cli.mjs tests/containers/playKubeManifest.ts)
  "${adapt[@]}" migrate "$APP_IMAGE" "$HOST_PG/$db" "$port" "$metrics" <"$rendered" >"$CACHE/kube-migrate.yaml"
  "${adapt[@]}" web "$APP_IMAGE" "$HOST_PG/$db" "$port" "$metrics" <"$rendered" >"$CACHE/kube-web.yaml"
  podman play kube --down "$CACHE/kube-web.yaml" >/dev/null 2>&1 || true
  podman play kube --down "$CACHE/kube-migrate.yaml" >/dev/null 2>&1 || true
  podman play kube "$CACHE/kube-migrate.yaml" >/dev/null
  wait_done aqoon-migrate-migrate
  podman play kube --down "$CACHE/kube-migrate.yaml" >/dev/null
  echo "migration Job's pod: $((SECONDS - started))s"
  started=$SECONDS
  podman play kube "$CACHE/kube-web.yaml" >/dev/null
  local web=aqoon-web-pod-0-web
  podman inspect --format 'user {{.Config.User}}, read-only root {{.HostConfig.ReadonlyRootfs}}, healthcheck {{.Config.Healthcheck.Test}}' "$web"
  smoke ready "http://127.0.0.1:$port" || { podman logs --tail 30 "$web" 2>&1 | cut -c1-300; return 1; }
  echo "web Deployment ready: $((SECONDS - started))s"
  # Read the whole page before matching: `grep -q` stops at the first match, and under pipefail
  # curl's broken pipe would fail the phase once the page outgrows the pipe's buffer.
  local page
  page=$(curl -fsS "http://127.0.0.1:$metrics/metrics")
  grep -q '^aqoon_http_request_duration_seconds' <<<"$page"
  echo "metrics port $metrics answers"
  podman healthcheck run "$web"
  echo "liveness probe (podman's health check from it): healthy"
  stop_gracefully "$web"
  podman play kube --down "$CACHE/kube-web.yaml" >/dev/null
}

#!/usr/bin/env bash
# Container health check: exits 0 when GET <path> on this process's HTTP port answers 200.
#   orderflow-probe /readyz
# The port is the container's HTTP_PORT. Speaks HTTP over bash's /dev/tcp, so the runtime image
# needs no HTTP client.
set -uo pipefail

path="${1:-/readyz}"
port="${HTTP_PORT:-8080}"
host="${PROBE_HOST:-127.0.0.1}"
wait_seconds="${PROBE_TIMEOUT_SECONDS:-4}"

if ! exec 3<>"/dev/tcp/$host/$port"; then
  echo "orderflow-probe: nothing listens on $host:$port" >&2
  exit 1
fi
printf 'GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$path" "$host" "$port" >&3
if ! IFS= read -r -t "$wait_seconds" status_line <&3; then
  echo "orderflow-probe: no answer from $host:$port$path within ${wait_seconds}s" >&2
  exit 1
fi
status_line="${status_line%$'\r'}"
if [[ "$status_line" =~ ^HTTP/1\.[01]\ 200([^0-9]|$) ]]; then
  exit 0
fi
echo "orderflow-probe: $path answered \"$status_line\"" >&2
exit 1

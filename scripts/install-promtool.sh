#!/usr/bin/env bash
# Installs promtool, Prometheus' checker and unit-test runner of rule files, at
# .build-tools/prometheus/bin/promtool, taken out of Debian's prometheus package. The tests run it on
# compose/prometheus/alerts.yml and its tests. Quick and silent when it is there.
#
# Why not `apt-get install prometheus`: the package also installs and, on machines that run systemd,
# starts a Prometheus server on port 9090 (the port compose's Prometheus publishes) with node
# exporter and a dozen helpers recommended beside it. The tests need the one static binary, so the
# package is downloaded and only promtool is unpacked; nothing is installed system-wide.
# ORDERFLOW_PROMTOOL=/path/to/promtool uses a promtool of your own instead (then this does nothing).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.build-tools/prometheus"
BIN="$DIR/bin/promtool"

if [[ -n "${ORDERFLOW_PROMTOOL:-}" ]]; then
  exit 0
fi
if [[ -x "$BIN" ]] && "$BIN" --version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "install-promtool: needs apt-get and dpkg-deb (Debian/Ubuntu); elsewhere install promtool from prometheus.io and set ORDERFLOW_PROMTOOL" >&2
  exit 1
fi

SUDO=""
[[ "$(id -u)" == "0" ]] || SUDO="sudo"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

download() {
  # As root, apt downloads as its sandbox user, which cannot write to a private temporary folder.
  local sandbox=()
  [[ "$(id -u)" == "0" ]] && sandbox=(-o APT::Sandbox::User=root)
  (cd "$scratch" && apt-get download -qq "${sandbox[@]}" prometheus >/dev/null)
}

echo "install-promtool: unpacking promtool from Debian's prometheus package into ${DIR#"$ROOT"/}" >&2
# Package lists that are missing or stale (the version they name is gone from the mirror) fail the
# download; they are refreshed only then.
if ! download 2>/dev/null; then
  $SUDO apt-get update -qq
  download
fi
dpkg-deb -x "$scratch"/prometheus_*.deb "$scratch/unpacked"
install -D -m 0755 "$scratch/unpacked/usr/bin/promtool" "$BIN"

if ! "$BIN" --version >/dev/null 2>&1; then
  echo "install-promtool: $BIN does not run" >&2
  exit 1
fi
echo "install-promtool: $("$BIN" --version 2>&1 | head -n 1) at ${BIN#"$ROOT"/}" >&2

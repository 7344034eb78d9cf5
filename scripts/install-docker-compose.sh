#!/usr/bin/env bash
# Installs docker-compose 1.29.2 (the Python implementation, from PyPI) into a private virtualenv at
# .build-tools/compose, so the deployment tests can validate compose/docker-compose.yml on machines
# without a Docker engine. Quick and silent when the right version is already there.
#
# Why the extra steps: docker-compose 1.29.2 pins PyYAML < 6, and PyYAML 5.4.1 has no wheel for
# current Pythons; building it from source in pip's isolated build environment pulls Cython 3, which
# it does not build with. Installing "cython<3" first and building PyYAML without build isolation
# works on a fresh machine.
set -euo pipefail

VERSION="1.29.2"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${ORDERFLOW_COMPOSE_VENV:-$ROOT/.build-tools/compose}"
BIN="$VENV/bin/docker-compose"
PYTHON="${PYTHON:-python3}"

installed_version() {
  "$BIN" version --short 2>/dev/null || true
}

if [[ -x "$BIN" && "$(installed_version)" == "$VERSION" ]]; then
  exit 0
fi

echo "install-docker-compose: installing docker-compose $VERSION into ${VENV#"$ROOT"/}" >&2
# Replace only a previous virtualenv, never an unrelated folder ORDERFLOW_COMPOSE_VENV points at.
if [[ -e "$VENV" && ! -f "$VENV/pyvenv.cfg" ]]; then
  echo "install-docker-compose: $VENV exists and is not a virtualenv; remove it or choose another ORDERFLOW_COMPOSE_VENV" >&2
  exit 1
fi
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
if ! "$PYTHON" -m venv "$VENV"; then
  echo "install-docker-compose: '$PYTHON -m venv' failed; on Debian install python3-venv (apt-get install python3-venv)" >&2
  exit 1
fi

pip() { "$VENV/bin/python" -m pip --disable-pip-version-check --no-input -q "$@"; }
pip install "setuptools<70" wheel "cython<3"
pip install --no-build-isolation "pyyaml==5.4.1"
# requests 2.32, urllib3 2 and docker-py 7 break docker-compose 1.29 talking to an engine; pin what it was released with.
pip install "docker-compose==$VERSION" "requests<2.32" "urllib3<2" "docker<7"

if [[ "$(installed_version)" != "$VERSION" ]]; then
  echo "install-docker-compose: $BIN does not report version $VERSION after installing" >&2
  exit 1
fi
echo "install-docker-compose: $("$BIN" version --short) at ${BIN#"$ROOT"/}" >&2

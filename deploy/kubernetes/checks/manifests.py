"""Shared helpers of the offline checks of deploy/kubernetes (run by Tests/DeploymentTests).

Every check script renders the overlays itself with `kubectl kustomize` (the kubectl installed next
to the Python that runs the script, by scripts/install-kubernetes-tools.sh), reads what it needs,
prints one line per problem and exits 1 when there is any. `--root DIR` points a check at another
copy of the repository, which is how the tests show that a broken manifest fails it.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import yaml

OVERLAYS = ("dev", "production")

# The Kubernetes versions the core objects are validated against: the oldest one the guide supports
# and the newest the schema package ships.
KUBERNETES_VERSIONS = ("1.31", "1.37")

# Kinds that belong to the operators orderflow runs on, checked field by field by operators.py
# rather than against Kubernetes' own schemas.
OPERATOR_KINDS = {
    ("kafka.strimzi.io", "Kafka"),
    ("kafka.strimzi.io", "KafkaNodePool"),
    ("kafka.strimzi.io", "KafkaTopic"),
    ("postgresql.cnpg.io", "Cluster"),
    ("keda.sh", "ScaledObject"),
    ("monitoring.coreos.com", "PodMonitor"),
    ("monitoring.coreos.com", "ServiceMonitor"),
}

SERVICES = ("order-service", "payment-service", "inventory-service", "shipping-service", "notification-service")
# Database of each service, as named in the compose file and the dev stack.
DATABASES = {
    "order-service": "orders",
    "payment-service": "payments",
    "inventory-service": "inventory",
    "shipping-service": "shipping",
    "notification-service": "notifications",
}
RELAYS = {service.replace("-service", "-relay"): database for service, database in DATABASES.items()}
RELAY_PRODUCT = "outbox-relay"
# The payment provider simulator: dev only, an HTTP server with a database of its own (no Kafka).
PROVIDER = "payment-provider"
PROVIDER_DATABASE = "payment_provider"
PROVIDER_CLUSTER = "payment-provider-db"
SECRET_VARIABLES = ("DATABASE_URL", "KAFKA_SASL_PASSWORD")


def arguments(description):
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[3],
                        help="repository root (default: the one this script is in)")
    parser.add_argument("--helps", type=Path,
                        help="the executables' --help listings as JSON (see environment.py); only some checks read it")
    return parser.parse_args()


def kubectl():
    return str(Path(sys.executable).parent / "kubectl")


def render_text(root, overlay):
    """The overlay as `kubectl kustomize` renders it, as YAML text."""
    folder = Path(root) / "deploy/kubernetes/overlays" / overlay
    result = subprocess.run([kubectl(), "kustomize", str(folder)], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"kubectl kustomize {folder} failed:\n{result.stderr}")
    return result.stdout


def render(root, overlay):
    """The overlay's resources, rendered."""
    return [document for document in yaml.safe_load_all(render_text(root, overlay)) if document]


def group_of(resource):
    api_version = resource.get("apiVersion", "")
    return api_version.split("/")[0] if "/" in api_version else ""


def of_kind(resources, kind, group=None):
    return [r for r in resources if r.get("kind") == kind and (group is None or group_of(r) == group)]


def named(resources, kind, name):
    for resource in resources:
        if resource.get("kind") == kind and resource.get("metadata", {}).get("name") == name:
            return resource
    return None


def name_of(resource):
    return resource.get("metadata", {}).get("name", "?")


def topics(root):
    with open(Path(root) / "topics/topics.json") as handle:
        return json.load(handle)["topics"]


def container(deployment, name="orderflow"):
    for candidate in deployment["spec"]["template"]["spec"].get("containers", []):
        if candidate.get("name") == name:
            return candidate
    return None


def executable(deployment):
    found = container(deployment)
    command = (found or {}).get("command") or []
    return command[0] if command else None


def settings(resources, deployment):
    """NAME -> value of every variable a Deployment's container gets: envFrom ConfigMaps first,
    then env (which wins, as in Kubernetes). Values from a Secret or the downward API read as
    the dict that describes them."""
    found = container(deployment) or {}
    values = {}
    for source in found.get("envFrom", []):
        reference = source.get("configMapRef")
        if reference:
            config_map = named(resources, "ConfigMap", reference["name"])
            if config_map is not None:
                for key, value in (config_map.get("data") or {}).items():
                    values[(source.get("prefix") or "") + key] = value
    for variable in found.get("env", []):
        values[variable["name"]] = variable.get("value", variable.get("valueFrom"))
    return values


def pod_labels(deployment):
    return deployment["spec"]["template"]["metadata"].get("labels", {})


def selects(selector, labels):
    """Whether a label selector (matchLabels + matchExpressions) selects these labels."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and labels.get(key) in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


class Report:
    """Collects problems; `finish` prints them (or a summary line) and sets the exit status."""

    def __init__(self, name):
        self.name = name
        self.problems = []
        self.checked = 0

    def check(self, condition, problem):
        self.checked += 1
        if not condition:
            self.problems.append(problem)
        return condition

    def fail(self, problem):
        self.checked += 1
        self.problems.append(problem)

    def finish(self):
        if self.problems:
            for problem in self.problems:
                print(f"{self.name}: {problem}")
            print(f"{self.name}: {len(self.problems)} problem(s) in {self.checked} checks")
            sys.exit(1)
        print(f"{self.name}: {self.checked} checks passed")

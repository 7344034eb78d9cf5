"""Every variable an orderflow executable prints in --help reaches its Deployments, in both overlays:
set to a value, or deliberately left to the service's default by a blank entry in the
orderflow-settings ConfigMap (as compose/.env.example does). Required variables have a value.
Secrets come from Secrets: as a file named by NAME_FILE once the executable lists NAME_FILE in
--help, and until then through secretKeyRef; never from a ConfigMap or a literal.

--helps FILE is JSON written by the deployment tests from the built executables:
  {"payment-service": {"KAFKA_BROKERS": {"requirement": "required"}, "LOG_LEVEL": {"requirement": "default", "default": "info"}, ...}, ...}
"""

import json
import re

from manifests import (OVERLAYS, SECRET_VARIABLES, Report, arguments, container, executable, name_of, of_kind, pod_labels,
                       render, settings)

SECRET_WORDS = re.compile(r"PASSWORD|SECRET|TOKEN|DATABASE_URL")


def secret_mount_paths(deployment):
    volumes = {v["name"] for v in deployment["spec"]["template"]["spec"].get("volumes", []) if "secret" in v}
    return [m["mountPath"] for m in (container(deployment) or {}).get("volumeMounts", []) if m["name"] in volumes]


def main():
    options = arguments(__doc__)
    if options.helps is None:
        raise SystemExit("environment.py needs --helps FILE")
    helps = json.loads(options.helps.read_text())
    report = Report("environment")
    for overlay in OVERLAYS:
        resources = render(options.root, overlay)
        for config_map in of_kind(resources, "ConfigMap"):
            for key, value in (config_map.get("data") or {}).items():
                report.check(not (SECRET_WORDS.search(key) and value), f"{overlay}: ConfigMap {name_of(config_map)} holds a secret value in {key}")
        for deployment in of_kind(resources, "Deployment"):
            if pod_labels(deployment).get("app.kubernetes.io/part-of") != "orderflow":
                continue
            product = executable(deployment)
            where = f"{overlay}: Deployment {name_of(deployment)} ({product})"
            if not report.check(product in helps, f"{where}: no --help listing for {product}"):
                continue
            listed = helps[product]
            report.check(len(listed) > 0, f"{where}: {product} --help lists no variables")
            values = settings(resources, deployment)
            for variable, description in sorted(listed.items()):
                if variable.endswith("_FILE") and variable[:-5] in SECRET_VARIABLES:
                    continue  # checked with its secret below
                if variable in SECRET_VARIABLES and f"{variable}_FILE" in listed:
                    continue
                report.check(variable in values,
                             f"{where}: {product} reads {variable}, which the Deployment neither sets nor leaves blank in orderflow-settings")
                if description.get("requirement") == "required":
                    report.check(values.get(variable) not in (None, ""), f"{where}: {product} requires {variable}, which has no value")
            for secret in SECRET_VARIABLES:
                if secret not in listed:
                    continue
                if f"{secret}_FILE" in listed:
                    path = values.get(f"{secret}_FILE")
                    report.check(isinstance(path, str) and any(path.startswith(mount + "/") for mount in secret_mount_paths(deployment)),
                                 f"{where}: {product} accepts {secret}_FILE; point it at a file of a mounted Secret (it is {path})")
                    report.check(secret not in values, f"{where}: {secret} is set as well as {secret}_FILE; give it as a file only")
                else:
                    value = values.get(secret)
                    from_secret = isinstance(value, dict) and "secretKeyRef" in value
                    report.check(from_secret, f"{where}: {secret} must come from a Secret (secretKeyRef), not {value!r}")
    report.finish()


if __name__ == "__main__":
    main()

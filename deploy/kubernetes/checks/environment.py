"""Every variable an orderflow executable prints in --help reaches its Deployments, in both overlays:
set to a value, or deliberately left to the service's default by a blank entry in the
orderflow-settings ConfigMap (as compose/.env.example does). Required variables have a value.
A secret the executable also reads from a file (its --help names NAME_FILE) comes only as that
file, from a mounted Secret: NAME_FILE points into the mount (an optional secret may leave NAME_FILE
blank, unused), and NAME itself is never given a value. Other secrets come through secretKeyRef.
Neither ever comes from a ConfigMap value or a literal.

--helps FILE is JSON written by the deployment tests from the built executables:
  {"payment-service": {"KAFKA_BROKERS": {"requirement": "required"}, "LOG_LEVEL": {"requirement": "default", "default": "info"},
                       "DATABASE_URL_FILE": {"requirement": "optional", "fileOf": "DATABASE_URL"}, ...}, ...}
"""

import json
import re

from manifests import (OVERLAYS, SECRET_VARIABLES, Report, arguments, container, executable, name_of, of_kind, pod_labels,
                       render, settings)

SECRET_WORDS = re.compile(r"PASSWORD|SECRET|TOKEN|DATABASE_URL")


def secret_mount_paths(deployment):
    volumes = {v["name"] for v in deployment["spec"]["template"]["spec"].get("volumes", []) if "secret" in v}
    return [m["mountPath"] for m in (container(deployment) or {}).get("volumeMounts", []) if m["name"] in volumes]


def check_secret_file(report, where, deployment, values, secret, required):
    variable = f"{secret}_FILE"
    path = values.get(variable)
    report.check(values.get(secret) in (None, ""), f"{where}: {secret} is given a value; give it only as the file {variable} names")
    if path == "" and not required:
        return  # deliberately unused: an optional secret this deployment does not need
    report.check(variable in values, f"{where}: {variable} is neither set nor left blank in orderflow-settings")
    report.check(isinstance(path, str) and any(path.startswith(mount + "/") for mount in secret_mount_paths(deployment)),
                 f"{where}: {secret} must come as a file of a mounted Secret; point {variable} into one (it is {path!r})")


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
                if key.endswith("_FILE"):
                    continue  # a path, not the secret
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
            file_forms = {description["fileOf"] for description in listed.values() if "fileOf" in description}
            secrets = file_forms | {secret for secret in SECRET_VARIABLES if secret in listed}
            for variable, description in sorted(listed.items()):
                if variable in secrets or "fileOf" in description:
                    continue  # checked with its secret below
                report.check(variable in values,
                             f"{where}: {product} reads {variable}, which the Deployment neither sets nor leaves blank in orderflow-settings")
                if description.get("requirement") == "required":
                    report.check(values.get(variable) not in (None, ""), f"{where}: {product} requires {variable}, which has no value")
            for secret in sorted(secrets):
                required = listed.get(secret, {}).get("requirement") == "required"
                if secret in file_forms:
                    check_secret_file(report, where, deployment, values, secret, required)
                else:
                    value = values.get(secret)
                    from_secret = isinstance(value, dict) and "secretKeyRef" in value
                    report.check(from_secret, f"{where}: {secret} must come from a Secret (secretKeyRef), not {value!r}")
    report.finish()


if __name__ == "__main__":
    main()

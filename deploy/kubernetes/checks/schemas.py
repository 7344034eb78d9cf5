"""Each overlay renders, and every Kubernetes object in it validates (strictly: no unknown fields)
against the Kubernetes schemas of the oldest and the newest version in KUBERNETES_VERSIONS, from
PyPI's kubernetes-validate. The operators' resources are left to operators.py; any other kind
fails, so a resource of a new operator cannot slip through unchecked."""

import kubernetes_validate

from manifests import KUBERNETES_VERSIONS, OPERATOR_KINDS, OVERLAYS, Report, arguments, group_of, name_of, render

# Namespaced kinds among what orderflow renders; each must land in the overlay's namespace.
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass"}


def main():
    options = arguments(__doc__)
    report = Report("schemas")
    for overlay in OVERLAYS:
        resources = render(options.root, overlay)
        report.check(len(resources) > 0, f"{overlay}: renders no resources")
        namespaces = {r.get("metadata", {}).get("namespace") for r in resources if r.get("kind") not in CLUSTER_SCOPED}
        report.check(len(namespaces) == 1 and None not in namespaces,
                     f"{overlay}: resources are not all in one namespace set by the overlay: {sorted(map(str, namespaces))}")
        for resource in resources:
            where = f"{overlay}: {resource.get('kind')} {name_of(resource)}"
            if (group_of(resource), resource.get("kind")) in OPERATOR_KINDS:
                continue
            for version in KUBERNETES_VERSIONS:
                try:
                    kubernetes_validate.validate(resource, version, strict=True)
                    report.check(True, "")
                except kubernetes_validate.SchemaNotFoundError:
                    report.fail(f"{where}: no Kubernetes {version} schema for {resource.get('apiVersion')} {resource.get('kind')}"
                                " (an operator's kind must be added to OPERATOR_KINDS and checked in operators.py)")
                except kubernetes_validate.ValidationError as error:
                    path = "/".join(str(part) for part in error.path)
                    report.fail(f"{where}: invalid against Kubernetes {version} at {path or '(root)'}: {error.message}")
    report.finish()


if __name__ == "__main__":
    main()

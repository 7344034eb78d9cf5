"""The orderflow Deployments are run the way the issue and the design ask, in both overlays:

- a Deployment per service and per outbox relay; relays run two replicas; consumers are left to KEDA;
- /healthz liveness, /readyz readiness and a startup probe, all on the "http" port;
- resource requests and limits; non-root, read-only root filesystem, no privilege escalation,
  every capability dropped, no service-account token;
- a termination grace period longer than SHUTDOWN_TIMEOUT_MS plus any preStop pause;
- a PodDisruptionBudget and a NetworkPolicy for each: egress only to DNS, Kafka, the Deployment's
  own database and, for the payment service, the payment provider;
- KEDA Kafka triggers on every topic a service consumes (topics/topics.json "consumers"), with
  maxReplicaCount no larger than the smallest partition count among them;
- every pod scraped exactly once; the order API behind a Service everywhere and an Ingress only
  in production; the payment provider simulator in dev only, behind a Service, reaching nothing but
  DNS and its own database.

--helps FILE (the JSON environment.py reads) supplies the services' SHUTDOWN_TIMEOUT_MS
default for a blank setting; without it, a blank setting fails the grace-period check.
"""

import json

from manifests import (DATABASES, OVERLAYS, PROVIDER, PROVIDER_CLUSTER, RELAY_PRODUCT, RELAYS, SERVICES, Report, arguments,
                       container, executable, name_of, named, of_kind, pod_labels, render, selects, settings, topics)

PROVIDER_LABEL = {"app.kubernetes.io/name": "payment-provider"}
DNS_PORT = 53
KAFKA_PORT = 9092
POSTGRES_PORT = 5432


def quantity_present(resources, section, key):
    return key in (resources.get(section) or {})


def check_pod(report, where, deployment, variables, helps):
    spec = deployment["spec"]["template"]["spec"]
    main = container(deployment)
    if not report.check(main is not None, f"{where}: no container named orderflow"):
        return
    ports = {port.get("name"): port.get("containerPort") for port in main.get("ports", [])}
    report.check(str(ports.get("http")) == str(variables.get("HTTP_PORT")),
                 f"{where}: container port http {ports.get('http')} is not HTTP_PORT {variables.get('HTTP_PORT')}")
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/healthz")):
        http = (main.get(probe) or {}).get("httpGet") or {}
        report.check(http.get("path") == path and http.get("port") == "http", f"{where}: {probe} must GET {path} on port http (it is {http or 'missing'})")
    startup = main.get("startupProbe") or {}
    report.check(startup.get("periodSeconds", 10) * startup.get("failureThreshold", 3) >= 60,
                 f"{where}: the startup probe allows less than a minute for the migrations at start")

    resources = main.get("resources") or {}
    for section in ("requests", "limits"):
        for key in ("cpu", "memory"):
            report.check(quantity_present(resources, section, key), f"{where}: no {key} {section[:-1]}")

    pod_security = spec.get("securityContext") or {}
    security = main.get("securityContext") or {}
    report.check(pod_security.get("runAsNonRoot") is True or security.get("runAsNonRoot") is True, f"{where}: runAsNonRoot is not true")
    user = security.get("runAsUser", pod_security.get("runAsUser"))
    report.check(isinstance(user, int) and user > 0, f"{where}: runAsUser {user} must be a non-root id")
    report.check(security.get("readOnlyRootFilesystem") is True, f"{where}: root filesystem is writable")
    report.check(security.get("allowPrivilegeEscalation") is False, f"{where}: allowPrivilegeEscalation is not false")
    report.check(security.get("privileged") in (None, False), f"{where}: privileged")
    report.check((security.get("capabilities") or {}).get("drop") == ["ALL"] and not (security.get("capabilities") or {}).get("add"),
                 f"{where}: capabilities must drop ALL and add none")
    seccomp = (security.get("seccompProfile") or pod_security.get("seccompProfile") or {}).get("type")
    report.check(seccomp in ("RuntimeDefault", "Localhost"), f"{where}: no seccomp profile")
    report.check(spec.get("automountServiceAccountToken") is False, f"{where}: mounts a service-account token")
    report.check(not spec.get("hostNetwork") and not spec.get("hostPID") and not spec.get("hostIPC"), f"{where}: shares a host namespace")

    # Graceful stop: SIGTERM, optional preStop pause, then up to SHUTDOWN_TIMEOUT_MS.
    shutdown = variables.get("SHUTDOWN_TIMEOUT_MS")
    if shutdown in (None, ""):
        shutdown = (helps or {}).get(executable(deployment), {}).get("SHUTDOWN_TIMEOUT_MS", {}).get("default")
    pause = ((main.get("lifecycle") or {}).get("preStop") or {}).get("sleep", {}).get("seconds", 0)
    grace = spec.get("terminationGracePeriodSeconds", 30)
    if report.check(isinstance(shutdown, str) and shutdown.isdigit(),
                    f"{where}: SHUTDOWN_TIMEOUT_MS is blank and no --help default was given; cannot check the grace period"):
        report.check(grace * 1000 > int(shutdown) + pause * 1000,
                     f"{where}: terminationGracePeriodSeconds {grace} does not outlast SHUTDOWN_TIMEOUT_MS {shutdown} plus preStop {pause}s")


def egress_peers(policies, labels):
    """(kind, detail, ports) for every egress rule of the policies selecting these pod labels."""
    peers = []
    for policy in policies:
        spec = policy.get("spec", {})
        if "Egress" not in spec.get("policyTypes", []):
            continue
        for rule in spec.get("egress") or []:
            ports = {(p.get("port"), p.get("protocol", "TCP")) for p in rule.get("ports") or []}
            if not rule.get("to"):
                peers.append(("anywhere", None, ports))
            for peer in rule.get("to") or []:
                if "ipBlock" in peer:
                    peers.append(("ipBlock", peer["ipBlock"].get("cidr"), ports))
                else:
                    peers.append(("pods", json.dumps(peer, sort_keys=True), ports))
    return peers


def check_network(report, where, deployment, resources, database_cluster, payment, kafka_needed=True):
    labels = pod_labels(deployment)
    policies = [p for p in of_kind(resources, "NetworkPolicy") if selects(p.get("spec", {}).get("podSelector"), labels)]
    if not report.check(any("Egress" in p["spec"].get("policyTypes", []) for p in policies) and any("Ingress" in p["spec"].get("policyTypes", []) for p in policies),
                        f"{where}: no NetworkPolicy restricts both its ingress and egress"):
        return
    dns = json.dumps({"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                      "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}, sort_keys=True)
    kafka = json.dumps({"podSelector": {"matchLabels": {"strimzi.io/cluster": "orderflow", "strimzi.io/kind": "Kafka"}}}, sort_keys=True)
    database = json.dumps({"podSelector": {"matchLabels": {"cnpg.io/cluster": database_cluster}}}, sort_keys=True)
    provider = json.dumps({"podSelector": {"matchLabels": PROVIDER_LABEL}}, sort_keys=True)
    allowed = {
        dns: {(DNS_PORT, "UDP"), (DNS_PORT, "TCP")},
        database: {(POSTGRES_PORT, "TCP")},
    }
    if kafka_needed:
        allowed[kafka] = {(KAFKA_PORT, "TCP")}
    if payment:
        allowed[provider] = {(8080, "TCP")}
    reached = set()
    for kind, detail, ports in egress_peers(policies, labels):
        if kind != "pods" or detail not in allowed:
            report.fail(f"{where}: egress to {kind} {detail or ''} beyond DNS, Kafka, its database and (payment) the provider")
            continue
        report.check(ports and ports <= allowed[detail], f"{where}: egress to {detail} on ports {sorted(ports)}, expected {sorted(allowed[detail])}")
        reached.add(detail)
    for needed in (dns, kafka, database) if kafka_needed else (dns, database):
        report.check(needed in reached, f"{where}: no egress rule lets it reach {needed}")
    if payment:
        report.check(provider in reached, f"{where}: the payment service cannot reach the payment provider ({PROVIDER_LABEL})")
    for policy in policies:
        for rule in policy["spec"].get("ingress") or []:
            report.check(bool(rule.get("from")) and bool(rule.get("ports")), f"{where}: NetworkPolicy {name_of(policy)} admits traffic from anywhere or on any port")


def check_autoscaling(report, overlay, resources, contract):
    partitions = {topic["name"]: topic["partitions"] for topic in contract}
    for service in SERVICES:
        consumed = sorted(topic["name"] for topic in contract if service in topic.get("consumers", []))
        scaled = [s for s in of_kind(resources, "ScaledObject") if s["spec"].get("scaleTargetRef", {}).get("name") == service]
        where = f"{overlay}: {service}"
        if not report.check(len(scaled) == 1, f"{where}: expected one ScaledObject, found {len(scaled)}"):
            continue
        spec = scaled[0]["spec"]
        triggered = sorted(t["metadata"].get("topic") for t in spec.get("triggers", []) if t.get("type") == "kafka")
        report.check(triggered == consumed, f"{where}: Kafka triggers on {triggered}, but it consumes {consumed} (topics/topics.json)")
        if consumed:
            limit = min(partitions[name] for name in consumed)
            report.check(spec.get("maxReplicaCount", 0) <= limit,
                         f"{where}: maxReplicaCount {spec.get('maxReplicaCount')} above {limit}, the fewest partitions among {consumed}")
        cpu = [t for t in spec.get("triggers", []) if t.get("type") == "cpu"]
        if service == "order-service":
            report.check(len(cpu) == 1, f"{where}: the order API scales on CPU too (a cpu trigger in its ScaledObject)")


def main():
    options = arguments(__doc__)
    helps = json.loads(options.helps.read_text()) if options.helps else {}
    report = Report("workloads")
    contract = topics(options.root)
    for overlay in OVERLAYS:
        resources = render(options.root, overlay)
        deployments = {name_of(d): d for d in of_kind(resources, "Deployment") if pod_labels(d).get("app.kubernetes.io/part-of") == "orderflow"}
        expected = set(SERVICES) | set(RELAYS) | ({PROVIDER} if overlay == "dev" else set())
        report.check(set(deployments) == expected,
                     f"{overlay}: orderflow Deployments {sorted(deployments)}, expected {sorted(expected)}")
        monitors = of_kind(resources, "PodMonitor") + of_kind(resources, "ServiceMonitor")
        services = of_kind(resources, "Service")
        for name, deployment in sorted(deployments.items()):
            where = f"{overlay}: Deployment {name}"
            variables = settings(resources, deployment)
            relay = name in RELAYS
            report.check(executable(deployment) == (RELAY_PRODUCT if relay else name), f"{where}: runs {executable(deployment)}")
            if relay:
                report.check(deployment["spec"].get("replicas") == 2, f"{where}: a relay runs 2 replicas (it has {deployment['spec'].get('replicas')})")
            check_pod(report, where, deployment, variables, helps)
            labels = pod_labels(deployment)
            budgets = [b for b in of_kind(resources, "PodDisruptionBudget") if selects(b.get("spec", {}).get("selector"), labels)]
            report.check(len(budgets) == 1, f"{where}: {len(budgets)} PodDisruptionBudgets select its pods, expected 1")
            for budget in budgets:
                report.check(budget["spec"].get("maxUnavailable") == 1 and "minAvailable" not in budget["spec"],
                             f"{where}: PodDisruptionBudget {name_of(budget)} should allow one pod at a time (maxUnavailable 1)")
            if name == PROVIDER:
                check_network(report, where, deployment, resources, PROVIDER_CLUSTER, payment=False, kafka_needed=False)
                service = named(resources, "Service", PROVIDER)
                report.check(service is not None and service["spec"].get("selector", {}).get("app.kubernetes.io/name") == PROVIDER
                             and any(port.get("port") == 8080 for port in service["spec"].get("ports", [])),
                             f"{where}: no Service payment-provider on port 8080 in front of it (PAYMENT_PROVIDER_URL names it)")
            else:
                database = DATABASES.get(name) or RELAYS.get(name)
                check_network(report, where, deployment, resources, f"{database}-db", payment=(name == "payment-service"))
            # Scraped once: by a PodMonitor, or by a ServiceMonitor through a Service selecting the pods.
            scrapes = sum(1 for m in monitors if m["kind"] == "PodMonitor" and selects(m["spec"].get("selector"), labels))
            for service in services:
                if selects({"matchLabels": service["spec"].get("selector", {})}, labels):
                    scrapes += sum(1 for m in monitors if m["kind"] == "ServiceMonitor"
                                   and selects(m["spec"].get("selector"), service["metadata"].get("labels", {})))
            report.check(scrapes == 1, f"{where}: scraped by {scrapes} monitors, expected exactly 1")
        check_autoscaling(report, overlay, resources, contract)

        api = named(resources, "Service", "order-service")
        report.check(api is not None and api["spec"].get("selector", {}).get("app.kubernetes.io/name") == "order-service",
                     f"{overlay}: no Service in front of the order API")
        ingresses = of_kind(resources, "Ingress")
        if overlay == "production":
            backends = [path["backend"]["service"]["name"] for ingress in ingresses for rule in ingress["spec"].get("rules", [])
                        for path in rule.get("http", {}).get("paths", [])]
            report.check(backends == ["order-service"], f"{overlay}: the Ingress should route to the order API only (routes to {backends})")
            report.check(all(ingress["spec"].get("tls") for ingress in ingresses), f"{overlay}: an Ingress without TLS")
        else:
            report.check(not ingresses, f"{overlay}: has an Ingress; only production exposes the order API")
        provider = [r for r in resources if selects({"matchLabels": PROVIDER_LABEL}, r.get("metadata", {}).get("labels", {}))]
        report.check(overlay == "dev" or not provider, f"{overlay}: the payment provider simulator runs only in dev")
    dev_kustomization = (options.root / "deploy/kubernetes/overlays/dev/kustomization.yaml").read_text()
    report.check("payment-provider" in dev_kustomization, "dev: the overlay's kustomization no longer marks where the payment provider goes")
    report.finish()


if __name__ == "__main__":
    main()

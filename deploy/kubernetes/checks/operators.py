"""The operators' resources carry the fields orderflow relies on, with values those operators accept
and that agree with the rest of the manifests. Kubernetes' schemas do not cover these kinds, so the
checks are written here from what each resource is for, one function per operator:

- Strimzi (kafka.strimzi.io/v1): a KRaft Kafka cluster built from node pools, with the topic
  operator, the listener KAFKA_BROKERS points at, and replication its brokers can satisfy.
- CloudNativePG (postgresql.cnpg.io/v1): one Cluster per service database, bootstrapped with that
  database and its owner, whose generated Secrets the Deployments read.
- KEDA (keda.sh/v1alpha1): ScaledObjects whose Kafka triggers name the Deployment's group, real
  topics and the same bootstrap servers, with metadata KEDA's Kafka scaler reads.
- Prometheus Operator (monitoring.coreos.com/v1): monitors that select pods or Services that exist,
  on ports they name.
"""

import re

from manifests import (DATABASES, OVERLAYS, RELAYS, Report, arguments, container, name_of, named, of_kind,
                       pod_labels, render, selects, settings)

DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
KAFKA_TOPIC_NAME = re.compile(r"^[a-zA-Z0-9._-]{1,249}$")
QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$")
DURATION = re.compile(r"^([0-9]+(ms|s|m|h))+$")
DIGITS = re.compile(r"^[0-9]+$")

# Strimzi
LISTENER_TYPES = {"internal", "cluster-ip", "route", "loadbalancer", "nodeport", "ingress"}
RESERVED_LISTENER_PORTS = {9090, 9091, 9404, 9999, 8443}
NODE_ROLES = {"controller", "broker"}
STORAGE_TYPES = {"jbod", "persistent-claim", "ephemeral"}
VOLUME_TYPES = {"persistent-claim", "ephemeral"}

# KEDA: the Kafka scaler's metadata keys orderflow may use, and the ones it must set.
KAFKA_TRIGGER_KEYS = {
    "bootstrapServers", "consumerGroup", "topic", "lagThreshold", "activationLagThreshold", "offsetResetPolicy",
    "allowIdleConsumers", "excludePersistentLag", "limitToPartitionsWithLag", "scaleToZeroOnInvalidOffset",
    "partitionLimitation", "version", "sasl", "tls",
}
KAFKA_TRIGGER_REQUIRED = {"bootstrapServers", "consumerGroup", "topic", "lagThreshold"}
BOOLEAN_TEXT = {"true", "false"}
CPU_METRIC_TYPES = {"Utilization", "AverageValue"}


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def check_strimzi(report, overlay, resources, deployments):
    clusters = of_kind(resources, "Kafka")
    if not report.check(len(clusters) == 1, f"{overlay}: expected one Kafka resource, found {len(clusters)}"):
        return
    kafka = clusters[0]
    cluster = name_of(kafka)
    where = f"{overlay}: Kafka {cluster}"
    report.check(kafka.get("apiVersion") == "kafka.strimzi.io/v1", f"{where}: apiVersion {kafka.get('apiVersion')}, expected kafka.strimzi.io/v1")
    spec = kafka.get("spec", {})
    report.check("zookeeper" not in spec, f"{where}: sets spec.zookeeper; the cluster runs in KRaft mode")
    kafka_spec = spec.get("kafka", {})
    for field in ("replicas", "storage"):
        report.check(field not in kafka_spec, f"{where}: sets spec.kafka.{field}, which node pools own")
    report.check(isinstance(spec.get("entityOperator", {}).get("topicOperator"), dict),
                 f"{where}: no spec.entityOperator.topicOperator, so no KafkaTopic would be reconciled")

    listeners = kafka_spec.get("listeners") or []
    report.check(len(listeners) > 0, f"{where}: no listeners")
    names = [listener.get("name") for listener in listeners]
    report.check(len(set(names)) == len(names), f"{where}: listener names repeat: {names}")
    for listener in listeners:
        lw = f"{where}: listener {listener.get('name')}"
        report.check(isinstance(listener.get("name"), str) and re.match(r"^[a-z0-9]{1,11}$", listener["name"] or "") is not None,
                     f"{lw}: name must be 1-11 lower-case letters or digits")
        port = listener.get("port")
        report.check(is_int(port) and port >= 9092 and port not in RESERVED_LISTENER_PORTS,
                     f"{lw}: port {port} is not a port Strimzi lets listeners use (9092 or above, not reserved)")
        report.check(listener.get("type") in LISTENER_TYPES, f"{lw}: type {listener.get('type')} is not one of {sorted(LISTENER_TYPES)}")
        report.check(isinstance(listener.get("tls"), bool), f"{lw}: tls must be true or false")
        for peer in listener.get("networkPolicyPeers") or []:
            report.check(set(peer) <= {"podSelector", "namespaceSelector", "ipBlock"}, f"{lw}: networkPolicyPeers entry {peer} has unknown fields")

    config = kafka_spec.get("config") or {}
    report.check(config.get("auto.create.topics.enable") in (False, "false"),
                 f"{where}: auto.create.topics.enable must be false (topics come from the KafkaTopics)")

    # Node pools
    pools = [pool for pool in of_kind(resources, "KafkaNodePool")
             if pool.get("metadata", {}).get("labels", {}).get("strimzi.io/cluster") == cluster]
    report.check(len(pools) == len(of_kind(resources, "KafkaNodePool")),
                 f"{overlay}: a KafkaNodePool does not name Kafka {cluster} in its strimzi.io/cluster label")
    controllers = brokers = 0
    for pool in pools:
        pw = f"{overlay}: KafkaNodePool {name_of(pool)}"
        report.check(pool.get("apiVersion") == "kafka.strimzi.io/v1", f"{pw}: apiVersion {pool.get('apiVersion')}, expected kafka.strimzi.io/v1")
        pool_spec = pool.get("spec", {})
        replicas = pool_spec.get("replicas")
        report.check(is_int(replicas) and replicas >= 1, f"{pw}: replicas {replicas} must be a whole number of nodes")
        roles = pool_spec.get("roles") or []
        report.check(len(roles) > 0 and set(roles) <= NODE_ROLES, f"{pw}: roles {roles} must be among {sorted(NODE_ROLES)}")
        if is_int(replicas):
            controllers += replicas if "controller" in roles else 0
            brokers += replicas if "broker" in roles else 0
        storage = pool_spec.get("storage") or {}
        report.check(storage.get("type") in STORAGE_TYPES, f"{pw}: storage type {storage.get('type')} is not one of {sorted(STORAGE_TYPES)}")
        if storage.get("type") == "jbod":
            volumes = storage.get("volumes") or []
            report.check(len(volumes) > 0, f"{pw}: jbod storage without volumes")
            ids = [volume.get("id") for volume in volumes]
            report.check(all(is_int(i) for i in ids) and len(set(ids)) == len(ids), f"{pw}: volume ids {ids} must be distinct numbers")
            report.check(sum(1 for volume in volumes if volume.get("kraftMetadata") == "shared") == 1,
                         f"{pw}: exactly one volume must hold the KRaft metadata (kraftMetadata: shared)")
            for volume in volumes:
                report.check(volume.get("type") in VOLUME_TYPES, f"{pw}: volume {volume.get('id')} type {volume.get('type')}")
                if volume.get("type") == "persistent-claim":
                    report.check(QUANTITY.match(str(volume.get("size", ""))) is not None, f"{pw}: volume {volume.get('id')} size {volume.get('size')}")
                    report.check(volume.get("deleteClaim") is False, f"{pw}: volume {volume.get('id')} would delete its data with the pool (deleteClaim)")
    report.check(controllers >= 1 and controllers % 2 == 1, f"{where}: {controllers} KRaft controller(s); the quorum needs an odd number")
    report.check(brokers >= 1, f"{where}: no broker nodes")
    for key in ("offsets.topic.replication.factor", "transaction.state.log.replication.factor", "default.replication.factor"):
        value = config.get(key)
        report.check(is_int(value) and 1 <= value <= brokers, f"{where}: {key} {value} needs as many brokers ({brokers})")
    insync = config.get("min.insync.replicas")
    replication = config.get("default.replication.factor")
    report.check(is_int(insync) and is_int(replication) and insync <= replication,
                 f"{where}: min.insync.replicas {insync} above default.replication.factor {replication}")

    # What the clients are told
    plain = [listener for listener in listeners if listener.get("type") == "internal" and listener.get("tls") is False]
    expected = {f"{cluster}-kafka-bootstrap:{listener.get('port')}" for listener in plain}
    for deployment in deployments:
        brokers_setting = settings(resources, deployment).get("KAFKA_BROKERS")
        report.check(brokers_setting in expected,
                     f"{overlay}: Deployment {name_of(deployment)} has KAFKA_BROKERS {brokers_setting}, not the bootstrap Service of a plain internal listener ({sorted(expected)})")

    for topic in of_kind(resources, "KafkaTopic"):
        tw = f"{overlay}: KafkaTopic {name_of(topic)}"
        report.check(topic.get("apiVersion") == "kafka.strimzi.io/v1", f"{tw}: apiVersion {topic.get('apiVersion')}")
        report.check(topic.get("metadata", {}).get("labels", {}).get("strimzi.io/cluster") == cluster,
                     f"{tw}: strimzi.io/cluster label does not name Kafka {cluster}, so no topic operator reconciles it")
        report.check(DNS_SUBDOMAIN.match(name_of(topic)) is not None and len(name_of(topic)) <= 253, f"{tw}: not a valid resource name")
        topic_spec = topic.get("spec", {})
        report.check(KAFKA_TOPIC_NAME.match(str(topic_spec.get("topicName", ""))) is not None, f"{tw}: topicName {topic_spec.get('topicName')} is not a Kafka topic name")
        for field in ("partitions", "replicas"):
            report.check(is_int(topic_spec.get(field)) and topic_spec[field] >= 1, f"{tw}: {field} {topic_spec.get(field)} must be a positive whole number")
        report.check(isinstance(topic_spec.get("config", {}), dict), f"{tw}: config must be a map")


def check_cloudnativepg(report, overlay, resources, deployments):
    clusters = {name_of(cluster): cluster for cluster in of_kind(resources, "Cluster", "postgresql.cnpg.io")}
    databases = {}
    for name, cluster in clusters.items():
        cw = f"{overlay}: Cluster {name}"
        report.check(cluster.get("apiVersion") == "postgresql.cnpg.io/v1", f"{cw}: apiVersion {cluster.get('apiVersion')}")
        spec = cluster.get("spec", {})
        instances = spec.get("instances")
        report.check(is_int(instances) and instances >= 1, f"{cw}: instances {instances}")
        report.check(QUANTITY.match(str(spec.get("storage", {}).get("size", ""))) is not None, f"{cw}: storage.size {spec.get('storage', {}).get('size')}")
        initdb = spec.get("bootstrap", {}).get("initdb", {})
        database, owner = initdb.get("database"), initdb.get("owner")
        report.check(bool(database) and bool(owner), f"{cw}: bootstrap.initdb must name the database and its owner")
        report.check(database == owner, f"{cw}: database {database} is owned by {owner}; each service's database has an owner of the same name")
        databases[database] = name
    report.check(set(databases) == set(DATABASES.values()),
                 f"{overlay}: Clusters bootstrap databases {sorted(databases)}, expected one per service: {sorted(DATABASES.values())}")

    for deployment in deployments:
        dw = f"{overlay}: Deployment {name_of(deployment)}"
        database = pod_labels(deployment).get("orderflow/database")
        expected_database = DATABASES.get(name_of(deployment)) or RELAYS.get(name_of(deployment))
        report.check(database == expected_database, f"{dw}: orderflow/database label {database}, expected {expected_database}")
        cluster = databases.get(database)
        if not report.check(cluster is not None, f"{dw}: no Cluster bootstraps its database {database}"):
            continue
        values = settings(resources, deployment)
        volumes = {volume["name"]: volume for volume in deployment["spec"]["template"]["spec"].get("volumes", [])}
        mounts = {mount["name"]: mount for mount in (container(deployment) or {}).get("volumeMounts", [])}
        url_secret = volumes.get("database", {}).get("secret", {})
        report.check(url_secret.get("secretName") == f"{cluster}-app" and [item.get("key") for item in url_secret.get("items", [])] == ["uri"],
                     f"{dw}: the database volume must project only uri of CloudNativePG's Secret {cluster}-app (it is {url_secret})")
        report.check(not url_secret.get("optional", False), f"{dw}: the database URL's Secret must not be optional")
        url_mount = mounts.get("database", {}).get("mountPath")
        url_file = values.get("DATABASE_URL_FILE")
        report.check(url_mount is not None and url_file == f"{url_mount}/uri",
                     f"{dw}: DATABASE_URL_FILE {url_file} is not the mounted {cluster}-app uri ({url_mount}/uri)")
        secret = volumes.get("postgres-ca", {}).get("secret", {})
        report.check(secret.get("secretName") == f"{cluster}-ca" and [item.get("key") for item in secret.get("items", [])] == ["ca.crt"],
                     f"{dw}: the postgres-ca volume must project only ca.crt of {cluster}-ca (it is {secret})")
        root_certificate = values.get("PGSSLROOTCERT")
        mount_path = mounts.get("postgres-ca", {}).get("mountPath")
        report.check(mount_path is not None and root_certificate == f"{mount_path}/ca.crt",
                     f"{dw}: PGSSLROOTCERT {root_certificate} is not the mounted CA ({mount_path}/ca.crt)")


def check_keda(report, overlay, resources, deployments):
    topic_names = {topic.get("spec", {}).get("topicName") for topic in of_kind(resources, "KafkaTopic")}
    targets = set()
    for scaled in of_kind(resources, "ScaledObject", "keda.sh"):
        sw = f"{overlay}: ScaledObject {name_of(scaled)}"
        report.check(scaled.get("apiVersion") == "keda.sh/v1alpha1", f"{sw}: apiVersion {scaled.get('apiVersion')}")
        spec = scaled.get("spec", {})
        target_ref = spec.get("scaleTargetRef", {})
        target = named(resources, "Deployment", target_ref.get("name"))
        if not report.check(target is not None and target_ref.get("kind", "Deployment") == "Deployment",
                            f"{sw}: scaleTargetRef {target_ref} is not a Deployment of this overlay"):
            continue
        report.check(target_ref.get("name") not in targets, f"{sw}: a second ScaledObject for Deployment {target_ref.get('name')}")
        targets.add(target_ref.get("name"))
        report.check("replicas" not in target["spec"], f"{sw}: Deployment {name_of(target)} sets replicas, which KEDA owns (apply would reset them)")
        low, high = spec.get("minReplicaCount"), spec.get("maxReplicaCount")
        report.check(is_int(low) and is_int(high) and 1 <= low <= high, f"{sw}: minReplicaCount {low} / maxReplicaCount {high}")
        for field in ("pollingInterval", "cooldownPeriod"):
            report.check(is_int(spec.get(field)) and spec[field] > 0, f"{sw}: {field} {spec.get(field)}")
        variables = settings(resources, target)
        triggers = spec.get("triggers") or []
        report.check(len(triggers) > 0, f"{sw}: no triggers")
        for index, trigger in enumerate(triggers):
            tw = f"{sw}: trigger {index} ({trigger.get('type')})"
            metadata = trigger.get("metadata") or {}
            report.check(all(isinstance(value, str) for value in metadata.values()),
                         f"{tw}: metadata values must be strings (KEDA reads a map of strings): {metadata}")
            if trigger.get("type") == "kafka":
                report.check(set(metadata) <= KAFKA_TRIGGER_KEYS, f"{tw}: unknown metadata {sorted(set(metadata) - KAFKA_TRIGGER_KEYS)}")
                report.check(KAFKA_TRIGGER_REQUIRED <= set(metadata), f"{tw}: missing {sorted(KAFKA_TRIGGER_REQUIRED - set(metadata))}")
                report.check(metadata.get("bootstrapServers") == variables.get("KAFKA_BROKERS"),
                             f"{tw}: bootstrapServers {metadata.get('bootstrapServers')} is not the Deployment's KAFKA_BROKERS {variables.get('KAFKA_BROKERS')}")
                report.check(metadata.get("consumerGroup") == variables.get("GROUP_ID"),
                             f"{tw}: consumerGroup {metadata.get('consumerGroup')} is not the Deployment's GROUP_ID {variables.get('GROUP_ID')}")
                report.check(metadata.get("topic") in topic_names, f"{tw}: topic {metadata.get('topic')} has no KafkaTopic")
                for key in ("lagThreshold", "activationLagThreshold"):
                    if key in metadata:
                        report.check(DIGITS.match(metadata[key]) is not None and (key != "lagThreshold" or int(metadata[key]) > 0),
                                     f"{tw}: {key} {metadata[key]} must be a whole number")
                report.check(metadata.get("offsetResetPolicy", "latest") in ("earliest", "latest"), f"{tw}: offsetResetPolicy {metadata.get('offsetResetPolicy')}")
                for key in ("allowIdleConsumers", "excludePersistentLag", "limitToPartitionsWithLag", "scaleToZeroOnInvalidOffset"):
                    if key in metadata:
                        report.check(metadata[key] in BOOLEAN_TEXT, f"{tw}: {key} must be \"true\" or \"false\"")
            elif trigger.get("type") == "cpu":
                report.check(trigger.get("metricType") in CPU_METRIC_TYPES, f"{tw}: metricType {trigger.get('metricType')} is not one of {sorted(CPU_METRIC_TYPES)}")
                report.check(DIGITS.match(metadata.get("value", "")) is not None, f"{tw}: value {metadata.get('value')} must be a whole number")
                requests = (container(target) or {}).get("resources", {}).get("requests", {})
                report.check("cpu" in requests, f"{tw}: the CPU trigger needs a CPU request on {name_of(target)}'s container")
            else:
                report.fail(f"{tw}: orderflow scales on kafka and cpu triggers only")
    for hpa in of_kind(resources, "HorizontalPodAutoscaler"):
        report.check(hpa.get("spec", {}).get("scaleTargetRef", {}).get("name") not in targets,
                     f"{overlay}: HorizontalPodAutoscaler {name_of(hpa)} targets a Deployment KEDA already scales")


def check_prometheus(report, overlay, resources, deployments):
    services = of_kind(resources, "Service")
    cnpg_clusters = {name_of(cluster) for cluster in of_kind(resources, "Cluster", "postgresql.cnpg.io")}
    for monitor in of_kind(resources, "PodMonitor", "monitoring.coreos.com") + of_kind(resources, "ServiceMonitor", "monitoring.coreos.com"):
        mw = f"{overlay}: {monitor['kind']} {name_of(monitor)}"
        report.check(monitor.get("apiVersion") == "monitoring.coreos.com/v1", f"{mw}: apiVersion {monitor.get('apiVersion')}")
        spec = monitor.get("spec", {})
        selector = spec.get("selector")
        report.check(isinstance(selector, dict) and (selector.get("matchLabels") or selector.get("matchExpressions")),
                     f"{mw}: needs a non-empty selector (an empty one selects everything in the namespace)")
        endpoints = spec.get("podMetricsEndpoints" if monitor["kind"] == "PodMonitor" else "endpoints") or []
        report.check(len(endpoints) > 0, f"{mw}: no endpoints")
        for endpoint in endpoints:
            report.check(isinstance(endpoint.get("port"), str) and endpoint["port"] != "", f"{mw}: endpoint must name its port: {endpoint}")
            if "interval" in endpoint:
                report.check(DURATION.match(str(endpoint["interval"])) is not None, f"{mw}: interval {endpoint['interval']}")
            for relabeling in endpoint.get("relabelings", []):
                report.check(set(relabeling) <= {"sourceLabels", "targetLabel", "action", "regex", "replacement", "separator", "modulus"},
                             f"{mw}: relabeling {relabeling} has unknown fields")
        if monitor["kind"] == "PodMonitor":
            selected = [d for d in deployments if selects(selector, pod_labels(d))]
            postgres = [c for c in (selector or {}).get("matchExpressions", []) if c.get("key") == "cnpg.io/cluster"]
            if postgres:
                report.check(all(set(c.get("values", [])) <= cnpg_clusters for c in postgres),
                             f"{mw}: selects PostgreSQL clusters that do not exist: {postgres}")
                continue
            report.check(len(selected) > 0, f"{mw}: selects no orderflow pods")
            for deployment in selected:
                ports = {port.get("name") for port in (container(deployment) or {}).get("ports", [])}
                for endpoint in endpoints:
                    report.check(endpoint.get("port") in ports, f"{mw}: port {endpoint.get('port')} is not a port of {name_of(deployment)}")
        else:
            selected = [s for s in services if selects(selector, s.get("metadata", {}).get("labels", {}))]
            report.check(len(selected) > 0, f"{mw}: selects no Service")
            for service in selected:
                ports = {port.get("name") for port in service.get("spec", {}).get("ports", [])}
                for endpoint in endpoints:
                    report.check(endpoint.get("port") in ports, f"{mw}: port {endpoint.get('port')} is not a port of Service {name_of(service)}")


def main():
    options = arguments(__doc__)
    report = Report("operators")
    for overlay in OVERLAYS:
        resources = render(options.root, overlay)
        deployments = [d for d in of_kind(resources, "Deployment", "apps") if pod_labels(d).get("app.kubernetes.io/part-of") == "orderflow"]
        check_strimzi(report, overlay, resources, deployments)
        check_cloudnativepg(report, overlay, resources, deployments)
        check_keda(report, overlay, resources, deployments)
        check_prometheus(report, overlay, resources, deployments)
    report.finish()


if __name__ == "__main__":
    main()

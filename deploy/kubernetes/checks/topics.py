"""The KafkaTopic resources agree with topics/topics.json field by field: one per topic (dead-letter
topics included) and no other, with its name, partitions, replication factor, retention and cleanup
policy. The production overlay may differ in one way only: every topic is replicated three times
with min.insync.replicas 2, and its Kafka cluster has the brokers for that."""

from manifests import OVERLAYS, Report, arguments, name_of, of_kind, render, topics

# Replication the production overlay gives every topic instead of topics.json's single-broker value.
PRODUCTION_REPLICAS = 3
PRODUCTION_MIN_INSYNC = 2


def broker_count(resources, cluster):
    return sum(pool.get("spec", {}).get("replicas", 0)
               for pool in of_kind(resources, "KafkaNodePool", "kafka.strimzi.io")
               if pool.get("metadata", {}).get("labels", {}).get("strimzi.io/cluster") == cluster
               and "broker" in pool.get("spec", {}).get("roles", []))


def main():
    options = arguments(__doc__)
    report = Report("topics")
    contract = {topic["name"]: topic for topic in topics(options.root)}
    for overlay in OVERLAYS:
        resources = render(options.root, overlay)
        kafka_topics = of_kind(resources, "KafkaTopic", "kafka.strimzi.io")
        by_name = {}
        for resource in kafka_topics:
            name = resource.get("spec", {}).get("topicName") or name_of(resource)
            report.check(name not in by_name, f"{overlay}: two KafkaTopics for topic {name}")
            by_name[name] = resource
        for name in sorted(set(contract) - set(by_name)):
            report.fail(f"{overlay}: topics/topics.json lists {name}, but no KafkaTopic creates it")
        for name in sorted(set(by_name) - set(contract)):
            report.fail(f"{overlay}: KafkaTopic {name_of(by_name[name])} creates {name}, which topics/topics.json does not list")
        for name, topic in sorted(contract.items()):
            resource = by_name.get(name)
            if resource is None:
                continue
            where = f"{overlay}: KafkaTopic {name_of(resource)} ({name})"
            spec = resource.get("spec", {})
            config = spec.get("config", {})
            report.check(spec.get("partitions") == topic["partitions"],
                         f"{where}: partitions {spec.get('partitions')}, topics/topics.json says {topic['partitions']}")
            retention = config.get("retention.ms")
            report.check(retention is not None and int(retention) == topic["retentionMs"],
                         f"{where}: retention.ms {retention}, topics/topics.json says {topic['retentionMs']}")
            report.check(config.get("cleanup.policy") == topic["cleanupPolicy"],
                         f"{where}: cleanup.policy {config.get('cleanup.policy')}, topics/topics.json says {topic['cleanupPolicy']}")
            if topic.get("deadLetterTopic"):
                report.check(topic["deadLetterTopic"] in by_name,
                             f"{where}: its dead-letter topic {topic['deadLetterTopic']} has no KafkaTopic")
            cluster = resource.get("metadata", {}).get("labels", {}).get("strimzi.io/cluster")
            expected_replicas = PRODUCTION_REPLICAS if overlay == "production" else topic["replicationFactor"]
            report.check(spec.get("replicas") == expected_replicas,
                         f"{where}: replicas {spec.get('replicas')}, expected {expected_replicas}"
                         + (" (production replicates every topic three times)" if overlay == "production" else " (topics/topics.json)"))
            if overlay == "production":
                insync = config.get("min.insync.replicas")
                report.check(insync is not None and int(insync) == PRODUCTION_MIN_INSYNC,
                             f"{where}: min.insync.replicas {insync}, expected {PRODUCTION_MIN_INSYNC}")
                allowed = {"retention.ms", "cleanup.policy", "min.insync.replicas"}
            else:
                allowed = {"retention.ms", "cleanup.policy"}
            report.check(set(config) <= allowed, f"{where}: config sets {sorted(set(config) - allowed)}, which topics/topics.json does not describe")
            brokers = broker_count(resources, cluster)
            report.check(brokers >= (spec.get("replicas") or 0),
                         f"{where}: {spec.get('replicas')} replicas but Kafka cluster {cluster} has {brokers} broker(s)")
    report.finish()


if __name__ == "__main__":
    main()

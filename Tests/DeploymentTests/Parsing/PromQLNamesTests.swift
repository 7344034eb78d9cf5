import Testing

@Suite("PromQL metric names")
struct PromQLNamesTests {
    @Test(arguments: [
        ("orderflow_outbox_oldest_age_seconds > 300", ["orderflow_outbox_oldest_age_seconds"]),
        (#"sum by (service, topic) (orderflow_consumer_lag) > 1000 and sum by (service, topic) (deriv(orderflow_consumer_lag[10m])) > 0"#,
         ["orderflow_consumer_lag"]),
        (#"histogram_quantile(0.99, sum by (service, type, le) (rate(orderflow_handler_duration_seconds_bucket{service=~"$service"}[$__rate_interval])))"#,
         ["orderflow_handler_duration_seconds_bucket"]),
        (#"orderflow_relay_owned_shards == 0 and on (job, instance) orderflow_outbox_backlog > 0"#,
         ["orderflow_relay_owned_shards", "orderflow_outbox_backlog"]),
        (#"sum(x_total unless x_total offset 5m) without (instance) / ignoring(type) group_left(service) y"#, ["x_total", "y"]),
        (#"count by (alertname) (ALERTS{alertstate="firing", summary="a {b} [c] (d) and e"})"#, ["ALERTS"]),
        (#"sum(rate(a:recorded:rate5m[1m])) * 1e3 + bool inf"#, ["a:recorded:rate5m"]),
        ("topk (3, sum(rate(c_total[5m])) by (le))", ["c_total"]),
        ("a * on (job) group_left rate(b_total[5m])", ["a", "b_total"]),
        (#"{__name__="hidden"} + 2"#, []),
    ] as [(String, Set<String>)])
    func findsTheMetricNames(expression: String, expected: Set<String>) {
        #expect(PromQLNames.names(in: expression) == expected, "\(expression)")
    }

    @Test func readsTheSelectorOfAGrafanaLabelValuesQuery() {
        #expect(PromQLNames.grafanaVariableExpression("label_values(orderflow_messages_consumed_total, service)")
                == "orderflow_messages_consumed_total")
        #expect(PromQLNames.grafanaVariableExpression(#"label_values(up{job="a,b"}, instance)"#) == #"up{job="a,b"}"#)
        #expect(PromQLNames.grafanaVariableExpression("sum(x)") == "sum(x)")
    }
}

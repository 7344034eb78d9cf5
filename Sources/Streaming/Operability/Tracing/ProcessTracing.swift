import Foundation
import Logging
import OTel
import ServiceLifecycle
import Synchronization
import Tracing

/// The process's tracer: swift-otel's, bootstrapped once at start when an OTLP endpoint is configured,
/// exporting over OTLP/HTTP with its batch span processor. Without an endpoint nothing is bootstrapped:
/// the pipeline makes no span at all (`isOn` is false) and the ecosystem's instrumentation
/// (Hummingbird's, say) meets swift-distributed-tracing's no-op tracer.
public enum ProcessTracing {
    private static let on = Atomic<Bool>(false)

    /// Whether this process records spans.
    public static var isOn: Bool { on.load(ordering: .relaxed) }

    /// Bootstraps the tracer and returns the service that exports its spans, as a member of the
    /// process's service group (put it first: a group shuts down in reverse order, so it flushes last);
    /// none without an endpoint.
    static func start(
        _ settings: TracingSettings, service: String, instance: String, logger: Logger
    ) throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard settings.isOn, !isOn else { return [] }
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName ?? service
        configuration.resourceAttributes["service.instance.id"] = instance
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        // Read from OTEL_EXPORTER_OTLP_HEADERS_FILE when given as a file; swift-otel reads the variable itself.
        if !settings.headers.isEmpty { configuration.traces.otlpExporter.headers = settings.headers.map { ($0.name, $0.value) } }
        // A blank variable means "the default" here, as for every other setting (compose passes blanks).
        let environment = ProcessInfo.processInfo.environment.filter { !$0.value.isEmpty }
        let exporting = try OTel.bootstrap(configuration: configuration, environment: environment)
        on.store(true, ordering: .relaxed)
        logger.info("tracing on: spans exported over OTLP", metadata: ["service.name": "\(configuration.serviceName)"])
        return [.init(service: exporting, serviceName: "span-export")]
    }
}

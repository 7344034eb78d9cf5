import Logging
import Synchronization
import Tracing

/// The process's tracer, installed once at start when an OTLP endpoint is configured. Without one,
/// nothing is installed: the pipeline's spans are never made (`recorder` is nil) and the ecosystem's
/// instrumentation (Hummingbird's, say) meets swift-distributed-tracing's no-op tracer.
public enum ProcessTracing {
    private static let installed = Mutex<SpanRecorder?>(nil)

    /// The tracer, when tracing is on.
    public static var recorder: SpanRecorder? { installed.withLock { $0 } }

    /// Installs the tracer and starts its export; nil (and nothing installed) without an endpoint. The
    /// caller awaits `shutdown()` of what it gets before the process exits, so the last spans go out.
    public static func start(
        _ settings: TracingSettings, service: String, instance: String, logger: Logger
    ) -> SpanExport? {
        guard let endpoint = settings.tracesEndpoint else { return nil }
        let export = SpanExport(
            endpoint: endpoint, headers: settings.headers,
            resource: [("service.name", settings.serviceName ?? service), ("service.instance.id", instance)], logger: logger)
        let recorder = SpanRecorder(sampler: settings.sampler, export: export)
        let first = installed.withLock { current -> Bool in
            guard current == nil else { return false }
            current = recorder
            return true
        }
        guard first else { return nil }
        InstrumentationSystem.bootstrap(recorder)
        Task.detached { await export.run() }
        logger.info("tracing on: spans exported over OTLP/HTTP", metadata: [
            "sampler": "\(settings.sampler.parentBased ? "parent-based, " : "")ratio \(settings.sampler.ratio)",
        ])
        return export
    }
}

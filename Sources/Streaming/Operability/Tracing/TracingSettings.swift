import Foundation

/// Where spans go and which traces are recorded, by the OpenTelemetry SDK's standard variables, which
/// swift-otel reads itself. They are declared and checked here too, so `--help` lists them and a wrong
/// value is one line at start like any other setting's. Without an endpoint tracing is off.
public struct TracingSettings: Sendable {
    /// An endpoint is set: spans are exported.
    public var isOn = false
    /// From `OTEL_EXPORTER_OTLP_HEADERS` or its `_FILE`: never logged.
    public var headers: [(name: String, value: String)] = []
    /// `service.name` of the spans; the process's own name unless set.
    public var serviceName: String?

    public init() {}
}

extension TracingSettings {
    public enum Variables {
        public static let endpoint = Setting.optionalString(
            name: "OTEL_EXPORTER_OTLP_ENDPOINT",
            description: "Base URL of an OTLP/HTTP receiver (an OpenTelemetry collector); spans go to <url>/v1/traces. Unset: tracing is off",
            example: "http://otel-collector:4318")
        public static let tracesEndpoint = Setting.optionalString(
            name: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            description: "Full URL spans are posted to, instead of OTEL_EXPORTER_OTLP_ENDPOINT's /v1/traces",
            example: "http://otel-collector:4318/v1/traces")
        public static let headers = Setting.optionalString(
            name: "OTEL_EXPORTER_OTLP_HEADERS", description: "Headers sent with every export, as name=value pairs separated by commas",
            example: "authorization=Bearer%20token"
        ).secret()
        /// gRPC is not built in (it would cost every build minutes): refused by name rather than ignored.
        public static let `protocol` = Setting.choice(
            name: "OTEL_EXPORTER_OTLP_PROTOCOL", description: "OTLP encoding over HTTP",
            default: "http/protobuf", options: [("http/protobuf", "http/protobuf"), ("http/json", "http/json")],
            example: "http/json")
        public static let sampler = Setting.choice(
            name: "OTEL_TRACES_SAMPLER", description: "Which traces are recorded",
            default: SamplerKind.parentBasedAlwaysOn, options: SamplerKind.allCases.map { ($0.rawValue, $0) },
            example: "parentbased_traceidratio")
        public static let samplerArgument = Setting(
            name: "OTEL_TRACES_SAMPLER_ARG",
            description: "Share of new traces recorded by the traceidratio samplers, from 0 to 1",
            example: "0.1", defaultValue: 1.0,
            rule: SettingRule(
                expectation: "a number from 0 to 1",
                parse: { text in Double(text).flatMap { (0...1).contains($0) ? $0 : nil } },
                placeholder: 1.0, text: { "\($0)" }))
        public static let serviceName = Setting.optionalString(
            name: "OTEL_SERVICE_NAME", description: "service.name of this process's spans (default: the process's name)",
            example: "payment-service-eu")

        /// In the order `--help` lists them and they are read.
        static let all: [any SettingDeclaration] = [
            endpoint, tracesEndpoint, headers, `protocol`, sampler, samplerArgument, serviceName,
        ]
    }

    public enum SamplerKind: String, Sendable, CaseIterable {
        case parentBasedAlwaysOn = "parentbased_always_on"
        case parentBasedAlwaysOff = "parentbased_always_off"
        case parentBasedTraceIDRatio = "parentbased_traceidratio"
        case alwaysOn = "always_on"
        case alwaysOff = "always_off"
        case traceIDRatio = "traceidratio"
    }

    init(from reader: inout EnvironmentReader) {
        typealias V = Variables
        let endpoints = [reader.read(V.tracesEndpoint), reader.read(V.endpoint)].compactMap { $0 }.filter { !$0.isEmpty }
        isOn = !endpoints.isEmpty
        for endpoint in endpoints where !(endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://")) {
            reader.report("\(V.endpoint.name) and \(V.tracesEndpoint.name) must be http:// or https:// URLs (e.g. \(V.endpoint.example)), got \"\(endpoint)\"")
        }
        if let text = reader.read(V.headers) {
            switch Self.headers(text) {
            case .success(let parsed): headers = parsed
            case .failure(let problem): reader.report("\(V.headers.name): \(problem)")
            }
        }
        _ = reader.read(V.protocol)
        _ = reader.read(V.sampler)
        _ = reader.read(V.samplerArgument)
        serviceName = reader.read(V.serviceName)
    }

    struct HeaderProblem: Error, CustomStringConvertible {
        var description: String
    }

    /// `name=value,name=value`, values percent-decoded as the OpenTelemetry specification writes them.
    /// A problem names the pair's position, never its value (it may be a credential).
    static func headers(_ text: String) -> Result<[(name: String, value: String)], HeaderProblem> {
        var parsed: [(name: String, value: String)] = []
        for (index, pair) in text.split(separator: ",").enumerated() {
            guard let equals = pair.firstIndex(of: "=") else {
                return .failure(HeaderProblem(description: "pair \(index + 1) has no '=' (expected name=value,name=value)"))
            }
            let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
            let raw = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, let value = raw.removingPercentEncoding else {
                return .failure(HeaderProblem(description: "pair \(index + 1) has an empty name or a bad percent-encoding"))
            }
            parsed.append((name, value))
        }
        return .success(parsed)
    }
}

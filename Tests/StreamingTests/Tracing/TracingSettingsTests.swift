import Testing

@testable import Streaming

/// The standard OpenTelemetry variables as the process checks them at start: no endpoint means no
/// tracing, and every mistake is one line that never shows a header's value.
@Suite struct TracingSettingsTests {
    static func read(_ environment: [String: String]) -> (TracingSettings, [String]) {
        var reader = EnvironmentReader(environment)
        let settings = TracingSettings(from: &reader)
        return (settings, reader.problems)
    }

    @Test func anEndpointTurnsTracingOn() {
        #expect(!Self.read([:]).0.isOn)
        #expect(!Self.read(["OTEL_EXPORTER_OTLP_ENDPOINT": ""]).0.isOn, "blank is unset")
        #expect(Self.read(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"]).0.isOn)
        #expect(Self.read(["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://traces.example/v1/traces"]).0.isOn)
    }

    @Test func samplersAndTheirArgumentAreChecked() {
        #expect(Self.read(["OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.25"]).1.isEmpty)
        #expect(Self.read(["OTEL_TRACES_SAMPLER_ARG": "2"]).1.first?.contains("OTEL_TRACES_SAMPLER_ARG") == true)
        #expect(Self.read(["OTEL_TRACES_SAMPLER": "sometimes"]).1.first?.contains("parentbased_always_on") == true)
    }

    @Test func headersAreParsedAndTheirValuesNeverReported() {
        let (settings, problems) = Self.read([
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_EXPORTER_OTLP_HEADERS": "authorization=Bearer%20s3cret, x-tenant=eu",
        ])
        #expect(problems.isEmpty)
        #expect(settings.headers.map(\.name) == ["authorization", "x-tenant"])
        #expect(settings.headers.first?.value == "Bearer s3cret")
        let bad = Self.read(["OTEL_EXPORTER_OTLP_HEADERS": "token-s3cret"]).1
        #expect(bad.count == 1 && !bad[0].contains("s3cret"), "\(bad)")
    }

    @Test func gRPCAndOtherSchemesAreRefused() {
        #expect(Self.read(["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"]).1.first?.contains("http/protobuf") == true)
        #expect(Self.read(["OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"]).1.isEmpty)
        #expect(Self.read(["OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"]).1.first?.contains("http://") == true)
    }
}

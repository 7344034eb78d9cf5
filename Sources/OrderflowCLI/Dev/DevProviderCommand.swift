import ArgumentParser
import Foundation
import LocalStack
import PaymentProvider

/// `orderflow dev psp`: switches the payment provider simulator's faults at run time.
struct DevProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psp",
        abstract: "Break the payment provider simulator on purpose (latency, 5xx, hangs, an outage, one failing order), or heal it.",
        discussion: """
            Replaces the provider's faults with the ones given (those not given are off) and prints them.
            Without options it only prints them. The dev stack's provider unless --url names another.
            Examples:
              orderflow dev psp --latency 200ms --jitter 50ms --error-rate 0.2 --hang-rate 0.05
              orderflow dev psp --down 30s          # refuses every call for 30 s, then recovers by itself
              orderflow dev psp --fail-reference ORDER_ID   # that order's calls answer 503, the rest go through
              orderflow dev psp --reset             # healthy again at once
            """)

    @Option(help: "Added to every call, e.g. 200ms or 1.5s.")
    var latency: ProviderDuration?

    @Option(help: "The added latency varies by up to this much either way, e.g. 50ms.")
    var jitter: ProviderDuration?

    @Option(name: .customLong("error-rate"), help: "Share of calls answered 503 without being carried out (0 to 1).")
    var errorRate: Double?

    @Option(name: .customLong("hang-rate"), help: "Share of calls that never answer until the faults are reset (0 to 1).")
    var hangRate: Double?

    @Option(help: "Refuse every call for this long from now, e.g. 30s; the provider then recovers by itself.")
    var down: ProviderDuration?

    @Option(name: .customLong("fail-reference"), help: ArgumentHelp(
        "Answer 503 to every charge and refund of this reference (orderflow: an order id) until the faults change; "
            + "the payment service parks that order's key while the others flow.",
        valueName: "reference"))
    var failReference: String?

    @Flag(help: "Back to healthy at once: no latency, no errors, hanging calls let go, up again.")
    var reset = false

    @Option(help: "The provider's base URL (default: the running dev stack's provider).")
    var url: String?

    mutating func validate() throws {
        for (name, rate) in [("--error-rate", errorRate), ("--hang-rate", hangRate)] {
            if let rate, !(0...1).contains(rate) { throw ValidationError("\(name) must be between 0 and 1") }
        }
        if let failReference, failReference.isEmpty || failReference.count > 255 {
            throw ValidationError("--fail-reference must be 1 to 255 characters")
        }
        if reset && asksForFaults {
            throw ValidationError("--reset heals the provider; it takes no fault options")
        }
    }

    var asksForFaults: Bool {
        latency != nil || jitter != nil || errorRate != nil || hangRate != nil || down != nil || failReference != nil
    }

    mutating func run() async throws {
        let admin = PaymentProviderAdmin(baseURL: try providerURL())
        let faults: FaultSettings
        do {
            if reset {
                faults = try await admin.reset()
            } else if asksForFaults {
                faults = try await admin.apply(FaultSettings(
                    latencyMs: latency?.milliseconds ?? 0, jitterMs: jitter?.milliseconds ?? 0, errorRate: errorRate ?? 0,
                    hangRate: hangRate ?? 0, downForMs: down?.milliseconds ?? 0, failReference: failReference))
            } else {
                faults = try await admin.faults()
            }
        } catch {
            throw DevError("\(error)")
        }
        for line in Self.describe(faults, at: admin.baseURL) { say(line) }
    }

    private func providerURL() throws -> String {
        if let url { return url }
        let directory = DevStateDirectory.current()
        guard directory.runningPID() != nil, let state = directory.readState(),
              let provider = state.processes.first(where: { $0.id == .provider })
        else {
            throw DevError("no dev stack with a payment provider is running here (start one with `orderflow dev up`, or give --url)")
        }
        return PaymentProviderWiring.url(port: provider.httpPort)
    }

    static func describe(_ faults: FaultSettings, at url: String) -> [String] {
        guard faults != .healthy else { return ["payment provider \(url): healthy"] }
        var parts: [String] = []
        if faults.latencyMs > 0 || faults.jitterMs > 0 { parts.append("latency \(faults.latencyMs) ms ± \(faults.jitterMs) ms") }
        if faults.errorRate > 0 { parts.append("error rate \(faults.errorRate)") }
        if faults.hangRate > 0 { parts.append("hang rate \(faults.hangRate)") }
        if faults.downForMs > 0 { parts.append("down for \(faults.downForMs / 1000) s more") }
        if let reference = faults.failReference { parts.append("503 for reference \(reference)") }
        return ["payment provider \(url): " + parts.joined(separator: ", ")]
    }
}

/// A duration as people type it: `200ms`, `1.5s`, `2m`, or a bare number of milliseconds.
struct ProviderDuration: ExpressibleByArgument, Sendable {
    var milliseconds: Int

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, factor: Double)] = [("ms", 1), ("s", 1_000), ("m", 60_000)]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let value = Double(text.dropLast(unit.suffix.count)), value >= 0 else { return nil }
            milliseconds = Int((value * unit.factor).rounded())
            return
        }
        guard let value = Int(text), value >= 0 else { return nil }
        milliseconds = value
    }
}

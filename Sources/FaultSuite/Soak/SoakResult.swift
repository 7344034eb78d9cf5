import Foundation

/// What a soak found, and where its samples went.
public struct SoakResult: Sendable {
    public var plan: SoakPlan
    public var ordersPublished = 0
    public var ordersSettled = 0
    public var samples = 0
    public var faults: [String] = []
    public var problems: [String] = []
    public var notes: [String] = []
    public var csvFile: String?
    public var chartFile: String?

    public var passed: Bool { problems.isEmpty && samples > 0 }

    public var text: String {
        var lines = [
            "soak: \(passed ? "PASSED" : "FAILED") — \(ordersPublished) orders at \(plan.rate)/s over \(Int(plan.duration / .seconds(1))) s, "
                + "\(ordersSettled) settled, \(samples) samples, \(faults.count) faults",
        ]
        lines += faults.map { "  fault: \($0)" }
        lines += problems.map { "  problem: \($0)" }
        lines += notes.map { "  \($0)" }
        if let csvFile { lines.append("  samples: \(csvFile)") }
        if let chartFile { lines.append("  chart:   \(chartFile)") }
        return lines.joined(separator: "\n")
    }
}

/// The outcome of one scenario: its figures, the throughput samples behind them and latency percentiles.
public struct ScenarioResult: Codable, Sendable {
    public var figures: [Figure] = []
    public var series: [ThroughputSeries] = []
    public var latencies: [LatencySummary] = []
    /// Why figures may not be trusted; empty when valid.
    public var problems: [String] = []
    public var notes: [String] = []
    /// File name of the chart written next to the JSON file.
    public var chart: String?
    public var skipped: String?

    public init() {}

    public static func skipped(_ reason: String) -> ScenarioResult {
        var result = ScenarioResult()
        result.skipped = reason
        return result
    }

    public var valid: Bool { problems.isEmpty }

    public func figure(_ name: String) -> Figure? { figures.first { $0.name == name } }
}

/// One measured number, with the baseline it is read against (if it has one) and their ratio.
public struct Figure: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double
    public var unit: String
    public var baseline: String?
    public var baselineValue: Double?

    public init(_ name: String, _ value: Double, unit: String, baseline: String? = nil, baselineValue: Double? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.baseline = baseline
        self.baselineValue = baselineValue
    }

    public var ratio: Double? {
        guard let baselineValue, baselineValue > 0 else { return nil }
        return value / baselineValue
    }

    enum CodingKeys: String, CodingKey { case name, value, unit, baseline, baselineValue, ratio }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        value = try container.decode(Double.self, forKey: .value)
        unit = try container.decode(String.self, forKey: .unit)
        baseline = try container.decodeIfPresent(String.self, forKey: .baseline)
        baselineValue = try container.decodeIfPresent(Double.self, forKey: .baselineValue)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encode(unit, forKey: .unit)
        try container.encodeIfPresent(baseline, forKey: .baseline)
        try container.encodeIfPresent(baselineValue, forKey: .baselineValue)
        try container.encodeIfPresent(ratio, forKey: .ratio)
    }
}

/// Completed work over time in one run, sampled at a fixed interval, for the throughput chart.
public struct ThroughputSeries: Codable, Sendable {
    public var label: String
    public var intervalSeconds: Double
    /// Events per second in each interval.
    public var rates: [Double]

    public init(label: String, intervalSeconds: Double, rates: [Double]) {
        self.label = label
        self.intervalSeconds = intervalSeconds
        self.rates = rates
    }
}

/// Latency percentiles of one distribution, in milliseconds.
public struct LatencySummary: Codable, Sendable {
    public var label: String
    public var count: Int
    public var p50: Double
    public var p95: Double
    public var p99: Double
    public var max: Double

    public init(label: String, count: Int, p50: Double, p95: Double, p99: Double, max: Double) {
        self.label = label
        self.count = count
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.max = max
    }
}

/// One of the targets: a ratio of two figures of the same run and the bound it must meet.
public struct TargetCheck: Codable, Sendable {
    public var name: String
    public var ratio: Double?
    /// `>=` or `<=`.
    public var comparison: String
    public var bound: Double
    public var met: Bool
    public var detail: String

    public init(name: String, ratio: Double?, comparison: String, bound: Double, detail: String) {
        self.name = name
        self.ratio = ratio
        self.comparison = comparison
        self.bound = bound
        self.detail = detail
        if let ratio {
            met = comparison == "<=" ? ratio <= bound : ratio >= bound
        } else {
            met = false
        }
    }
}

/// The request versions a broker serves, from its ApiVersions answer: for each API key it knows, the
/// lowest and highest version.
public struct APIVersions: Sendable, Hashable {
    public var ranges: [Int16: ClosedRange<Int16>]

    public init(_ ranges: [Int16: ClosedRange<Int16>]) {
        self.ranges = ranges
    }

    public func supports(_ api: KafkaAPI) -> Bool { ranges[api.rawValue] != nil }

    /// The highest version of `api` the broker serves; nil when it does not serve it at all.
    public func highest(_ api: KafkaAPI) -> Int16? { ranges[api.rawValue]?.upperBound }

    /// What any of two brokers offers: every API either serves, its range widened to cover both.
    public func merged(with other: APIVersions) -> APIVersions {
        APIVersions(ranges.merging(other.ranges) { min($0.lowerBound, $1.lowerBound)...max($0.upperBound, $1.upperBound) })
    }
}

extension Duration {
    /// Whole milliseconds, never negative.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        guard !total.overflow else { return seconds > 0 ? Int64.max : 0 }
        return max(0, total.partialValue + attoseconds / 1_000_000_000_000_000)
    }

    /// Milliseconds for librdkafka's `int timeout_ms` parameters.
    package var timeoutMilliseconds: Int32 {
        Int32(clamping: wholeMilliseconds)
    }
}

import Tracing

extension Span {
    /// Records `error` as the span's exception and marks the span failed with it.
    public func fail(with error: any Error) {
        recordError(error)
        setStatus(SpanStatus(code: .error, message: "\(error)"))
    }
}

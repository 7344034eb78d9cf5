import Hummingbird

/// The request context of every service's HTTP server: Hummingbird's basic context plus the peer's
/// address, which the order API's rate limit falls back to for requests without a subject.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address ("unknown" when the transport has none, as in router tests).
    public let peerAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// While the provider is down, closes every connection at its next API request without an answer, as a
/// provider whose process died does; keep-alive connections opened before the outage are cut the same
/// way. The admin endpoint stays reachable, so the outage can be ended early.
final class RefuseWhileDown: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let faults: FaultSwitch
    let metrics: ProviderMetrics

    init(faults: FaultSwitch, metrics: ProviderMetrics) {
        self.faults = faults
        self.metrics = metrics
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), faults.isDown, !(head.path ?? "").hasPrefix(ProviderRoutes.adminPrefix) {
            metrics.faulted("refused")
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}

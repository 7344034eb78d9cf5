#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Turns Nagle's algorithm off on the dev broker's connections, as Kafka brokers do (`TCP_NODELAY`).
///
/// librdkafka 2.0.2's mock cluster leaves it on. A producer sends one request per partition, so a batch
/// spread over several partitions gets several small responses on one connection; with Nagle on, the
/// second waits for the client's delayed ACK, and every such batch took about 45 ms instead of about 6.
/// The mock accepts connections on a thread of its own with no hook, so a background thread looks for
/// the process's sockets bound to the broker's ports and sets the option on the ones that lack it.
final class BrokerSocketTuner: Sendable {
    private let ports: Set<UInt16>
    private let stopped = Atomic<Bool>(false)
    private let interval: Duration

    init(bootstrapServers: String, interval: Duration = .milliseconds(20)) {
        ports = Set(bootstrapServers.split(separator: ",").compactMap { address in
            address.split(separator: ":").last.flatMap { UInt16($0) }
        })
        self.interval = interval
    }

    func start() {
        let thread = Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                tuneOnce()
                Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
            }
        }
        thread.name = "kafka.devbroker.nodelay"
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .releasing) }

    /// Sets `TCP_NODELAY` on every broker-side connection that lacks it; returns how many it changed.
    @discardableResult
    func tuneOnce() -> Int {
        var changed = 0
        for descriptor in brokerConnections() where !Self.noDelay(descriptor) {
            var one: Int32 = 1
            if setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 {
                changed += 1
            }
        }
        return changed
    }

    /// Open TCP sockets of this process whose local port is one of the broker's (its accepted connections
    /// and its listeners).
    func brokerConnections() -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return [] }
        return entries.compactMap { Int32($0) }.filter { descriptor in
            guard let port = Self.localTCPPort(descriptor) else { return false }
            return ports.contains(port)
        }
    }

    static func noDelay(_ descriptor: Int32) -> Bool {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length) == 0 else { return true }
        return value != 0
    }

    #if os(Linux)
    private static let streamSocketType = Int32(SOCK_STREAM.rawValue)
    #else
    private static let streamSocketType = SOCK_STREAM
    #endif

    private static func localTCPPort(_ descriptor: Int32) -> UInt16? {
        var type: Int32 = 0
        var typeLength = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &typeLength) == 0, type == streamSocketType else {
            return nil
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return nil }
        switch Int32(address.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
        default:
            return nil
        }
    }
}

import CRdKafka
import Glibc
import Logging
import Synchronization

/// Owns one `rd_kafka_t` and makes its destruction safe against concurrent use.
///
/// Every use of the raw pointer goes through `withHandle`, which holds a shared (read) lock for the
/// duration of the call; `destroy` takes the exclusive (write) lock, so it waits for in-flight calls and no
/// call can start on a destroyed handle. This is why the class can be `@unchecked Sendable`: the pointer is
/// immutable and only dereferenced under that lock, and librdkafka's API is itself thread-safe.
package final class ClientHandle: @unchecked Sendable {
    let context: ClientContext
    let name: String
    private let pointer: OpaquePointer
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private let isClosed = Atomic<Bool>(false)

    /// Creates the client. `conf` is consumed (freed by librdkafka on success, by this initializer on failure).
    init(type: rd_kafka_type_t, conf: OpaquePointer, context: ClientContext, what: String) throws(KafkaError) {
        rd_kafka_conf_set_opaque(conf, context.retainForHandle())
        var errorBuffer = [CChar](repeating: 0, count: 512)
        guard let pointer = rd_kafka_new(type, conf, &errorBuffer, errorBuffer.count) else {
            rd_kafka_conf_destroy(conf)
            context.releaseFromHandle()
            throw KafkaError.invalidArgument("creating \(what)", String(errorBuffer: errorBuffer))
        }
        self.pointer = pointer
        self.context = context
        self.name = String(cString: rd_kafka_name(pointer))
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    /// A client of its own, configured by `entries` and logging through `logger`: for code in this package
    /// outside the module that needs a bare handle (the dev broker's mock cluster is owned by one).
    package convenience init(type: rd_kafka_type_t, entries: [(String, String)], logger: Logger, what: String) throws(KafkaError) {
        let conf = try NativeConfiguration.make([("log_level", LibrdkafkaLog.defaultLevel)] + entries, context: "configuring \(what)")
        LibrdkafkaLog.install(on: conf)
        try self.init(type: type, conf: conf, context: ClientContext(logger: logger), what: what)
    }

    deinit {
        destroy { _ in }
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    var closed: Bool { isClosed.load(ordering: .acquiring) }

    /// Runs `body` with the live handle, or throws a "closed" error naming `operation`.
    package func withHandle<T>(_ operation: String, _ body: (OpaquePointer) throws(KafkaError) -> T) throws(KafkaError) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        guard !isClosed.load(ordering: .acquiring) else { throw KafkaError.closed(operation) }
        return try body(pointer)
    }

    /// Runs `body` with the handle even if it is marked closed, as long as it is not destroyed yet.
    func withRawHandle(_ body: (OpaquePointer) -> Void) {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        guard !destroyed.withLock({ $0 }) else { return }
        body(pointer)
    }

    /// Marks the handle closed so new calls fail fast; in-flight calls finish normally.
    func markClosed() {
        isClosed.store(true, ordering: .releasing)
    }

    /// Waits for in-flight calls, runs `finalize` (e.g. consumer close, purge) and destroys the handle.
    /// Idempotent. Blocks: call it from a dedicated thread or dispatch queue, never from a Swift task.
    package func destroy(_ finalize: (OpaquePointer) -> Void) {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        let wasDestroyed = destroyed.withLock { destroyed in
            defer { destroyed = true }
            return destroyed
        }
        guard !wasDestroyed else { return }
        isClosed.store(true, ordering: .releasing)
        finalize(pointer)
        rd_kafka_destroy(pointer)
        context.releaseFromHandle()
    }

    private let destroyed = Mutex(false)
}

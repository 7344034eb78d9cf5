import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM handling. The first signal only raises a flag: long-running commands check
/// it between polls and batches, stop, print what they have and exit 130. A second signal exits at once.
enum Interrupt {
    private static let count = Atomic<Int>(0)
    /// The signal sources must stay alive for the process lifetime. Unchecked: the array is only stored
    /// (once, under the mutex) to keep the sources referenced, never read or mutated afterwards.
    private struct RetainedSources: @unchecked Sendable {
        var sources: [any DispatchSourceSignal] = []
    }

    private static let sources = Mutex(RetainedSources())

    static var requested: Bool { count.load(ordering: .acquiring) > 0 }

    static func install() {
        let queue = DispatchQueue(label: "orderflow.signals")
        var installed: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                let seen = count.add(1, ordering: .acquiringAndReleasing).newValue
                if seen >= 2 {
                    Terminal.err("orderflow: interrupted")
                    exit(130)
                }
            }
            source.resume()
            installed.append(source)
        }
        // Writing to a pipe whose reader went away (`orderflow tail ... | head`) must not kill the process.
        signal(SIGPIPE, SIG_IGN)
        let retained = RetainedSources(sources: installed)
        sources.withLock { $0 = retained }
    }

    /// Sleeps up to `duration`, waking early when interrupted. Returns false when interrupted.
    @discardableResult
    static func sleep(for duration: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: duration)
        while clock.now < deadline {
            if requested { return false }
            let step = min(Duration.milliseconds(100), clock.now.duration(to: deadline))
            try? await Task.sleep(for: step)
        }
        return !requested
    }
}

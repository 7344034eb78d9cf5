#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where finished log lines go. Each call receives one complete line, newline included.
public struct LogOutput: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ writeLine: @escaping @Sendable (String) -> Void) {
        self.writeLine = writeLine
    }

    public func write(_ line: String) {
        writeLine(line)
    }

    /// Standard output, unbuffered, so lines reach a pipe (the dev stack, a container runtime) at once
    /// and lines from different threads never interleave.
    public static let standardOutput = LogOutput { line in
        StandardOutputWriter.shared.write(line)
    }
}

private final class StandardOutputWriter: Sendable {
    static let shared = StandardOutputWriter()

    /// Serialises writers: a line longer than the pipe buffer could otherwise be split by another line.
    private let lock = Mutex(())

    func write(_ line: String) {
        var bytes = Array(line.utf8)
        lock.withLock { _ in
            bytes.withUnsafeMutableBytes { buffer in
                guard var pointer = buffer.baseAddress else { return }
                var remaining = buffer.count
                while remaining > 0 {
                    let written = Self.systemWrite(1, pointer, remaining)
                    if written > 0 {
                        pointer += written
                        remaining -= written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        // stdout is closed or broken; a logger must not take the process down over it.
                        return
                    }
                }
            }
        }
    }

    private static func systemWrite(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Darwin)
        Darwin.write(fd, pointer, count)
        #elseif canImport(Musl)
        Musl.write(fd, pointer, count)
        #else
        Glibc.write(fd, pointer, count)
        #endif
    }
}

import Foundation

/// One chaos run per managed PostgreSQL directory: a second run would restart the server under the first.
/// An exclusive `flock` on `<directory>.lock`, held until the process exits (the kernel drops it even on a
/// crash, so a stale lock never blocks).
enum ChaosLock {
    static func acquire(for directory: URL) throws {
        let path = directory.standardizedFileURL.path + ".lock"
        try? FileManager.default.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw CLIError("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw CLIError("another orderflow chaos is running on \(directory.path); wait for it or pass another --postgres-dir")
        }
        // Deliberately never closed: the lock lasts as long as this process.
    }
}

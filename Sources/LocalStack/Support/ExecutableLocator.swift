import Foundation

/// Where the pipeline's built executables and `topics/topics.json` are, for the CLI (which runs from
/// the build directory) and for the tests (which run next to it).
public enum ExecutableLocator {
    /// Names the build directory explicitly; the tests look there first.
    public static let directoryVariable = "ORDERFLOW_BIN_DIR"

    /// The running binary: its resolved path on Linux, else what the bundle or argv[0] says.
    public static var ownExecutable: URL {
        resolvedOwnExecutable
            ?? Bundle.main.executableURL
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    /// The given directory, else the running binary's, provided it holds every one of `executables`.
    public static func directory(
        _ explicitPath: String?, holding executables: [String] = PipelineService.executables
    ) throws(ExecutableLocatorError) -> URL {
        let directory = explicitPath.map { URL(fileURLWithPath: $0) } ?? ownExecutable.deletingLastPathComponent()
        let missing = executables.filter { !isExecutable($0, in: directory) }
        guard missing.isEmpty else { throw .missing(directory: directory.path, executables: missing) }
        return directory
    }

    /// The first directory holding every one of `executables`, trying in order: `ORDERFLOW_BIN_DIR`,
    /// the running binary's directory (a test binary sits in `.build/<triple>/debug`), argv[0]'s.
    public static func buildDirectory(
        holding executables: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ExecutableLocatorError) -> URL {
        var candidates: [URL] = []
        if let override = environment[directoryVariable] { candidates.append(URL(fileURLWithPath: override)) }
        if let own = resolvedOwnExecutable { candidates.append(own.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates where executables.allSatisfy({ isExecutable($0, in: directory) }) {
            return directory
        }
        throw .notBuilt(searched: candidates.map(\.path))
    }

    /// topics.json: the given path, else the repository's, found from the working directory or the binary.
    public static func topicsFile(_ explicitPath: String?) throws(TopicsFileError) -> TopicsFile {
        if let explicitPath { return try TopicsFile.load(URL(fileURLWithPath: explicitPath)) }
        let starts = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), ownExecutable.deletingLastPathComponent()]
        guard let found = TopicsFile.locate(from: starts) else { throw .notFound(searched: starts.map(\.path)) }
        return try TopicsFile.load(found)
    }

    /// The checkout these sources were compiled from: the tests read its files wherever they run from.
    public static var sourceCheckout: URL {
        // This file is Sources/PipelineTools/Support/ExecutableLocator.swift.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The source checkout's topics.json.
    public static func sourceCheckoutTopicsFile() throws(TopicsFileError) -> TopicsFile {
        try TopicsFile.load(sourceCheckout.appendingPathComponent(TopicsFile.relativePath))
    }

    private static var resolvedOwnExecutable: URL? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).map { URL(fileURLWithPath: $0) }
    }

    private static func isExecutable(_ name: String, in directory: URL) -> Bool {
        FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent(name).path)
    }
}

public enum ExecutableLocatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A named (or the running binary's) directory lacks some of the executables.
    case missing(directory: String, executables: [String])
    /// No candidate build directory holds them all.
    case notBuilt(searched: [String])

    public var description: String {
        switch self {
        case .missing(let directory, let executables):
            "executables missing in \(directory): \(executables.joined(separator: ", ")) (build them with `swift build`)"
        case .notBuilt(let searched):
            "built executables not found in \(searched); run `swift build` before the tests (make test does)"
        }
    }
}

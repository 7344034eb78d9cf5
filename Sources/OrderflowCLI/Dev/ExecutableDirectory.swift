import Foundation
import PipelineTools

/// Where the service executables are: next to the running `orderflow` binary unless told otherwise.
enum ExecutableDirectory {
    static var ownExecutable: URL {
        #if os(Linux)
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) {
            return URL(fileURLWithPath: target)
        }
        #endif
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    static func locate(_ option: String?) throws -> URL {
        let directory = option.map { URL(fileURLWithPath: $0) } ?? ownExecutable.deletingLastPathComponent()
        let missing = PipelineService.executables.filter {
            !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent($0).path)
        }
        guard missing.isEmpty else {
            throw DevError("executables missing in \(directory.path): \(missing.joined(separator: ", ")) (build them with `swift build`)")
        }
        return directory
    }

    /// topics.json: the given path, else the repository's, found from the working directory or the binary.
    static func topicsFile(_ option: String?) throws -> TopicsFile {
        let url: URL
        if let option {
            url = URL(fileURLWithPath: option)
        } else {
            let starts = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), ownExecutable.deletingLastPathComponent()]
            guard let found = TopicsFile.locate(from: starts) else {
                throw DevError(TopicsFileError.notFound(searched: starts.map(\.path)).description)
            }
            url = found
        }
        do {
            return try TopicsFile.load(url)
        } catch {
            throw DevError(error.description)
        }
    }
}

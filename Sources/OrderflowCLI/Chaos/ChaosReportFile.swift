import FaultSuite
import Foundation

/// The report as a Markdown file: the table, then the details in a code block.
enum ChaosReportFile {
    static func write(_ report: FaultReport, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let text = "# orderflow fault suite\n\n" + report.table + "\n\n```text\n" + report.details + "\n```\n"
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CLIError("cannot write the report to \(path): \(error.localizedDescription)")
        }
    }
}

import ArgumentParser
import FaultSuite
import Foundation

/// `chaos --soak DURATION`: how long, how hard, and where the samples go.
struct SoakOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Soak instead of the scenarios: orders flow this long (30m, 2m, 90s) while processes are killed and PostgreSQL restarts.",
        valueName: "duration"))
    var soak: String?

    @Option(help: ArgumentHelp(
        "Orders per second of the soak. Default: half the max sustainable rate in the newest .orderflow/bench report with a pipeline run, else 100.",
        valueName: "orders/s"))
    var rate: Int?

    @Option(help: "Where the soak's samples (CSV) and chart (SVG) go.")
    var soakOutput: String = ".orderflow/chaos/soak"

    func plan() throws -> SoakPlan? {
        guard let soak else { return nil }
        guard let duration = Self.duration(soak), duration >= .seconds(30) else {
            throw ValidationError("--soak takes a duration of at least 30 s: 30m, 2m, 90s (got \"\(soak)\")")
        }
        if let rate, !(1...5_000).contains(rate) { throw ValidationError("--rate must be 1-5000 orders/s, got \(rate)") }
        return SoakPlan(duration: duration, rate: rate ?? Self.halfOfBenchedRate() ?? 100)
    }

    static func duration(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("h", 3600), ("m", 60), ("s", 1)]
        for (suffix, seconds) in units where text.hasSuffix(suffix) {
            guard let count = Int64(text.dropLast()), count > 0 else { return nil }
            return .seconds(count * seconds)
        }
        return Int64(text).flatMap { $0 > 0 ? .seconds($0) : nil }
    }

    /// Half of the newest measured max sustainable rate (`orderflow bench`'s pipeline scenario).
    static func halfOfBenchedRate(directory: String = ".orderflow/bench") -> Int? {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        for file in files.reversed() {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file),
                  let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let pipeline = (report["scenarios"] as? [String: Any])?["pipeline"] as? [String: Any],
                  let figures = pipeline["figures"] as? [[String: Any]],
                  let rate = figures.first(where: { $0["name"] as? String == "max sustainable rate" })?["value"] as? Double,
                  rate >= 2
            else { continue }
            return Int(rate / 2)
        }
        return nil
    }
}

import Streaming

extension StreamingMetrics {
    /// The sum of a family's samples in the Prometheus text, optionally only those whose labels contain
    /// `matching` (e.g. `error_class="transient"`).
    func total(_ family: String, matching: String? = nil) -> Double {
        renderPrometheus().split(separator: "\n").reduce(0) { sum, line in
            guard line.hasPrefix(family + "{") || line.hasPrefix(family + " ") else { return sum }
            if let matching, !line.contains(matching) { return sum }
            guard let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return sum }
            return sum + value
        }
    }
}

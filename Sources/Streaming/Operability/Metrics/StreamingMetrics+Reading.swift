extension StreamingMetrics {
    /// The sum of a family's samples as a scrape reads them, optionally only those whose labels contain
    /// `matching` (e.g. `error_class="transient"`): how tools and tests read a process's own counters
    /// without a Prometheus server.
    public func total(_ family: String, matching: String? = nil) -> Double {
        renderPrometheus().split(separator: "\n").reduce(0) { sum, line in
            guard line.hasPrefix(family + "{") || line.hasPrefix(family + " ") else { return sum }
            if let matching, !line.contains(matching) { return sum }
            guard let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return sum }
            return sum + value
        }
    }
}

import Foundation

/// One SVG per scenario: throughput over time (a line per run) on the left, latency percentiles (bars)
/// on the right. Written by hand: no plotting library is needed for two simple panels.
enum BenchChart {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    static func svg(title: String, scenario: ScenarioResult) -> String {
        // Room below the panels for the legends: three series per row on the left, one latency per row on the right.
        let legendRows = max((scenario.series.count + 2) / 3, scenario.latencies.count)
        let width = 1100.0, height = 420.0 + 16 * Double(legendRows) + 20
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="20" y="24" font-size="16" font-weight="bold">\(escape(title))</text>

            """
        out += throughputPanel(scenario.series, x: 60, y: 50, width: 560, height: 330)
        out += latencyPanel(scenario.latencies, x: 700, y: 50, width: 380, height: 330)
        out += "</svg>\n"
        return out
    }

    private static func throughputPanel(_ series: [ThroughputSeries], x: Double, y: Double, width: Double, height: Double) -> String {
        var out = "<text x=\"\(x)\" y=\"\(y - 8)\" font-weight=\"bold\">throughput over time (per second)</text>\n"
        out += axes(x: x, y: y, width: width, height: height)
        let maxRate = series.flatMap(\.rates).max() ?? 0
        let maxTime = series.map { Double($0.rates.count) * $0.intervalSeconds }.max() ?? 0
        guard maxRate > 0, maxTime > 0 else {
            return out + "<text x=\"\(x + 10)\" y=\"\(y + 20)\">no samples</text>\n"
        }
        let top = niceCeiling(maxRate)
        for step in 0...4 {
            let value = top * Double(step) / 4
            let lineY = y + height - height * Double(step) / 4
            out += "<line x1=\"\(x)\" y1=\"\(f(lineY))\" x2=\"\(x + width)\" y2=\"\(f(lineY))\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(x - 6)\" y=\"\(f(lineY + 4))\" text-anchor=\"end\">\(short(value))</text>\n"
        }
        out += "<text x=\"\(x + width)\" y=\"\(y + height + 28)\" text-anchor=\"end\">seconds since first event (max \(String(format: "%.1f", maxTime)))</text>\n"
        for (index, line) in series.enumerated() {
            let color = palette[index % palette.count]
            let points = line.rates.enumerated().map { step, rate in
                let px = x + width * (Double(step) + 1) * line.intervalSeconds / maxTime
                let py = y + height - height * rate / top
                return "\(f(px)),\(f(py))"
            }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points)\"/>\n"
            let legendY = y + height + 48 + Double(index / 3) * 16
            let legendX = x + Double(index % 3) * 190
            out += "<rect x=\"\(f(legendX))\" y=\"\(f(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            out += "<text x=\"\(f(legendX + 14))\" y=\"\(f(legendY))\">\(escape(line.label))</text>\n"
        }
        return out
    }

    private static func latencyPanel(_ latencies: [LatencySummary], x: Double, y: Double, width: Double, height: Double) -> String {
        var out = "<text x=\"\(x)\" y=\"\(y - 8)\" font-weight=\"bold\">latency percentiles (ms, log scale)</text>\n"
        out += axes(x: x, y: y, width: width, height: height)
        let values = latencies.flatMap { [$0.p50, $0.p95, $0.p99, $0.max] }.filter { $0 > 0 }
        guard let maxValue = values.max(), let minValue = values.min() else {
            return out + "<text x=\"\(x + 10)\" y=\"\(y + 20)\">no latency distribution</text>\n"
        }
        let low = pow(10, floor(log10(max(minValue, 0.001)))), high = pow(10, ceil(log10(maxValue)))
        let scale = { (value: Double) -> Double in
            height * (log10(max(value, low)) - log10(low)) / max(log10(high) - log10(low), 1e-9)
        }
        var decade = low
        while decade <= high * 1.0001 {
            let lineY = y + height - scale(decade)
            out += "<line x1=\"\(x)\" y1=\"\(f(lineY))\" x2=\"\(x + width)\" y2=\"\(f(lineY))\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(x - 6)\" y=\"\(f(lineY + 4))\" text-anchor=\"end\">\(short(decade))</text>\n"
            decade *= 10
        }
        let names = ["p50", "p95", "p99", "max"]
        let groupWidth = width / 4
        let barWidth = max(2, (groupWidth - 10) / Double(max(latencies.count, 1)))
        for (group, name) in names.enumerated() {
            let groupX = x + Double(group) * groupWidth + 5
            out += "<text x=\"\(f(groupX + groupWidth / 2 - 5))\" y=\"\(y + height + 16)\" text-anchor=\"middle\">\(name)</text>\n"
            for (index, latency) in latencies.enumerated() {
                let value = [latency.p50, latency.p95, latency.p99, latency.max][group]
                let barHeight = scale(value)
                out += "<rect x=\"\(f(groupX + Double(index) * barWidth))\" y=\"\(f(y + height - barHeight))\" width=\"\(f(barWidth - 1))\" height=\"\(f(barHeight))\" fill=\"\(palette[index % palette.count])\"><title>\(escape(latency.label)) \(name): \(short(value)) ms</title></rect>\n"
            }
        }
        for (index, latency) in latencies.enumerated() {
            let legendY = y + height + 36 + Double(index) * 15
            out += "<rect x=\"\(x)\" y=\"\(f(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(palette[index % palette.count])\"/>"
            out += "<text x=\"\(x + 14)\" y=\"\(f(legendY))\" font-size=\"11\">\(escape(latency.label))</text>\n"
        }
        return out
    }

    private static func axes(x: Double, y: Double, width: Double, height: Double) -> String {
        "<line x1=\"\(x)\" y1=\"\(y)\" x2=\"\(x)\" y2=\"\(y + height)\" stroke=\"black\"/>"
            + "<line x1=\"\(x)\" y1=\"\(y + height)\" x2=\"\(x + width)\" y2=\"\(y + height)\" stroke=\"black\"/>\n"
    }

    static func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    private static func short(_ value: Double) -> String {
        if value >= 1_000_000 { return String(format: "%.3gM", value / 1_000_000) }
        if value >= 1_000 { return String(format: "%.3gk", value / 1_000) }
        return String(format: "%.3g", value)
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

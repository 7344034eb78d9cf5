/// An SVG chart of the samples: each process's resident memory, and the pipeline's lag and backlog,
/// over the run, with the faults marked.
enum SoakChart {
    static func render(_ samples: [SoakSample], faults: [(at: Double, what: String)]) -> String {
        let width = 960.0, panel = 220.0, margin = 50.0
        let end = max(samples.last?.at ?? 1, 1)
        func x(_ at: Double) -> Double { margin + (width - 2 * margin) * at / end }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(2 * panel + 3 * margin))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>

            """
        let names = Set(samples.flatMap(\.processes.keys)).sorted()
        let memory = names.map { name in
            (name, samples.compactMap { sample in sample.processes[name].map { (sample.at, Double($0.residentKilobytes) / 1024) } })
        }
        svg += panelSVG(title: "resident memory (MiB) per process", series: memory, top: margin, height: panel, x: x)
        let pipeline = [
            ("consumer lag", samples.compactMap { sample in sample.consumerLag.map { (sample.at, Double($0)) } }),
            ("outbox backlog", samples.compactMap { sample in sample.outboxBacklog.map { (sample.at, Double($0)) } }),
        ]
        svg += panelSVG(title: "consumer lag (records) and outbox backlog (rows)", series: pipeline, top: 2 * margin + panel, height: panel, x: x)
        for fault in faults {
            svg += "<line x1=\"\(x(fault.at))\" y1=\"\(margin)\" x2=\"\(x(fault.at))\" y2=\"\(2 * margin + 2 * panel)\" stroke=\"#c00\" stroke-dasharray=\"4 3\"><title>\(escape(fault.what))</title></line>\n"
        }
        svg += "<text x=\"\(margin)\" y=\"\(2 * panel + 2.6 * margin)\">seconds 0 – \(Int(end)); dashed: faults</text>\n"
        return svg + "</svg>\n"
    }

    private static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    private static func panelSVG(
        title: String, series: [(String, [(Double, Double)])], top: Double, height: Double, x: (Double) -> Double
    ) -> String {
        let highest = max(series.flatMap { $0.1.map(\.1) }.max() ?? 1, 1)
        func y(_ value: Double) -> Double { top + height - height * value / highest }
        var svg = "<text x=\"50\" y=\"\(top - 8)\">\(escape(title)); top \(Int(highest))</text>\n"
        svg += "<rect x=\"50\" y=\"\(top)\" width=\"860\" height=\"\(height)\" fill=\"none\" stroke=\"#999\"/>\n"
        for (index, (name, points)) in series.enumerated() where !points.isEmpty {
            let path = points.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(colours[index % colours.count])\" points=\"\(path)\"><title>\(escape(name))</title></polyline>\n"
        }
        return svg
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}

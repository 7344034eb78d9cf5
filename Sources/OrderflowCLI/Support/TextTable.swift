/// Column-aligned plain-text tables. Numbers right-aligned, text left-aligned.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func add(_ row: [String]) {
        rows.append(row)
    }

    func render(indent: String = "") -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func format(_ row: [String]) -> String {
            let cells = widths.indices.map { index -> String in
                let cell = index < row.count ? row[index] : ""
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                let alignment = index < alignments.count ? alignments[index] : .left
                return alignment == .right ? padding + cell : cell + padding
            }
            let line = indent + cells.joined(separator: "  ")
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
        return ([format(headers)] + rows.map(format)).joined(separator: "\n")
    }
}

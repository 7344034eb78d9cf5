import Foundation

/// How the report writes figures.
enum FaultFormat {
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    static func milliseconds(_ duration: Duration) -> String {
        "\(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000) ms"
    }

    static func megabytes(kilobytes: Int) -> String {
        String(format: "%.0f MB", Double(kilobytes) / 1024)
    }
}

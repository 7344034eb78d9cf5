/// Least-squares slope of a series, per minute.
enum SoakTrend {
    /// Slope of `points` (seconds, value) in value per minute; nil with fewer than three points.
    static func slopePerMinute(_ points: [(x: Double, y: Double)]) -> Double? {
        guard points.count >= 3 else { return nil }
        let n = Double(points.count)
        let meanX = points.map(\.x).reduce(0, +) / n
        let meanY = points.map(\.y).reduce(0, +) / n
        let covariance = points.map { ($0.x - meanX) * ($0.y - meanY) }.reduce(0, +)
        let variance = points.map { ($0.x - meanX) * ($0.x - meanX) }.reduce(0, +)
        guard variance > 0 else { return nil }
        return covariance / variance * 60
    }

    /// The part of a process's series that counts: its last life (samples since its pid last changed),
    /// without the first third. Nil when that life is shorter than a third of the run.
    static func fittedWindow(
        _ series: [(at: Double, figures: SoakSample.ProcessFigures)], runSeconds: Double
    ) -> [(at: Double, figures: SoakSample.ProcessFigures)]? {
        guard let last = series.last else { return nil }
        let life = series.reversed().prefix { $0.figures.pid == last.figures.pid }.reversed()
        guard let born = life.first?.at, last.at - born >= runSeconds / 3 else { return nil }
        let from = born + (last.at - born) / 3
        return life.filter { $0.at >= from }
    }
}

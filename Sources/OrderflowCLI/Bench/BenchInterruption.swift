/// What an interrupted `orderflow bench` leaves undone.
enum BenchInterruption {
    static func undone(onCluster: Bool) -> [String] {
        var lines = ["the measurements of this run are lost: no table, no JSON report, no charts"]
        if onCluster {
            lines.append("the run's topics on the cluster are not deleted (their names start with the run's topic prefix)")
        }
        lines.append("the run's scratch databases stay on the PostgreSQL server")
        return lines
    }
}

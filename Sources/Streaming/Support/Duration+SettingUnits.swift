extension Duration {
    static func hours(_ hours: Int) -> Duration { .seconds(hours * 3600) }

    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

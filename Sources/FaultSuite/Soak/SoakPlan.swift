import LocalStack

/// How long and how hard a soak runs, which faults it injects, and what counts as growth.
public struct SoakPlan: Sendable {
    /// Orders flow this long; then the run drains and checks.
    public var duration: Duration
    /// Orders per second: half of what the pipeline sustains (`orderflow bench` measures it) keeps a
    /// margin for the faults to be caught up on.
    public var rate: Int
    public var sampleInterval: Duration
    /// A random process (service replica or relay) is SIGKILLed this often and replaced a moment later.
    public var killInterval: Duration
    /// PostgreSQL is restarted once, this far into the run (nil: never, e.g. on a server not managed).
    public var postgresRestartAt: Duration?
    /// The payment provider is down once, this far into the run, for `providerOutage` (nil: never).
    public var providerOutageAt: Duration?
    public var providerOutage: Duration
    /// After a fault, consumer lag and outbox backlog must be back under the bounds within this long.
    public var recoveryWindow: Duration
    public var bounds: SoakBounds
    public var scale: StackScale
    public var seed: UInt64

    public init(duration: Duration, rate: Int, seed: UInt64 = 0x50A4) {
        self.duration = duration
        self.rate = rate
        let short = duration < .seconds(600)
        sampleInterval = short ? .seconds(5) : .seconds(10)
        killInterval = short ? duration / 3 : .seconds(180)
        postgresRestartAt = duration * 0.45
        // A quarter in: clear of the first kill in both forms, and of the PostgreSQL restart.
        providerOutageAt = duration * 0.25
        providerOutage = short ? .seconds(8) : .seconds(30)
        recoveryWindow = short ? .seconds(60) : .seconds(120)
        bounds = short ? SoakBounds.shortRun(rate: rate) : SoakBounds(rate: rate)
        var scale = StackScale(relaysPerDatabase: 2)
        for service in [PipelineService.order, .payment, .inventory] { scale.set(service, 2) }
        self.scale = scale
        self.seed = seed
    }
}

/// The growth a soak allows. Slopes are fitted (least squares) over the last two thirds of each
/// process's life in the run, so start-up allocations and caches filling do not count.
public struct SoakBounds: Sendable {
    /// Resident memory per minute: a leak of 200 bytes per order at 100 orders/s is 1.1 MiB a minute.
    public var residentKilobytesPerMinute: Double = 1_024
    public var openFilesPerMinute: Double = 0.5
    public var threadsPerMinute: Double = 0.5
    /// "Near zero" for consumer lag (records, all groups) and outbox backlog (rows, all databases).
    public var settledLag: Int64
    public var settledBacklog: Int

    public init(rate: Int) {
        settledLag = Int64(max(100, rate * 3))
        settledBacklog = max(100, rate * 3)
    }

    /// A run of minutes fits its slopes over about a minute and a half, where a connection pool still
    /// filling or the reconnections after PostgreSQL's restart show as growth: 4 MiB of memory, 6
    /// descriptors and 2 threads a minute, which still catch a leak per order or a descriptor every
    /// ten seconds. Slow leaks are the long soak's to find.
    public static func shortRun(rate: Int) -> SoakBounds {
        var bounds = SoakBounds(rate: rate)
        bounds.residentKilobytesPerMinute *= 4
        bounds.openFilesPerMinute *= 12
        bounds.threadsPerMinute *= 4
        return bounds
    }
}

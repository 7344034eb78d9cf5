/// What a consumer service reads from its environment besides its own settings: the process basics,
/// its consume loop's settings, and the outbox shard count, which its relays read too (writers and
/// relays must agree on it).
public struct ServiceSettings: Sendable {
    public var process: ProcessSettings
    public var consumer: ConsumerSettings
    public var outboxShards: Int

    /// In the order `--help` lists them and they are read.
    static func declarations(for process: ProcessIdentity) -> [any SettingDeclaration] {
        ProcessSettings.Variables.all(for: process) + ConsumerSettings.Variables.all(for: process)
            + [RelaySettings.Variables.shards]
    }

    init(from reader: inout EnvironmentReader, for process: ProcessIdentity) {
        self.process = ProcessSettings(from: &reader, for: process)
        consumer = ConsumerSettings(from: &reader, for: process)
        outboxShards = reader.read(RelaySettings.Variables.shards)
    }
}

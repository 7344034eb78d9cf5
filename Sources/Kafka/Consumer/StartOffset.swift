/// Where a manually assigned partition starts reading.
public enum StartOffset: Sendable, Hashable {
    /// The oldest retained record.
    case beginning
    /// Only records produced from now on.
    case end
    /// This offset (the next record read is the one at it, or the first after it when it is gone).
    case offset(Int64)
    /// This many records before the end (fewer when the partition holds fewer).
    case fromEnd(Int64)

    /// librdkafka's encoding: an offset, or one of its logical offsets.
    var native: Int64 {
        switch self {
        // RD_KAFKA_OFFSET_BEGINNING and RD_KAFKA_OFFSET_END.
        case .beginning: -2
        case .end: -1
        case .offset(let offset): offset
        // RD_KAFKA_OFFSET_TAIL(n) is -2000 - n (a function-like macro Swift does not import).
        case .fromEnd(let count): -2000 - max(0, count)
        }
    }
}

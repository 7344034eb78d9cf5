/// Commands that check `Interrupt.requested` and end on Ctrl-C with one line and exit 130. For them the
/// first SIGINT/SIGTERM only raises the flag; other commands keep the default signal behaviour.
protocol InterruptibleCommand {}

extension TailCommand: InterruptibleCommand {}
extension TraceCommand: InterruptibleCommand {}
extension DLQListCommand: InterruptibleCommand {}
extension DLQReplayCommand: InterruptibleCommand {}
extension DLQSummaryCommand: InterruptibleCommand {}
extension ProduceCommand: InterruptibleCommand {}

import PipelineTools

/// The pipeline's consumer groups (group id = service name) and the topics each consumes.
enum ServiceGroups {
    static let all: [(group: String, topics: [String])] = PipelineService.allCases.map { ($0.groupID, $0.consumedTopics) }

    static func topics(of group: String) -> [String]? {
        all.first { $0.group == group }?.topics
    }
}

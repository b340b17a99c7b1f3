public import Foundation

/// The three inputs `schedule solve` reads, told apart by their contents (not their names):
/// Stuckey's text format for talent scheduling, a scene allocation document (it has
/// `max_scenes_per_day`), or a production to plan as shooting days.
public enum ScheduleInput: Sendable {
    case talent(TalentProblem)
    case allocation(SceneAllocationProblem)
    case production(ProductionInput)

    /// Reads `data` as whichever input it is, with the reader's error when it is none.
    public init(data: Data) throws(SchedulingError) {
        let text = String(decoding: data, as: UTF8.self)
        guard text.first(where: { !$0.isWhitespace }) == "{" else {
            self = .talent(try TalentProblem(stuckeyText: text))
            return
        }
        struct Shape: Decodable { let maxScenesPerDay: Int? }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        if (try? decoder.decode(Shape.self, from: data))?.maxScenesPerDay != nil {
            self = .allocation(try SceneAllocationProblem(json: data))
        } else {
            self = .production(try ProductionInput.decode(data))
        }
    }
}

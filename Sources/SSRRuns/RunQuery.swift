/// Which runs ``RunRegistry/runs(_:)`` returns: filters (nil matches everything), order and count.
public struct RunQuery: Sendable, Hashable {
  /// Runs of these kinds.
  public var kinds: [RunKind]?
  /// Runs of these models (registry names).
  public var models: [String]?
  /// Runs on the dataset of this name.
  public var datasetName: String?
  /// Runs on data with this fingerprint.
  public var fingerprint: String?
  /// Runs in these states.
  public var states: [RunState]?
  /// Trials of the study of this name.
  public var study: String?
  /// At most this many runs.
  public var limit: Int?
  /// Oldest first instead of newest first.
  public var oldestFirst: Bool

  /// A query; every filter is optional.
  public init(
    kinds: [RunKind]? = nil, models: [String]? = nil, datasetName: String? = nil, fingerprint: String? = nil,
    states: [RunState]? = nil, study: String? = nil, limit: Int? = nil, oldestFirst: Bool = false
  ) {
    self.kinds = kinds
    self.models = models
    self.datasetName = datasetName
    self.fingerprint = fingerprint
    self.states = states
    self.study = study
    self.limit = limit
    self.oldestFirst = oldestFirst
  }

  /// A query for runs of one kind.
  public init(kind: RunKind, limit: Int? = nil) {
    self.init(kinds: [kind], limit: limit)
  }
}

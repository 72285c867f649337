import Foundation
import SSRCore

/// How a point's run ended.
public enum PointState: String, Sendable, Codable {
  /// It trained and was measured.
  case complete
  /// The median pruner stopped it (trials only).
  case pruned
  /// It could not run: bad options, diverged training, unreadable data; ``PointResult/error`` says why.
  case failed
}

/// One named measure, kept in order in ``PointResult/metrics``.
public struct NamedMetric: Sendable, Codable, Hashable {
  /// The metric's name, e.g. `ndcg10`.
  public var name: String
  /// Its value.
  public var value: Double

  /// A named value.
  public init(_ name: String, _ value: Double) {
    self.name = name
    self.value = value
  }
}

/// What a worker writes for one point (`results/<task>.json` in the job directory): the point it
/// ran (configuration and seeds), how it ended, every epoch's report, the final metrics, the
/// energy, and the wall time. Self-describing: it can be read without the job's other files.
public struct PointResult: Sendable, Codable {
  /// The layout version of a result.
  public static let currentFormat = 1

  /// The layout version (``currentFormat`` when written).
  public var format: Int
  /// The SSR version that ran the point.
  public var tool: String
  /// The dataset fingerprint the point was trained on.
  public var fingerprint: String
  /// The point that was run.
  public var point: PointDescription
  /// How it ended.
  public var state: PointState
  /// Why it failed (nil unless ``state`` is failed).
  public var error: String?
  /// Every epoch's loss, timing and selection metrics.
  public var history: [EpochReport]
  /// The epoch whose weights were measured (0 when it did not train).
  public var bestEpoch: Int
  /// Why training ended.
  public var stopReason: StopReason?
  /// The final metrics: a sweep point's on its evaluation part; a trial's objective at its best epoch.
  public var metrics: [NamedMetric]
  /// The objective value of a trial (nil for sweep points, and for pruned or failed trials).
  public var objective: Double?
  /// A trial's objective by epoch, as the pruner saw it.
  public var intermediateValues: [Int: Double]
  /// Energy per inference in µJ, when measured.
  public var energy: Double?
  /// The energy by component and the spike rate, when measured (nil in results written before
  /// they were kept).
  public var energySummary: EnergySummary?
  /// Wall time of the training, in seconds.
  public var trainingSeconds: Double
  /// Wall time of the whole point (building, training, measuring), in seconds.
  public var seconds: Double
  /// The host the point ran on.
  public var host: String
  /// When it finished (ISO 8601).
  public var finished: String

  /// A result for `point` with nothing measured yet.
  public init(point: PointDescription, fingerprint: String, state: PointState) {
    format = Self.currentFormat
    tool = SSRVersion.current
    self.fingerprint = fingerprint
    self.point = point
    self.state = state
    history = []
    bestEpoch = 0
    metrics = []
    intermediateValues = [:]
    trainingSeconds = 0
    seconds = 0
    host = ProcessInfo.processInfo.hostName
    finished = ISO8601DateFormatter().string(from: Date())
  }

  /// The value of metric `name`, if measured.
  public func metric(_ name: String) -> Double? { metrics.first { $0.name == name }?.value }

  /// The JSON coder settings of results and descriptions: sorted keys, non-finite numbers as strings.
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  /// The decoder matching ``encoder()``.
  public static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }
}

import Foundation
import SSRData
import SSREval
import SSRModels

/// The JSON a run is recorded with: its configuration and its data.
enum RunDescription {
  /// `{"model": {…}, "spiking": {…}, "training": {…}}` with sorted keys and the seeds left out
  /// (they have columns of their own), so that runs that differ only by seed have equal
  /// configurations. `spiking` is there for spiking models only, `training` for trained runs.
  static func configuration(_ object: ModelObject, options: TrainingOptions?) -> String {
    var parts: [String: Any] = ["model": withoutSeed(object.config)]
    if let spiking = object.spiking { parts["spiking"] = withoutSeed(spiking) }
    if let options { parts["training"] = withoutSeed(options) }
    return text(parts)
  }

  /// The configuration of a point run by a worker, in the same form as a model object's (the
  /// spiking settings for spiking models only).
  static func configuration(_ point: PointDescription) -> String {
    var parts: [String: Any] = ["model": withoutSeed(point.config), "training": withoutSeed(point.training)]
    if ModelRegistry.standard.spec(named: point.model)?.family == .snn { parts["spiking"] = withoutSeed(point.spiking) }
    return text(parts)
  }

  /// The dataset's identity (name, sizes, window, split and fingerprint) and, when known, its
  /// provenance: the files and format it was read from, the preprocessing options (de-duplication,
  /// k-core, …) and the raw counts.
  static func dataset(_ identity: DatasetIdentity, provenance: Provenance?) -> String {
    var object = withoutSeed(identity) as? [String: Any] ?? [:]
    if let provenance { object["provenance"] = withoutSeed(provenance) }
    return text(object)
  }

  /// The data of `object`: its identity, and its provenance when it was built for a split.
  static func dataset(of object: ModelObject) -> String {
    dataset(object.dataset, provenance: object.split?.dataset.provenance)
  }

  /// A notebook value as compact JSON (symbols as strings; `{}` for what JSON cannot hold).
  static func json(_ value: Value) -> String {
    var text = ""
    do throws(BuiltinError) {
      try FileBuiltins.json(value, into: &text, indent: nil)
    } catch {
      return "{}"
    }
    return text
  }

  /// A Codable value as a JSON object without its `seed` field.
  private static func withoutSeed(_ value: some Encodable) -> Any {
    guard let data = try? JSONEncoder().encode(value), var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      return [String: Any]()
    }
    object["seed"] = nil
    return object
  }

  private static func text(_ object: Any) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}

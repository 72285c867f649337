import SSRData
import SSREval
import SSRModels

/// The side-feature arguments of `model` and `train`: which features to fuse into the model's
/// input items, and how (see ``SSRModels/FeatureFusion``).
enum FusionArguments {
  static let combinations: [String: FeatureCombination] = ["sum": .sum, "concat": .concatenation, "gated": .gated]

  static var parameters: [BuiltinParameter] {
    [
      .labeled("features", .object("Features"), optional: true, doc: "item features to fuse (extractFeatures, textFeatures or itemFeatures of this dataset)"),
      .labeled("sideInfo", .list(.symbol(choices: FeatureModality.allCases.map(\.rawValue))), optional: true, doc: "the modalities used (default: all of features)"),
      .labeled("fusion", .symbol(choices: ["sum", "concat", "gated"]), optional: true, doc: "how features join the ID embedding (default .sum)"),
      .labeled("projection", .symbol(choices: ["linear", "mlp"]), optional: true, doc: "feature projection to the model width (default .linear)"),
      .labeled("fusionHidden", .int, optional: true, doc: "hidden units of the .mlp projection (default: the model width)"),
      .labeled("fuseScoring", .bool, optional: true, doc: "score with the fused item table too (default: the ID table)"),
    ]
  }

  /// The features and fusion options of `arguments` for a model of width `width` on `split`, or
  /// nil features when none are given.
  ///
  /// - Throws: when fusion settings come without features, or the features do not fit the dataset.
  static func read(_ arguments: BoundArguments, split: DatasetSplit, width: Int) throws(BuiltinError) -> (ItemFeatures?, FusionOptions) {
    var options = FusionOptions()
    let settings = ["sideInfo", "fusion", "projection", "fusionHidden", "fuseScoring"]
    guard case .object(let object)? = arguments.value("features") else {
      if let given = settings.first(where: { arguments.value($0) != nil }) {
        throw BuiltinError(
          "\(given): needs item features", parameter: given, help: "pass features: f, with f = extractFeatures(ds, text: …) or itemFeatures(…) of this dataset")
      }
      return (nil, options)
    }
    guard let featuresObject = object as? FeaturesObject else {
      throw BuiltinError("expected Features, found \(object.typeName)", parameter: "features")
    }
    var features = featuresObject.features
    var modalities: [FeatureModality]? = nil
    if let chosen = try arguments.list("sideInfo") {
      modalities = chosen.compactMap { value -> FeatureModality? in
        if case .symbol(let name) = value { return FeatureModality(rawValue: name) }
        return nil
      }
      guard modalities?.isEmpty == false else { throw BuiltinError("choose at least one modality", parameter: "sideInfo") }
    }
    do throws(ItemFeaturesError) {
      try features.validate(itemCount: split.dataset.itemCount, catalogue: split.dataset.catalogueFingerprint)
      if let modalities { features = try features.selecting(modalities) }
    } catch {
      throw BuiltinError(error.description, parameter: "features")
    }
    if let name = try arguments.symbol("fusion"), let combination = combinations[name] { options.combination = combination }
    let hidden = try arguments.int("fusionHidden")
    switch try arguments.symbol("projection") {
    case "mlp"?: options.projection = .mlp(hidden: hidden ?? width)
    default:
      if hidden != nil { throw BuiltinError("fusionHidden: is for projection: .mlp", parameter: "fusionHidden") }
    }
    options.fusesScoring = try arguments.bool("fuseScoring") ?? false
    do throws(ConfigurationError) {
      try options.validate()
    } catch {
      throw BuiltinError(error.description, parameter: error.field)
    }
    return (features, options)
  }
}

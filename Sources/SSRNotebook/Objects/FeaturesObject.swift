import SSRModels

/// Frozen item features for a dataset's items (one matrix per modality): what `train(…, features:)`
/// fuses into a model.
final class FeaturesObject: NotebookObject {
  let features: ItemFeatures
  /// The dataset the features follow.
  let dataset: String
  /// Where each modality came from, e.g. `all-MiniLM-L6-v2 on title + genres`.
  let sources: [FeatureModality: String]

  init(_ features: ItemFeatures, dataset: String, sources: [FeatureModality: String] = [:]) {
    self.features = features
    self.dataset = dataset
    self.sources = sources
  }

  var typeName: String { "Features" }

  func render(style: RenderStyle) -> String {
    var lines = ["item features of \(dataset): \(features.itemCount) items"]
    for modal in features.modalities {
      let source = sources[modal.modality].map { ", \($0)" } ?? ""
      lines.append("  .\(modal.modality): \(modal.width) values per item, \(modal.missingCount) items without\(source)")
    }
    return lines.joined(separator: "\n")
  }

  var memberNames: [String] { ["items", "modalities", "widths", "missing"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "items": return .int(features.itemCount)
    case "modalities": return .list(features.modalities.map { .symbol($0.modality.rawValue) })
    case "widths": return .list(features.modalities.map { .int($0.width) })
    case "missing": return .list(features.modalities.map { .int($0.missingCount) })
    default: return nil
    }
  }
}

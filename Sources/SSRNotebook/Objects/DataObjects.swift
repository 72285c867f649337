import SSRData

/// A prepared dataset in a notebook: `load(…)`, `kcore(…)`, `synthetic(…)`.
final class DatasetObject: NotebookObject {
  let dataset: SequenceDataset
  /// Notes about how it was obtained (cache hit, skipped lines), shown under the summary.
  let notes: [String]

  init(_ dataset: SequenceDataset, notes: [String] = []) {
    self.dataset = dataset
    self.notes = notes
  }

  var typeName: String { "Dataset" }

  func render(style: RenderStyle) -> String {
    let d = dataset
    var lines = [
      "Dataset \(d.name): \(d.userCount) users, \(d.itemCount) items, \(d.interactionCount) interactions (\(d.provenance.options))"
    ]
    lines += notes
    return lines.joined(separator: "\n")
  }

  var memberNames: [String] {
    ["name", "users", "items", "interactions", "averageLength", "density", "samples", "maxLen", "options", "files"]
  }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "name": return .string(dataset.name)
    case "users": return .int(dataset.userCount)
    case "items": return .int(dataset.itemCount)
    case "interactions": return .int(dataset.interactionCount)
    case "averageLength": return .double(dataset.summary().dataset.averageLength)
    case "density": return .double(dataset.summary().dataset.density)
    case "samples": return .int(dataset.sampleCount)
    case "maxLen": return .int(dataset.maxLen)
    case "options": return .string(dataset.provenance.options.description)
    case "files": return .list(dataset.provenance.files.map { .string($0) })
    default: return nil
    }
  }

  func isEqual(to other: any NotebookObject) -> Bool {
    (other as? DatasetObject)?.dataset == dataset
  }
}

/// A dataset split into train/valid/test samples: `split(…)`.
final class SplitObject: NotebookObject {
  let split: DatasetSplit

  init(_ split: DatasetSplit) {
    self.split = split
  }

  var typeName: String { "Split" }

  func render(style: RenderStyle) -> String {
    let s = split
    return "Split of \(s.dataset.name) by \(s.method): train \(s.train.count), valid \(s.valid.count), test \(s.test.count) samples"
  }

  var memberNames: [String] { ["dataset", "method", "train", "valid", "test"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "dataset": return .object(DatasetObject(split.dataset))
    case "method": return .string(split.method.description)
    case "train": return .object(SplitPartObject(split: split, part: .train))
    case "valid": return .object(SplitPartObject(split: split, part: .valid))
    case "test": return .object(SplitPartObject(split: split, part: .test))
    default: return nil
    }
  }

  func isEqual(to other: any NotebookObject) -> Bool {
    (other as? SplitObject)?.split == split
  }
}

/// One part (train, valid or test) of a split: `ds.test`.
final class SplitPartObject: NotebookObject {
  let split: DatasetSplit
  let part: SplitPart

  init(split: DatasetSplit, part: SplitPart) {
    self.split = split
    self.part = part
  }

  var typeName: String { "SplitPart" }

  var samples: SampleSet { split.samples(part) }

  func render(style: RenderStyle) -> String {
    "\(part.rawValue) part of \(split.dataset.name) (\(split.method)): \(samples.count) samples"
  }

  var memberNames: [String] { ["samples", "users", "part", "split"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "samples": return .int(samples.count)
    case "users": return .int(Set(samples.users).count)
    case "part": return .symbol(part.rawValue)
    case "split": return .object(SplitObject(split))
    default: return nil
    }
  }

  func isEqual(to other: any NotebookObject) -> Bool {
    guard let other = other as? SplitPartObject else { return false }
    return other.part == part && other.split == split
  }
}

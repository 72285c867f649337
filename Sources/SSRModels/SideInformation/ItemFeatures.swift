/// A kind of item side information that an encoder turned into vectors.
public enum FeatureModality: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
  /// Text (titles, descriptions, genres, reviews) through a text encoder.
  case text
  /// Images through an image encoder.
  case image

  /// The raw value, e.g. `text`.
  public var description: String { rawValue }
}

/// The frozen vectors of one modality: a `[itemCount + 1, width]` matrix whose row 0 is padding,
/// and which items have a vector at all.
public struct ModalFeatures: Sendable, Hashable {
  /// The modality.
  public let modality: FeatureModality
  /// The vector width (the encoder's output size).
  public let width: Int
  /// Row-major `[itemCount + 1, width]`; row 0 (padding) and the rows of items without a vector
  /// are zeros, which the fusion never uses (it puts its learned "missing" vector there instead).
  public let values: [Float]
  /// `itemCount + 1` flags: whether row `i` holds a real vector (false for row 0).
  public let present: [Bool]

  /// The number of items (rows minus the padding row).
  public var itemCount: Int { present.count - 1 }
  /// The number of items with a vector.
  public var presentCount: Int { present.reduce(0) { $0 + ($1 ? 1 : 0) } }
  /// The number of items without a vector.
  public var missingCount: Int { itemCount - presentCount }
}

/// Side-information vectors for a dataset's items, one frozen matrix per modality, with a
/// presence mask: what a model's feature-fusion layer reads.
///
/// Item `i` (1…`itemCount`) is the dataset's item index, as in the model's ID table; row 0 is
/// padding. Build one from any vectors with ``adding(_:vectors:)``:
///
///     var features = ItemFeatures(itemCount: 3, catalogue: fingerprint)
///     features = try features.adding(.text, vectors: [[0.1, 0.2], nil, [0.3, 0.4]])  // item 2 has no text
public struct ItemFeatures: Sendable, Hashable {
  /// The number of items the features describe.
  public let itemCount: Int
  /// A fingerprint of the item catalogue the rows follow (the dataset's item ids), or nil when
  /// unknown; compared with the dataset's before training.
  public let catalogue: String?
  /// One entry per modality, in the order they were added.
  public private(set) var modalities: [ModalFeatures] = []

  /// No features yet, for `itemCount` items of the catalogue with fingerprint `catalogue`.
  public init(itemCount: Int, catalogue: String? = nil) {
    precondition(itemCount >= 0, "an item count cannot be negative, got \(itemCount)")
    self.itemCount = itemCount
    self.catalogue = catalogue
  }

  /// These features with `modality` added from one optional vector per item: element `i − 1`
  /// describes item `i`, nil where the item has none.
  ///
  /// - Throws: ``ItemFeaturesError`` when the count is not ``itemCount``, vectors differ in width
  ///   or hold NaN or infinity, no item has a vector, or the modality is already present.
  public func adding(_ modality: FeatureModality, vectors: [[Float]?]) throws(ItemFeaturesError) -> ItemFeatures {
    guard !modalities.contains(where: { $0.modality == modality }) else { throw .duplicateModality(modality) }
    guard vectors.count == itemCount else { throw .countMismatch(modality: modality, expected: itemCount, found: vectors.count) }
    guard let first = vectors.firstIndex(where: { $0 != nil }), let width = vectors[first]?.count else {
      throw .noVectors(modality: modality)
    }
    guard width >= 1 else { throw .widthMismatch(modality: modality, item: first + 1, expected: 1, found: 0) }
    var values = [Float](repeating: 0, count: (itemCount + 1) * width)
    var present = [Bool](repeating: false, count: itemCount + 1)
    for (offset, vector) in vectors.enumerated() {
      guard let vector else { continue }
      let item = offset + 1
      guard vector.count == width else { throw .widthMismatch(modality: modality, item: item, expected: width, found: vector.count) }
      guard vector.allSatisfy(\.isFinite) else { throw .nonFinite(modality: modality, item: item) }
      values.replaceSubrange(item * width..<(item + 1) * width, with: vector)
      present[item] = true
    }
    var result = self
    result.modalities.append(ModalFeatures(modality: modality, width: width, values: values, present: present))
    return result
  }

  /// These features with `modality` added from a row-major `[itemCount, width]` matrix (row
  /// `i − 1` is item `i`) and one presence flag per item; rows of absent items are ignored.
  ///
  /// - Throws: ``ItemFeaturesError`` as ``adding(_:vectors:)``.
  public func adding(_ modality: FeatureModality, width: Int, rows: [Float], present flags: [Bool]) throws(ItemFeaturesError) -> ItemFeatures {
    guard !modalities.contains(where: { $0.modality == modality }) else { throw .duplicateModality(modality) }
    guard flags.count == itemCount else { throw .countMismatch(modality: modality, expected: itemCount, found: flags.count) }
    guard let first = flags.firstIndex(of: true) else { throw .noVectors(modality: modality) }
    guard width >= 1, rows.count == itemCount * width else {
      throw .widthMismatch(modality: modality, item: first + 1, expected: Swift.max(width, 1), found: itemCount == 0 ? 0 : rows.count / itemCount)
    }
    var values = [Float](repeating: 0, count: width)
    values.reserveCapacity((itemCount + 1) * width)
    for (offset, isPresent) in flags.enumerated() {
      let row = rows[offset * width..<(offset + 1) * width]
      if isPresent {
        guard row.allSatisfy(\.isFinite) else { throw .nonFinite(modality: modality, item: offset + 1) }
        values.append(contentsOf: row)
      } else {
        values.append(contentsOf: repeatElement(0, count: width))
      }
    }
    var result = self
    result.modalities.append(ModalFeatures(modality: modality, width: width, values: values, present: [false] + flags))
    return result
  }

  /// The features of `modality`, or nil.
  public subscript(modality: FeatureModality) -> ModalFeatures? { modalities.first { $0.modality == modality } }

  /// These features restricted to `chosen`, in that order.
  ///
  /// - Throws: ``ItemFeaturesError/missingModality(_:available:)`` for a modality not present.
  public func selecting(_ chosen: [FeatureModality]) throws(ItemFeaturesError) -> ItemFeatures {
    var result = ItemFeatures(itemCount: itemCount, catalogue: catalogue)
    for modality in chosen {
      guard let features = self[modality] else { throw .missingModality(modality, available: modalities.map(\.modality)) }
      if !result.modalities.contains(where: { $0.modality == modality }) { result.modalities.append(features) }
    }
    return result
  }

  /// Throws unless these features describe a catalogue of `itemCount` items with fingerprint
  /// `catalogue` (a nil fingerprint on either side is not compared).
  public func validate(itemCount expected: Int, catalogue expectedCatalogue: String?) throws(ItemFeaturesError) {
    guard itemCount == expected else { throw .itemCountMismatch(features: itemCount, dataset: expected) }
    if let catalogue, let expectedCatalogue, catalogue != expectedCatalogue {
      throw .catalogueMismatch(features: catalogue, dataset: expectedCatalogue)
    }
  }
}

/// Item features that cannot be built or do not fit a dataset.
public enum ItemFeaturesError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A modality was added twice.
  case duplicateModality(FeatureModality)
  /// The vector list has the wrong length.
  case countMismatch(modality: FeatureModality, expected: Int, found: Int)
  /// No item has a vector.
  case noVectors(modality: FeatureModality)
  /// An item's vector has another width than the first one.
  case widthMismatch(modality: FeatureModality, item: Int, expected: Int, found: Int)
  /// An item's vector holds NaN or infinity.
  case nonFinite(modality: FeatureModality, item: Int)
  /// A modality was asked for that the features do not have.
  case missingModality(FeatureModality, available: [FeatureModality])
  /// The features describe another number of items than the dataset has.
  case itemCountMismatch(features: Int, dataset: Int)
  /// The features follow another item catalogue than the dataset's.
  case catalogueMismatch(features: String, dataset: String)

  /// What happened and what to do.
  public var description: String {
    switch self {
    case .duplicateModality(let modality):
      return "the features already have a \(modality) modality; build them once per modality"
    case let .countMismatch(modality, expected, found):
      return "\(found) \(modality) vectors for \(expected) items; give one vector (or nil) per item, item 1 first"
    case .noVectors(let modality):
      return "no item has a \(modality) vector; leave the modality out instead"
    case let .widthMismatch(modality, item, expected, found):
      return "the \(modality) vector of item \(item) has \(found) values, the first one has \(expected); every vector must have the same width (≥ 1)"
    case let .nonFinite(modality, item):
      return "the \(modality) vector of item \(item) holds NaN or infinity; check the encoder's input"
    case let .missingModality(modality, available):
      let names = available.isEmpty ? "none" : available.map { ".\($0)" }.joined(separator: ", ")
      return "the features have no \(modality) modality (they have \(names)); extract \(modality) features first"
    case let .itemCountMismatch(features, dataset):
      return "the features describe \(features) items but the dataset has \(dataset); extract them for this dataset (after the same k-core)"
    case let .catalogueMismatch(features, dataset):
      return "the features were made for another item catalogue (fingerprint \(features.prefix(12))…, this dataset's is \(dataset.prefix(12))…); extract them for this dataset"
    }
  }
}

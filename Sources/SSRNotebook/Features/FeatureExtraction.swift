import Foundation
import SSRCore
import SSRData
import SSRModels
import SSRMultimodal

/// The text side of a feature extraction: an encoder and the side-information fields joined into
/// each item's text.
public struct TextFeatureRequest {
  /// The encoder (loaded with `TextEncoder(directory:)`, whose files identify it in the store).
  public var encoder: TextEncoder
  /// The fields joined into each text, in order.
  public var fields: [SideInfoField]
  /// At most this many reviews per item when `fields` holds `.reviews`.
  public var maxReviews: Int

  /// A request for `encoder`'s vectors of `fields` (default title and genres).
  public init(encoder: TextEncoder, fields: [SideInfoField] = [.title, .genres], maxReviews: Int = 3) {
    self.encoder = encoder
    self.fields = fields
    self.maxReviews = maxReviews
  }

  /// The names recorded in the store's index: the fields, and the review limit when reviews are used.
  var fieldNames: [String] {
    fields.map(\.rawValue) + (fields.contains(.reviews) ? ["maxReviews=\(maxReviews)"] : [])
  }
}

/// The image side of a feature extraction: an encoder and the folder holding the items' images.
public struct ImageFeatureRequest {
  /// The encoder (loaded with `ImageEncoder(directory:)`, whose files identify it in the store).
  public var encoder: ImageEncoder
  /// The folder of image files: `<item id>.jpg`, `.jpeg` or `.png`, or the file name of one of the
  /// item's image URLs (as a download of the URLs leaves them).
  public var folder: String

  /// A request for `encoder`'s vectors of the images in `folder`.
  public init(encoder: ImageEncoder, folder: String) {
    self.encoder = encoder
    self.folder = folder
  }

  /// Item `i + 1`'s image file (element `i`), nil when the folder has none for it.
  public func files(itemIDs: [String], sideInfo: DatasetSideInfo) -> [String?] {
    let manager = FileManager.default
    return itemIDs.indices.map { index in
      var names = ["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"].map { "\(itemIDs[index]).\($0)" }
      if index < sideInfo.items.count, let record = sideInfo.items[index] {
        names += record.imageURLs.compactMap { URL(string: $0)?.lastPathComponent }.filter { !$0.isEmpty && $0 != "/" }
      }
      for name in names {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        if manager.fileExists(atPath: path) { return path }
      }
      return nil
    }
  }
}

/// The item features of `dataset`: each requested modality loaded from `store` when it holds
/// them, otherwise extracted in chunks (continuing an interrupted extraction) and stored.
///
///     let info = dataset.sideInformation(from: try loader.sideInfo("ml-1m"))
///     let text = TextFeatureRequest(encoder: try TextEncoder(directory: "models/all-MiniLM-L6-v2"))
///     let features = try extractFeatures(dataset, sideInfo: info, text: text)
///
/// Items without any of the fields get no vector (the fusion's learned "missing" vector stands in).
///
/// - Parameters:
///   - sideInfo: the dataset's side information, aligned with its items.
///   - image: the image encoder and folder; items without a file there get no vector.
///   - progress: called after every batch with the modality and how far it is; throwing
///     ``Interrupted`` stops the extraction (finished chunks are kept).
/// - Throws: ``FeatureStoreError`` (damaged store, unwritable folder), ``ItemFeaturesError`` (no item
///   has any of the fields), ``Interrupted``, or `FeatureStoreError.invalidArgument` when the side
///   information is not the dataset's.
public func extractFeatures(
  _ dataset: SequenceDataset, sideInfo: DatasetSideInfo, text: TextFeatureRequest?, image: ImageFeatureRequest? = nil,
  store: FeatureStore = FeatureStore(), chunkSize: Int = 1024,
  progress: ((FeatureModality, FeatureExtractionProgress) throws(Interrupted) -> Void)? = nil
) throws -> (features: ItemFeatures, entries: [FeatureModality: StoredFeatures]) {
  guard sideInfo.dataset == dataset.name, sideInfo.itemCount == dataset.itemCount else {
    throw FeatureStoreError.invalidArgument(
      "the side information (\(sideInfo.dataset), \(sideInfo.itemCount) items) is not aligned with \(dataset.name)'s "
        + "\(dataset.itemCount) items; make it with dataset.sideInformation(from:) of the same dataset")
  }
  var features = ItemFeatures(itemCount: dataset.itemCount, catalogue: dataset.catalogueFingerprint)
  var entries: [FeatureModality: StoredFeatures] = [:]
  if let text {
    let texts = sideInfo.texts(text.fields, maxReviews: text.maxReviews)
    let stored = try store.extractText(
      texts, dataset: dataset.name, catalogue: dataset.catalogueFingerprint, fields: text.fieldNames, encoder: text.encoder,
      chunkSize: chunkSize
    ) { (state: FeatureExtractionProgress) throws(Interrupted) in
      try progress?(.text, state)
    }
    features = try features.adding(.text, stored: stored)
    entries[.text] = stored
  }
  if let image {
    let files = image.files(itemIDs: dataset.itemIDs, sideInfo: sideInfo)
    let stored = try store.extractImages(
      files, dataset: dataset.name, catalogue: dataset.catalogueFingerprint, encoder: image.encoder, chunkSize: chunkSize
    ) { (state: FeatureExtractionProgress) throws(Interrupted) in
      try progress?(.image, state)
    }
    features = try features.adding(.image, stored: stored)
    entries[.image] = stored
  }
  return (features, entries)
}

extension ItemFeatures {
  /// These features with `modality` added from a feature-store entry.
  ///
  /// - Throws: ``ItemFeaturesError`` when the entry has another item count or no vector at all.
  public func adding(_ modality: FeatureModality, stored: StoredFeatures) throws(ItemFeaturesError) -> ItemFeatures {
    guard stored.itemCount == itemCount else { throw .itemCountMismatch(features: stored.itemCount, dataset: itemCount) }
    if let catalogue, catalogue != stored.key.catalogue { throw .catalogueMismatch(features: stored.key.catalogue, dataset: catalogue) }
    return try adding(modality, width: stored.dimension, rows: stored.values, present: stored.present)
  }
}

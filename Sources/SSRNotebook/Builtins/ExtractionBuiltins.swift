import Foundation
import SSRCore
import SSRData
import SSRModels
import SSRMultimodal

/// `extractFeatures`: item features from encoders named by folder, computed once and kept in the
/// feature store.
enum ExtractionBuiltins {
  static var storeParameters: [BuiltinParameter] {
    [
      .labeled("batchSize", .int, default: .int(32), doc: "texts per forward pass"),
      .labeled("chunkSize", .int, default: .int(1024), doc: "items per stored chunk: an interrupted extraction resumes from the last whole chunk"),
      .labeled("store", .string, optional: true, doc: "the feature store folder (default .ssr-cache/features beside the notebook)"),
    ]
  }

  static var extractFeatures: Builtin {
    Builtin(
      name: "extractFeatures", category: "Data",
      parameters: [
        .positional("dataset", .oneOf([.object("Dataset"), .object("Split")]), doc: "the dataset whose items are encoded"),
        .labeled("text", .string, optional: true, doc: "a sentence-transformers or BERT model folder (config.json, vocab.txt, model.safetensors)"),
        .labeled("image", .string, optional: true, doc: "a CLIP model folder (config.json, model.safetensors, preprocessor_config.json)"),
        .labeled("images", .string, optional: true, doc: "the folder of item images (<item id>.jpg/.png, or the file names of the items' image URLs)"),
        .labeled("info", .object("SideInfo"), optional: true, doc: "the dataset's side information (default: sideInfo(dataset))"),
      ] + SideInfoBuiltins.textParameters + storeParameters,
      summary: "Encodes the items' side information with encoders from folders you name, stores the vectors, and gives features for train(…, features:).",
      discussion: """
          let f = extractFeatures(ds, text: "models/all-MiniLM-L6-v2", fields: [.title, .genres])
          train(.sfsrec, on: parts, features: f, fusion: .gated)
          extractFeatures(ds, text: "models/all-MiniLM-L6-v2", image: "models/clip-vit-base-patch32", images: "covers/")
        Vectors are stored per dataset, encoder and item under .ssr-cache/features/ (store: to change) with an
        index.json naming the catalogue, the encoder's checksum, the fields and the dimension: the same call
        again loads them at once; another encoder, dataset or fields makes a new entry. An interrupted
        extraction (Ctrl-C) continues from its last finished chunk. Items without any of the fields get no
        vector (the model learns a "missing" vector for them). Weights are never downloaded.
        """
    ) { call in
      let dataset = try DataBuiltins.dataset(call, "dataset")
      guard call.value("text") != nil || call.value("image") != nil else {
        throw BuiltinError("name an encoder", help: "extractFeatures(ds, text: \"models/all-MiniLM-L6-v2\") or image: \"DIR\", images: \"FOLDER\"")
      }
      let info: DatasetSideInfo
      if call.value("info") != nil {
        info = try SideInfoBuiltins.sideInfoObject(call, "info").info
      } else {
        info = try sideInfo(of: dataset, call: call)
      }
      return try extract(call, dataset: dataset, info: info, textParameter: "text")
    }
  }

  /// The side information of `dataset` from the data roots, aligned with its items.
  static func sideInfo(of dataset: SequenceDataset, call: BuiltinCall) throws(BuiltinError) -> DatasetSideInfo {
    let loader = try DataBuiltins.loader(call.context)
    let table = try DataBuiltins.data { () throws(DataError) in try loader.sideInfo(dataset.name, path: nil, onError: .fail) }
    for file in table.files { call.context.noteFileRead(file) }
    return dataset.sideInformation(from: table)
  }

  /// Extracts (or loads) the features the call asks for: text from the folder in `textParameter`.
  static func extract(_ call: BuiltinCall, dataset: SequenceDataset, info: DatasetSideInfo, textParameter: String) throws -> Value {
    guard info.dataset == dataset.name, info.itemCount == dataset.itemCount, info.items.count == dataset.itemCount else {
      throw BuiltinError(
        "the side information is not aligned with this dataset's \(dataset.itemCount) items", parameter: "info",
        help: "make it with sideInfo(ds) of the same dataset")
    }
    let batchSize = try call.int("batchSize") ?? 32
    guard batchSize >= 1 else { throw BuiltinError("batchSize must be at least 1", parameter: "batchSize") }
    let chunkSize = try call.int("chunkSize") ?? 1024
    guard chunkSize >= 1 else { throw BuiltinError("chunkSize must be at least 1", parameter: "chunkSize") }
    let maxReviews = try call.int("maxReviews") ?? 3
    guard maxReviews >= 0 else { throw BuiltinError("maxReviews must be 0 or more", parameter: "maxReviews") }
    let store = FeatureStore(root: call.context.resolve(path: try call.string("store") ?? ".ssr-cache/features"))
    var text: TextFeatureRequest? = nil
    var names: [FeatureModality: String] = [:]
    if let directory = try call.string(textParameter) {
      let path = call.context.resolve(path: directory)
      let encoder: TextEncoder
      do throws(TextEncoderError) {
        encoder = try TextEncoder(directory: path, batchSize: batchSize)
      } catch {
        throw BuiltinError(error.description, parameter: textParameter)
      }
      text = TextFeatureRequest(encoder: encoder, fields: try SideInfoBuiltins.fields(call), maxReviews: maxReviews)
      names[.text] = "text features \(encoder.name)"
    }
    var image: ImageFeatureRequest? = nil
    if let directory = try call.string("image") {
      guard let folder = try call.string("images") else {
        throw BuiltinError("image: needs images: the folder of item images", parameter: "images", help: "images: \"covers/\" with <item id>.jpg or .png files")
      }
      let encoder: ImageEncoder
      do throws(ImageEncoderError) {
        encoder = try ImageEncoder(directory: call.context.resolve(path: directory), batchSize: batchSize)
      } catch {
        throw BuiltinError(error.description, parameter: "image")
      }
      image = ImageFeatureRequest(encoder: encoder, folder: call.context.resolve(path: folder))
      names[.image] = "image features \(encoder.name)"
    } else if call.value("images") != nil {
      throw BuiltinError("images: needs image: a CLIP model folder", parameter: "image")
    }
    let progress = ExtractionProgress(names: names, enabled: call.context.showsProgress)
    let result: (features: ItemFeatures, entries: [FeatureModality: StoredFeatures])
    do {
      result = try SSRNotebook.extractFeatures(dataset, sideInfo: info, text: text, image: image, store: store, chunkSize: chunkSize) {
        (modality: FeatureModality, state: FeatureExtractionProgress) throws(Interrupted) in
        progress.report(modality, state)
      }
    } catch let error as FeatureStoreError {
      progress.finish()
      throw BuiltinError(error.description)
    } catch let error as ItemFeaturesError {
      progress.finish()
      throw BuiltinError(error.description, help: "choose fields that the items have (see sideInfo(ds).coverage), or an images: folder holding their files")
    } catch {
      progress.finish()
      throw error
    }
    let storeName = try call.string("store") ?? ".ssr-cache/features"
    var sources: [FeatureModality: String] = [:]
    if let text, let entry = result.entries[.text] {
      let fields = text.fields.map(\.rawValue).joined(separator: " + ")
      sources[.text] = "\(text.encoder.name) on \(fields), stored in \(storeName)/\(entry.key.relativePath)"
    }
    if let image, let entry = result.entries[.image] {
      let folder = try call.string("images") ?? ""
      sources[.image] = "\(image.encoder.name) on \(folder), stored in \(storeName)/\(entry.key.relativePath)"
    }
    return .object(FeaturesObject(result.features, dataset: dataset.name, sources: sources))
  }
}

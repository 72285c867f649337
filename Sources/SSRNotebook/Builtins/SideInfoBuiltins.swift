import Foundation
import SSRCore
import SSRData
import SSRModels
import SSRMultimodal
import SSRTensor

/// `sideInfo`, `itemTexts`, `itemFeatures`, `textFeatures` (with `extractFeatures`): typed item side information and the
/// features that `train(…, features:)` fuses into models.
enum SideInfoBuiltins {
  static var features: [Builtin] { [itemTexts, itemFeatures, textFeatures, ExtractionBuiltins.extractFeatures] }

  static let fieldNames = SideInfoField.allCases.map(\.rawValue)

  static var sideInfo: Builtin {
    Builtin(
      name: "sideInfo", category: "Data",
      parameters: [
        .positional("dataset", .oneOf([.string, .object("Dataset"), .object("Split")]), doc: "a loaded dataset (aligned with its items), or a dataset name (the files' records)"),
        .labeled("path", .string, optional: true, doc: "the folder holding the side-information files (default: the data roots)"),
        .labeled("limit", .int, default: .int(10), doc: "items shown in the preview (all are kept)"),
        .labeled("skipMalformed", .bool, default: .bool(false), doc: "skip malformed lines with a count instead of failing at the first"),
      ],
      summary: "Typed item side information (title, genres, tags, description, images, reviews) with the items lacking each field.",
      discussion: """
          let info = sideInfo(ds)            // ds = load("ml-1m") |> kcore(5): aligned with its items
          info.coverage                      // per field: items with it and without it
          sideInfo("amazon-digital-music")   // the files' records, not aligned
        """
    ) { call in
      let loader = try DataBuiltins.loader(call.context)
      let policy: ErrorPolicy = try call.bool("skipMalformed") == true ? .skip : .fail
      var dataset: SequenceDataset? = nil
      let name: String
      switch try call.required("dataset") {
      case .string(let text): name = text
      case .object:
        let loaded = try DataBuiltins.dataset(call, "dataset")
        dataset = loaded
        name = loaded.name
      default: throw BuiltinError("expected a dataset name or Dataset", parameter: "dataset")
      }
      let folder = try call.string("path").map { call.context.resolve(path: $0) }
      let table = try DataBuiltins.data { () throws(DataError) in try loader.sideInfo(name, path: folder, onError: policy) }
      for file in table.files { call.context.noteFileRead(file) }
      let info = dataset.map { $0.sideInformation(from: table) } ?? DatasetSideInfo(records: table, name: name)
      return .object(SideInfoObject(info, aligned: dataset != nil, limit: try call.int("limit") ?? 10))
    }
  }

  static func sideInfoObject(_ call: BuiltinCall, _ parameter: String) throws(BuiltinError) -> SideInfoObject {
    guard case .object(let object as SideInfoObject) = try call.required(parameter) else {
      throw BuiltinError("expected a SideInfo", parameter: parameter, help: "make one with sideInfo(ds) of a loaded dataset")
    }
    return object
  }

  static func fields(_ call: BuiltinCall) throws(BuiltinError) -> [SideInfoField] {
    let values = try call.list("fields") ?? [.symbol("title"), .symbol("genres")]
    var fields: [SideInfoField] = []
    for value in values {
      guard case .symbol(let name) = value, let field = SideInfoField(rawValue: name) else {
        throw BuiltinError("unknown field \(value)", parameter: "fields", help: "the fields are \(fieldNames.map { ".\($0)" }.joined(separator: ", "))")
      }
      guard field != .images else {
        throw BuiltinError("image URLs are not text", parameter: "fields", help: "use .title, .genres, .tags, .description or .reviews")
      }
      fields.append(field)
    }
    guard !fields.isEmpty else { throw BuiltinError("no fields given", parameter: "fields") }
    return fields
  }

  static var textParameters: [BuiltinParameter] {
    [
      .labeled("fields", .list(.symbol(choices: fieldNames)), optional: true, doc: "the fields joined into each text, in order (default [.title, .genres])"),
      .labeled("maxReviews", .int, default: .int(3), doc: "at most this many reviews per item"),
    ]
  }

  static func texts(_ call: BuiltinCall, _ object: SideInfoObject) throws(BuiltinError) -> [String?] {
    let maxReviews = try call.int("maxReviews") ?? 3
    guard maxReviews >= 0 else { throw BuiltinError("maxReviews must be 0 or more", parameter: "maxReviews") }
    return object.info.texts(try fields(call), maxReviews: maxReviews)
  }

  static var itemTexts: Builtin {
    Builtin(
      name: "itemTexts", category: "Data",
      parameters: [.positional("info", .object("SideInfo"), doc: "side information of a loaded dataset")] + textParameters,
      summary: "One text per item from chosen side-information fields (nothing where an item has none), for a text encoder.",
      discussion: """
          itemTexts(sideInfo(ds), fields: [.title, .genres])   // "Toy Story (1995). Animation, Children's, Comedy", …
        Element i is item i + 1's text; fields are joined by ". ", lists by ", ".
        """
    ) { call in
      let object = try sideInfoObject(call, "info")
      return .list(try texts(call, object).map { $0.map(Value.string) ?? .nothing })
    }
  }

  /// The vectors of a list of per-item lists (nothing for an item without a vector).
  static func vectors(_ value: Value, parameter: String) throws(BuiltinError) -> [[Float]?] {
    guard case .list(let rows) = value else { throw BuiltinError("expected a list with one vector per item", parameter: parameter) }
    var result: [[Float]?] = []
    result.reserveCapacity(rows.count)
    for (index, row) in rows.enumerated() {
      switch row {
      case .nothing: result.append(nil)
      case .list(let values) where values.isEmpty: result.append(nil)
      case .list(let values):
        var vector: [Float] = []
        for value in values {
          switch value {
          case .int(let number): vector.append(Float(number))
          case .double(let number): vector.append(Float(number))
          default: throw BuiltinError("item \(index + 1): expected numbers, found \(value.typeName)", parameter: parameter)
          }
        }
        result.append(vector)
      default: throw BuiltinError("item \(index + 1): expected a list of numbers or nothing, found \(row.typeName)", parameter: parameter)
      }
    }
    return result
  }

  static func featureError(_ error: ItemFeaturesError, parameter: String? = nil) -> BuiltinError {
    parameter.map { BuiltinError(error.description, parameter: $0) } ?? BuiltinError(error.description)
  }

  static var itemFeatures: Builtin {
    Builtin(
      name: "itemFeatures", category: "Data",
      parameters: [
        .labeled("on", .oneOf([.object("Dataset"), .object("Split")]), doc: "the dataset whose items the vectors describe"),
        .labeled("text", .list(.any), optional: true, doc: "one vector (a list of numbers) per item, item 1 first; [] or nothing: the item has none"),
        .labeled("image", .list(.any), optional: true, doc: "one vector per item, item 1 first; [] or nothing: the item has none"),
      ],
      summary: "Item features from vectors you computed: the input of train(…, features:).",
      discussion: """
          let f = itemFeatures(on: ds, text: vectors)   // vectors[i] describes item i + 1; [] = no text
        """
    ) { call in
      let dataset = try DataBuiltins.dataset(call, "on")
      var features = ItemFeatures(itemCount: dataset.itemCount, catalogue: dataset.catalogueFingerprint)
      for modality in FeatureModality.allCases {
        guard let value = call.value(modality.rawValue) else { continue }
        let given = try vectors(value, parameter: modality.rawValue)
        do throws(ItemFeaturesError) {
          features = try features.adding(modality, vectors: given)
        } catch {
          throw featureError(error, parameter: modality.rawValue)
        }
      }
      guard !features.modalities.isEmpty else { throw BuiltinError("give text: or image: vectors") }
      return .object(FeaturesObject(features, dataset: dataset.name))
    }
  }

  static var textFeatures: Builtin {
    Builtin(
      name: "textFeatures", category: "Data",
      parameters: [
        .positional("info", .object("SideInfo"), doc: "side information of a loaded dataset (sideInfo(ds))"),
        .labeled("on", .oneOf([.object("Dataset"), .object("Split")]), doc: "the same dataset, to tie the features to its items"),
        .labeled("encoder", .string, doc: "a sentence-transformers or BERT model directory (config.json, vocab.txt, model.safetensors)"),
      ] + textParameters + ExtractionBuiltins.storeParameters,
      summary: "Text features from side information you already loaded: extractFeatures(ds, text: encoder, info: info) under another name.",
      discussion: """
          let info = sideInfo(ds)
          let f = textFeatures(info, on: ds, encoder: "models/all-MiniLM-L6-v2", fields: [.title, .genres])
          train(.sfsrec, on: parts, features: f, fusion: .gated)
        Stored and reused as extractFeatures does (see help(extractFeatures)).
        """
    ) { call in
      let object = try sideInfoObject(call, "info")
      let dataset = try DataBuiltins.dataset(call, "on")
      guard object.aligned else {
        throw BuiltinError(
          "the side information is not aligned with this dataset's \(dataset.itemCount) items", parameter: "info",
          help: "make it with sideInfo(ds) of the same dataset")
      }
      return try ExtractionBuiltins.extract(call, dataset: dataset, info: object.info, textParameter: "encoder")
    }
  }
}

import Foundation
import SSRData
import SSRDevice

/// `ssr-serve init`: loads the dataset the exports were trained on, reads its side information
/// and builds the data directory with ``DatabaseBuilder``.
public enum ServeInit {
  /// Builds `data` and returns a summary line.
  public static func run(
    data: String, exports: [String], dataset: String?, datasetPath: String?, manifest: String?, features: String?
  ) throws -> String {
    guard !exports.isEmpty else { throw ServerSetupError("give at least one exported model with --model DIR") }
    let first: ExportedModelConfig
    do throws(DeviceError) {
      first = try ModelExport.read(from: exports[0]).config
    } catch {
      throw ServerSetupError(error.description)
    }
    let name = dataset ?? first.dataset
    let loader = try DatasetLoader.standard(manifestPath: manifest, dataRoot: nil)
    // The export's own list of raw item ids maps the catalogue exactly, whatever preprocessing the
    // model was trained after; without it, the dataset is loaded with the manifest's preprocessing.
    let itemIDs: [String]
    var note = ""
    let listed: [String]?
    do throws(DeviceError) {
      listed = try ModelExport.readItemIDs(from: exports[0], itemCount: first.itemCount)
    } catch {
      throw ServerSetupError(error.description)
    }
    if let listed {
      itemIDs = listed
    } else {
      itemIDs = try loader.load(name, path: datasetPath).dataset.itemIDs
      note = " (item ids from \(name) with the manifest's preprocessing: the export has no items.txt)"
    }
    var side: [String: ItemSideInfo] = [:]
    do {
      side = try loader.sideInfo(name, path: datasetPath).itemsByID()
    } catch {
      note += " (no side information: \(error))"
    }
    let items = itemIDs.enumerated().map { index, raw in
      ItemRecord(id: index + 1, rawID: raw, title: side[raw]?.title, genres: side[raw]?.genres ?? [])
    }
    let database = try DatabaseBuilder.build(directory: data, items: items, dataset: name, exports: exports, featuresFile: features)
    let titled = items.filter { $0.title != nil }.count
    let models = try database.models().map(\.name).joined(separator: ", ")
    return "built \(database.path): \(items.count) items of \(name) (\(titled) with titles)\(note), "
      + "\(try database.featureInfo().map { "features of width \($0.width)" } ?? "no features"), models: \(models)"
  }
}

import Foundation
import SSRCore
import SSRData
import SSREval
import SSRTensor

/// The results of `//| cache: true` cells, on disk: a cell whose code, options, notebook seed,
/// parameters, upstream cells, numerics, SSR version and data files are unchanged is not run
/// again; its outputs and bindings are restored.
///
/// An entry lives in `<directory>/<notebook>/<cell>-<key>/`: `entry.json` (what the cell showed,
/// its value, the names it bound, the data files it read with their SHA-256) and one
/// `.safetensors` checkpoint per model among them.
public struct CellCache: Sendable {
  /// The cache folder (`.ssr-cache/cells` by default, beside the dataset cache).
  public let directory: String

  /// A cache in `directory`.
  public init(directory: String = ".ssr-cache/cells") {
    self.directory = directory
  }

  /// A data file a cell read, and its content hash then.
  struct FileStamp: Codable, Hashable {
    var path: String
    var sha256: String
  }

  /// One cached cell.
  struct Entry: Codable {
    static let currentFormat = 1
    var format = Entry.currentFormat
    var key: String
    /// What the cell showed, in order.
    var items: [Item]
    /// The cell's value.
    var result: StoredValue
    /// The names it bound, in order.
    var bindings: [Binding]
    /// The data files the cell itself read.
    var files: [FileStamp]

    enum Item: Codable {
      case text(String)
      case value(StoredValue)
    }

    struct Binding: Codable {
      var name: String
      var value: StoredValue
    }
  }

  /// What a restored cell gives back.
  struct Restored {
    var items: [DisplayItem]
    var result: Value
    var bindings: [(String, Value)]
    var files: [FileStamp]
  }

  /// The key of a cell: its output hash (code, id, seed, parameters, upstream cells), the
  /// numerics, the SSR version and build, and the data files its upstream cells read.
  static func key(cellHash: String, numerics: NumericsMode, upstreamFiles: [FileStamp]) -> String {
    var hasher = SHA256()
    hasher.update("ssr-cell-cache \(Entry.currentFormat)\nssr \(SSRVersion.current) \(buildStamp)\ncell \(cellHash)\nnumerics \(numerics.rawValue)\n")
    for file in upstreamFiles.sorted(by: { $0.path < $1.path }) { hasher.update("file \(file.path) \(file.sha256)\n") }
    return hasher.finalize().prefixHex(bytes: 12)
  }

  /// The size and modification time of the running executable: a rebuilt SSR (whose models or
  /// builtins may compute something else) does not reuse the results of the previous build.
  static let buildStamp: String = {
    let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unknown build" }
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "build \(size)-\(Int64(modified * 1000))"
  }()

  /// The entry folder of a cell.
  func folder(notebook: String, cell: String, key: String) -> String {
    let safe = { (text: String) in String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }) }
    return ((directory as NSString).appendingPathComponent(safe(notebook)) as NSString).appendingPathComponent("\(safe(cell))-\(key)")
  }

  /// The content hashes of `paths` (remembered by file status in the dataset cache's index).
  static func stamps(_ paths: some Sequence<String>) -> [FileStamp] {
    let index = DatasetCache().fingerprints
    return Set(paths).sorted().compactMap { path in
      guard let (fingerprint, _) = try? index.fingerprint(of: path) else { return nil }
      return FileStamp(path: fingerprint.path, sha256: fingerprint.sha256)
    }
  }

  /// The cell's stored results, if there is an entry for `key` whose own data files are unchanged.
  func restore(notebook: String, cell: String, key: String, registry: ModelRegistry) -> Restored? {
    let folder = folder(notebook: notebook, cell: cell, key: key)
    guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("entry.json")),
      let entry = try? JSONDecoder.cache.decode(Entry.self, from: data), entry.format == Entry.currentFormat, entry.key == key
    else { return nil }
    guard Self.stamps(entry.files.map(\.path)) == entry.files.sorted(by: { $0.path < $1.path }) else { return nil }
    do {
      let items = try entry.items.map { item -> DisplayItem in
        switch item {
        case .text(let text): return .text(text)
        case .value(let value): return .value(try value.value(directory: folder, registry: registry))
        }
      }
      let result = try entry.result.value(directory: folder, registry: registry)
      let bindings = try entry.bindings.map { ($0.name, try $0.value.value(directory: folder, registry: registry)) }
      return Restored(items: items, result: result, bindings: bindings, files: entry.files)
    } catch {
      return nil
    }
  }

  /// Stores what a cell showed and bound under `key`, replacing older entries of the cell.
  ///
  /// - Throws: ``NotStorable`` when a value has no stored form; file errors.
  func store(
    notebook: String, cell: String, key: String, items: [DisplayItem], result: Value, bindings: [(String, Value)], files: [FileStamp]
  ) throws {
    let folder = folder(notebook: notebook, cell: cell, key: key)
    let parent = (folder as NSString).deletingLastPathComponent
    let manager = FileManager.default
    let staging = folder + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
    try? manager.removeItem(atPath: staging)
    try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
    do {
      let entry = Entry(
        key: key,
        items: try items.enumerated().map { index, item in
          switch item {
          case .text(let text): return .text(text)
          case .value(let value): return .value(try StoredValue(value, directory: staging, name: "shown\(index)"))
          }
        },
        result: try StoredValue(result, directory: staging, name: "result"),
        bindings: try bindings.map { .init(name: $0.0, value: try StoredValue($0.1, directory: staging, name: $0.0)) },
        files: files.sorted(by: { $0.path < $1.path }))
      try AtomicFile.write(String(decoding: try JSONEncoder.cache.encode(entry), as: UTF8.self), to: (staging as NSString).appendingPathComponent("entry.json"))
    } catch {
      try? manager.removeItem(atPath: staging)
      throw error
    }
    // Older entries of the same cell are stale: keep only this one.
    let prefix = (folder as NSString).lastPathComponent.dropLast(key.count)
    func isEntryOfThisCell(_ name: String) -> Bool {
      name.hasPrefix(prefix) && name.count == prefix.count + key.count && name.dropFirst(prefix.count).allSatisfy(\.isHexDigit)
    }
    for name in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] where isEntryOfThisCell(name) {
      try? manager.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
    }
    try manager.moveItem(atPath: staging, toPath: folder)
  }

  /// Removes every cached cell; returns how many entries there were.
  @discardableResult
  public func clear() throws -> Int {
    let manager = FileManager.default
    guard manager.fileExists(atPath: directory) else { return 0 }
    var count = 0
    for notebook in try manager.contentsOfDirectory(atPath: directory) {
      count += (try? manager.contentsOfDirectory(atPath: (directory as NSString).appendingPathComponent(notebook)).count) ?? 0
    }
    try manager.removeItem(atPath: directory)
    return count
  }
}

extension JSONEncoder {
  /// Exact doubles, infinities and NaN included.
  static var cache: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }
}

extension JSONDecoder {
  /// Reads what ``JSONEncoder/cache`` wrote.
  static var cache: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }
}

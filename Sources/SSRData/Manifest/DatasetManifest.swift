import Foundation

/// The parsed `datasets.manifest` (JSON): what each dataset is, where to get it, which files
/// hold it, and how to preprocess it by default.
public struct DatasetManifest: Sendable, Hashable, Codable {
  /// Always `"ssr-datasets"`.
  public var manifest: String
  /// The schema version (1).
  public var version: Int
  /// Human-readable notes.
  public var about: String?
  /// Format name → description.
  public var formats: [String: String]
  /// Default preprocessing.
  public var defaults: PreprocessingSpec
  /// The datasets, in display order.
  public var datasets: [DatasetEntry]

  /// The names of all datasets.
  public var names: [String] { datasets.map(\.name) }

  /// The entry called `name`.
  ///
  /// - Throws: ``DataError/unknownDataset(name:known:)`` with a did-you-mean suggestion.
  public func entry(named name: String) throws(DataError) -> DatasetEntry {
    guard let entry = datasets.first(where: { $0.name == name }) else {
      throw DataError.unknownDataset(name: name, known: names)
    }
    return entry
  }

  /// Parses and checks manifest JSON; `path` is used in messages.
  public static func parse(_ data: Data, path: String) throws(DataError) -> DatasetManifest {
    let manifest: DatasetManifest
    do {
      manifest = try JSONDecoder().decode(DatasetManifest.self, from: data)
    } catch let error as DecodingError {
      throw DataError.invalidManifest(path: path, reason: describe(error))
    } catch {
      throw DataError.invalidManifest(path: path, reason: "\(error)")
    }
    try manifest.check(path: path)
    return manifest
  }

  /// Reads and parses the manifest file at `path`.
  public static func load(path: String) throws(DataError) -> DatasetManifest {
    guard FileManager.default.fileExists(atPath: path) else { throw DataError.fileNotFound(path: path) }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw DataError.unreadable(path: path, reason: error.localizedDescription)
    }
    return try parse(data, path: path)
  }

  /// Finds `datasets.manifest`: the explicit path, then `$SSR_MANIFEST`, then the current
  /// directory and its parents.
  public static func locate(
    explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath
  ) throws(DataError) -> String {
    var tried: [String] = []
    for candidate in [explicit, environment["SSR_MANIFEST"]].compactMap({ $0 }) {
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      tried.append(candidate)
    }
    var directory = URL(fileURLWithPath: currentDirectory).standardizedFileURL
    while true {
      let candidate = directory.appendingPathComponent("datasets.manifest").path
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      tried.append(candidate)
      let parent = directory.deletingLastPathComponent()
      if parent.path == directory.path { break }
      directory = parent
    }
    throw DataError.fileNotFound(path: "datasets.manifest (looked at \(tried.prefix(4).joined(separator: ", "))…; set $SSR_MANIFEST)")
  }

  /// Consistency checks beyond the JSON shape.
  func check(path: String) throws(DataError) {
    func bad(_ reason: String) -> DataError { .invalidManifest(path: path, reason: reason) }
    guard manifest == "ssr-datasets" else { throw bad("\"manifest\" must be \"ssr-datasets\"") }
    guard version == 1 else { throw bad("version \(version) is not supported (this SSR reads version 1)") }
    try defaults.check(context: "defaults", path: path)
    var seen = Set<String>()
    for entry in datasets {
      let context = "dataset '\(entry.name)'"
      guard !entry.name.isEmpty, seen.insert(entry.name).inserted else { throw bad("\(context): empty or repeated name") }
      guard !entry.directory.isEmpty, !entry.directory.contains(".."), !entry.directory.hasPrefix("/") else {
        throw bad("\(context): directory must be a relative folder name")
      }
      guard !entry.interactions.isEmpty else { throw bad("\(context): no interaction files") }
      for spec in entry.interactions {
        guard let format = spec.format, InteractionFormat.presetNames.contains(format) else {
          throw bad("\(context): file \(spec.file) has unknown interaction format '\(spec.format ?? "")'")
        }
      }
      for spec in entry.sideInfo {
        guard let format = spec.format, SideInfoFormat(rawValue: format) != nil else {
          throw bad("\(context): file \(spec.file) has unknown side-information format '\(spec.format ?? "")'")
        }
      }
      for spec in entry.interactions + entry.sideInfo + entry.files {
        guard !spec.file.isEmpty, !spec.file.contains(".."), !spec.file.hasPrefix("/") else {
          throw bad("\(context): file paths must be relative and stay inside the dataset folder")
        }
        if let sha = spec.sha256, sha.count != 64 || !sha.allSatisfy(\.isHexDigit) {
          throw bad("\(context): \(spec.file): sha256 must be 64 hexadecimal digits")
        }
        for url in [spec.url].compactMap({ $0 }) + (spec.mirrors ?? []) where !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
          throw bad("\(context): \(spec.file): URL \(url) is not http(s)")
        }
      }
      try entry.preprocessing.check(context: context, path: path)
    }
  }

  static func describe(_ error: DecodingError) -> String {
    func location(_ path: [CodingKey]) -> String {
      let parts = path.map { key in key.intValue.map { "[\($0)]" } ?? "." + key.stringValue }
      let joined = parts.joined()
      return joined.isEmpty ? "the top level" : String(joined.drop(while: { $0 == "." }))
    }
    switch error {
    case let .keyNotFound(key, context):
      return "missing key '\(key.stringValue)' in \(location(context.codingPath))"
    case let .typeMismatch(type, context):
      return "\(location(context.codingPath)) should be \(type)"
    case let .valueNotFound(type, context):
      return "\(location(context.codingPath)) is null but should be \(type)"
    case let .dataCorrupted(context):
      let underlying = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
      return "not valid JSON at \(location(context.codingPath)): \(context.debugDescription)\(underlying)"
    @unknown default:
      return "\(error)"
    }
  }
}

/// One dataset of the manifest.
public struct DatasetEntry: Sendable, Hashable, Codable {
  /// The name used by `load`.
  public var name: String
  /// A display title.
  public var title: String
  /// The folder under a data root.
  public var directory: String
  /// Whether the SSR paper uses it.
  public var inPaper: Bool
  /// Who publishes the data.
  public var publisher: String
  /// The official page.
  public var homepage: String
  /// What to cite.
  public var citation: String
  /// Licence or terms of use.
  public var license: String
  /// Which variant this entry is pinned to, when the name is ambiguous.
  public var pinned: String?
  /// Instructions when the data cannot be downloaded automatically.
  public var manualDownload: String?
  /// The official archive holding the files, if any.
  public var archive: ArchiveSpec?
  /// Files that can provide the interactions, most preferred first.
  public var interactions: [FileSpec]
  /// Side-information files.
  public var sideInfo: [FileSpec]
  /// Other files (item maps, bundles, test sessions).
  public var files: [FileSpec]
  /// Default preprocessing.
  public var preprocessing: PreprocessingSpec

  enum CodingKeys: String, CodingKey {
    case name, title, directory, inPaper, publisher, homepage, citation, license, pinned, manualDownload, archive
    case interactions, sideInfo, files, preprocessing
  }

  /// Decodes an entry; `sideInfo` and `files` may be omitted.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    title = try c.decode(String.self, forKey: .title)
    directory = try c.decode(String.self, forKey: .directory)
    inPaper = try c.decodeIfPresent(Bool.self, forKey: .inPaper) ?? false
    publisher = try c.decode(String.self, forKey: .publisher)
    homepage = try c.decode(String.self, forKey: .homepage)
    citation = try c.decode(String.self, forKey: .citation)
    license = try c.decode(String.self, forKey: .license)
    pinned = try c.decodeIfPresent(String.self, forKey: .pinned)
    manualDownload = try c.decodeIfPresent(String.self, forKey: .manualDownload)
    archive = try c.decodeIfPresent(ArchiveSpec.self, forKey: .archive)
    interactions = try c.decode([FileSpec].self, forKey: .interactions)
    sideInfo = try c.decodeIfPresent([FileSpec].self, forKey: .sideInfo) ?? []
    files = try c.decodeIfPresent([FileSpec].self, forKey: .files) ?? []
    preprocessing = try c.decode(PreprocessingSpec.self, forKey: .preprocessing)
  }

  /// The official download URL of the interactions (or the homepage when there is none).
  public var downloadURL: String {
    interactions.first(where: { $0.official == true && $0.url != nil })?.url ?? archive?.url ?? homepage
  }
}

/// A file of a dataset.
public struct FileSpec: Sendable, Hashable, Codable {
  /// The path inside the dataset folder.
  public var file: String
  /// The format name (see the manifest's `formats`).
  public var format: String?
  /// Whether this is the publisher's own file and format.
  public var official: Bool?
  /// Where to download it.
  public var url: String?
  /// Other download locations.
  public var mirrors: [String]?
  /// The published SHA-256 (hex), when known.
  public var sha256: String?
  /// Remarks (partial copies, derivations).
  public var note: String?
  /// The text encoding when not UTF-8 (`latin1`).
  public var encoding: String?
  /// For `json-sequences`: the `raw id \t index` map file.
  public var itemMap: String?
}

/// An official archive.
public struct ArchiveSpec: Sendable, Hashable, Codable {
  /// The download URL.
  public var url: String
  /// The archive format (`zip`).
  public var format: String
  /// The folder inside the archive that holds the files.
  public var root: String?
}

/// Default preprocessing in the manifest.
public struct PreprocessingSpec: Sendable, Hashable, Codable {
  /// Always `implicit`.
  public var feedback: String
  /// `none`, `first` or `last`.
  public var deduplicate: String
  /// The k of the k-core filter.
  public var kcore: Int
  /// The history window.
  public var maxLen: Int
  /// The default split.
  public var split: SplitSpec
  /// Remarks.
  public var note: String?

  /// The options these defaults describe.
  public var options: PreprocessOptions {
    PreprocessOptions(deduplicate: Deduplication(rawValue: deduplicate) ?? .first, kcore: kcore, maxLen: maxLen)
  }

  func check(context: String, path: String) throws(DataError) {
    func bad(_ reason: String) -> DataError { .invalidManifest(path: path, reason: "\(context): \(reason)") }
    guard feedback == "implicit" else { throw bad("feedback must be \"implicit\"") }
    guard Deduplication(rawValue: deduplicate) != nil else { throw bad("deduplicate must be none, first or last") }
    do { try options.validate() } catch { throw bad(error.description) }
    guard split.splitMethod != nil else { throw bad("split method must be timeRatio, leaveOneOut or temporalCutoff") }
  }
}

/// A split in the manifest.
public struct SplitSpec: Sendable, Hashable, Codable {
  /// `timeRatio`, `leaveOneOut` or `temporalCutoff`.
  public var method: String
  /// The test fraction.
  public var test: Double?
  /// The validation fraction (0 = none).
  public var valid: Double?
}

extension SplitSpec {
  /// The ``SplitMethod`` described, or nil when the method name is unknown.
  public var splitMethod: SplitMethod? {
    switch method {
    case "timeRatio": return .timeRatio(test: test ?? 0.2, valid: valid ?? 0)
    case "leaveOneOut": return .leaveOneOut(valid: (valid ?? 0) > 0)
    case "temporalCutoff": return .temporalCutoff(test: test ?? 0.2, valid: valid ?? 0)
    default: return nil
    }
  }
}

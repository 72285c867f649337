import Foundation

/// A folder that may hold dataset folders, and why it is searched.
public struct DataRoot: Sendable, Hashable, CustomStringConvertible {
  /// The folder.
  public var path: String
  /// Where it came from: `explicit path`, `$SSR_DATA`, `./datasets`, `../shared/datasets`,
  /// `user cache`.
  public var origin: String

  /// Creates a root.
  public init(path: String, origin: String) {
    self.path = path
    self.origin = origin
  }

  /// `path (origin)`.
  public var description: String { "\(path) (\(origin))" }
}

/// Where a dataset was found.
public struct DatasetLocation: Sendable, Hashable {
  /// The manifest entry.
  public var entry: DatasetEntry
  /// The dataset folder.
  public var directory: String
  /// The root it was found under (nil for an explicit dataset folder or file).
  public var root: DataRoot?
  /// The interaction file chosen.
  public var spec: FileSpec
  /// Its full path.
  public var path: String
  /// Side-information files present, with their full paths.
  public var sideInfo: [(spec: FileSpec, path: String)] {
    entry.sideInfo.compactMap { spec in
      let path = (directory as NSString).appendingPathComponent(spec.file)
      return FileManager.default.fileExists(atPath: path) ? (spec, path) : nil
    }
  }

  /// The reader format of ``spec``.
  public var format: InteractionFormat {
    // The manifest check guarantees a known preset name.
    InteractionFormat.preset(named: spec.format ?? "", itemMap: spec.itemMap) ?? .userItemPairs
  }
}

/// One line of the `datasets()` listing.
public struct DatasetAvailability: Sendable, Hashable {
  /// The manifest entry.
  public var entry: DatasetEntry
  /// Where it is, or nil when absent.
  public var location: DatasetLocation?
  /// The dataset folders that were searched.
  public var searched: [String]

  /// `found: <path> (official|derived|partial)` or `missing`.
  public var status: String {
    guard let location else { return "missing" }
    let kind = location.spec.official == true ? "official" : (location.spec.note?.hasPrefix("PARTIAL") == true ? "partial" : "derived")
    return "\(kind): \(location.path)"
  }
}

/// Finds dataset folders in a list of data roots.
public struct DataLocator: Sendable, Hashable {
  /// The roots, searched in order.
  public var roots: [DataRoot]

  /// Uses these roots.
  public init(roots: [DataRoot]) {
    self.roots = roots
  }

  /// The standard search order: `explicitRoot`, `$SSR_DATA`, `./datasets`, `../shared/datasets`
  /// (the development layout next to the repository), and the user cache
  /// (`$XDG_CACHE_HOME/ssr/datasets` or `~/.cache/ssr/datasets`).
  public static func standard(
    explicitRoot: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath,
    homeDirectory: String = FileManager.default.homeDirectoryForCurrentUser.path
  ) -> DataLocator {
    var roots: [DataRoot] = []
    func absolute(_ path: String) -> String {
      URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true)).standardizedFileURL.path
    }
    if let explicitRoot { roots.append(DataRoot(path: absolute(explicitRoot), origin: "explicit path")) }
    if let data = environment["SSR_DATA"], !data.isEmpty { roots.append(DataRoot(path: absolute(data), origin: "$SSR_DATA")) }
    roots.append(DataRoot(path: absolute("datasets"), origin: "./datasets"))
    roots.append(DataRoot(path: absolute("../shared/datasets"), origin: "../shared/datasets"))
    let cacheBase = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (homeDirectory as NSString).appendingPathComponent(".cache")
    roots.append(DataRoot(path: (absolute(cacheBase) as NSString).appendingPathComponent("ssr/datasets"), origin: "user cache"))
    var seen = Set<String>()
    return DataLocator(roots: roots.filter { seen.insert($0.path).inserted })
  }

  /// Finds `entry`'s interactions.
  ///
  /// - Parameters:
  ///   - path: a dataset folder, a root holding `entry.directory`, or one of its interaction files.
  ///   - file: pick this interaction file of the manifest instead of the first present.
  /// - Throws: ``DataError/datasetNotFound(name:searched:files:url:advice:)`` naming every folder
  ///   searched, the expected files and the official URL.
  public func locate(_ entry: DatasetEntry, path: String? = nil, file: String? = nil) throws(DataError) -> DatasetLocation {
    var specs = entry.interactions
    if let file {
      specs = specs.filter { $0.file == file || ($0.file as NSString).lastPathComponent == file }
      guard !specs.isEmpty else {
        throw DataError.invalidOption(
          name: "file", value: file, reason: "not an interaction file of '\(entry.name)'; choose one of \(entry.interactions.map(\.file).joined(separator: ", "))")
      }
    }
    let manager = FileManager.default
    var candidates: [(directory: String, root: DataRoot?)] = []
    if let path {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw DataError.fileNotFound(path: path) }
      if !isDirectory.boolValue {
        let name = (path as NSString).lastPathComponent
        guard let spec = specs.first(where: { ($0.file as NSString).lastPathComponent == name }) else {
          throw DataError.invalidOption(
            name: "path", value: path,
            reason: "'\(name)' is not a file of dataset '\(entry.name)' (\(specs.map(\.file).joined(separator: ", "))); "
              + "to read another file, name its format: load(\"\(entry.name)\", path: \"\(path)\", format: \"\(entry.interactions.first?.format ?? "user-item-pairs")\")")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let base = directory.hasSuffix((spec.file as NSString).deletingLastPathComponent)
          ? String(directory.dropLast((spec.file as NSString).deletingLastPathComponent.count)) : directory
        return DatasetLocation(entry: entry, directory: base, root: nil, spec: spec, path: path)
      }
      candidates = [(path, nil), ((path as NSString).appendingPathComponent(entry.directory), DataRoot(path: path, origin: "explicit path"))]
    } else {
      candidates = roots.map { ((($0.path as NSString).appendingPathComponent(entry.directory)), $0) }
    }
    for candidate in candidates {
      for spec in specs {
        let full = (candidate.directory as NSString).appendingPathComponent(spec.file)
        if manager.fileExists(atPath: full) {
          return DatasetLocation(entry: entry, directory: candidate.directory, root: candidate.root, spec: spec, path: full)
        }
      }
    }
    let target = candidates.first?.directory ?? entry.directory
    var advice = "download it into \(target)/ or set $SSR_DATA to a folder containing \(entry.directory)/"
    if let fetch = DatasetFetcher.advice(for: entry) { advice = fetch + ", or " + advice }
    if let manual = entry.manualDownload { advice = manual + " (" + advice + ")" }
    throw DataError.datasetNotFound(
      name: entry.name, searched: candidates.map(\.directory), files: specs.map(\.file), url: entry.downloadURL, advice: advice)
  }

  /// Every manifest dataset with where it is found (or nil).
  public func availability(of manifest: DatasetManifest) -> [DatasetAvailability] {
    manifest.datasets.map { entry in
      let searched = roots.map { ($0.path as NSString).appendingPathComponent(entry.directory) }
      return DatasetAvailability(entry: entry, location: try? locate(entry), searched: searched)
    }
  }
}

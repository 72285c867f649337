import Foundation

/// A prepared dataset and how it was obtained.
public struct LoadedDataset: Sendable {
  /// The dataset.
  public var dataset: SequenceDataset
  /// Where its files were found (nil for ``DatasetLoader/load(file:format:name:options:onError:)``).
  public var location: DatasetLocation?
  /// Whether it came from the binary cache.
  public var cacheHit: Bool
  /// The cache file read or written (nil without a cache).
  public var cacheFile: String?
  /// Why the cache could not be used or written, if it could not (the load itself succeeded).
  public var cacheProblem: String?
  /// Seconds spent per step.
  public var timings: LoadTimings
}

/// Seconds spent in each step of a load.
public struct LoadTimings: Sendable, Hashable {
  /// Fingerprinting the raw files (stat, and hashing when they changed).
  public var fingerprint: Double = 0
  /// Reading the cache file.
  public var cacheRead: Double = 0
  /// Parsing the raw files.
  public var parse: Double = 0
  /// Sorting, de-duplication, k-core and encoding.
  public var prepare: Double = 0
  /// Writing the cache file.
  public var cacheWrite: Double = 0

  /// The sum.
  public var total: Double { fingerprint + cacheRead + parse + prepare + cacheWrite }
}

/// Finds, reads, prepares and caches datasets by name (the entry point for `load`, `datasets`
/// and `sideInfo`).
public struct DatasetLoader: Sendable {
  /// The dataset manifest.
  public var manifest: DatasetManifest
  /// Where to look for dataset folders.
  public var locator: DataLocator
  /// The binary cache (nil disables caching).
  public var cache: DatasetCache?

  /// Creates a loader.
  public init(manifest: DatasetManifest, locator: DataLocator = .standard(), cache: DatasetCache? = DatasetCache()) {
    self.manifest = manifest
    self.locator = locator
    self.cache = cache
  }

  /// A loader with the manifest found by ``DatasetManifest/locate(explicit:environment:currentDirectory:)``,
  /// the standard data roots and a cache in `cacheDirectory` (nil: no cache).
  public static func standard(
    manifestPath: String? = nil, dataRoot: String? = nil, cacheDirectory: String? = ".ssr-cache"
  ) throws(DataError) -> DatasetLoader {
    let manifest = try DatasetManifest.load(path: try DatasetManifest.locate(explicit: manifestPath))
    return DatasetLoader(
      manifest: manifest, locator: .standard(explicitRoot: dataRoot), cache: cacheDirectory.map { DatasetCache(directory: $0) })
  }

  /// Every dataset of the manifest with where it is found locally.
  public func datasets() -> [DatasetAvailability] {
    locator.availability(of: manifest)
  }

  /// Where the interactions of `name` are (see ``DataLocator/locate(_:path:file:)``).
  public func locate(_ name: String, path: String? = nil, file: String? = nil) throws(DataError) -> DatasetLocation {
    try locator.locate(try manifest.entry(named: name), path: path, file: file)
  }

  /// Loads the dataset called `name`, prepared with `options` (default: the manifest's), from
  /// the cache when the raw files and options are unchanged.
  ///
  /// - Parameters:
  ///   - path: a dataset folder, a data root, or one of the dataset's interaction files.
  ///   - file: which of the manifest's interaction files to read (default: the first present).
  ///   - onError: what to do with malformed lines.
  public func load(
    _ name: String, options: PreprocessOptions? = nil, path: String? = nil, file: String? = nil, onError: ErrorPolicy = .fail
  ) throws(DataError) -> LoadedDataset {
    let entry = try manifest.entry(named: name)
    let location = try locator.locate(entry, path: path, file: file)
    var files = [location.path]
    if let itemMap = location.spec.itemMap {
      files.append(URL(fileURLWithPath: location.path).deletingLastPathComponent().appendingPathComponent(itemMap).path)
    }
    let expected: [String: String] = [location.path: location.spec.sha256].compactMapValues { $0 }
    var result = try load(
      files: files, expected: expected, format: location.format,
      formatName: (location.spec.format ?? "") + "\n" + location.format.cacheKey, name: entry.name,
      options: options ?? entry.preprocessing.options, onError: onError)
    result.location = location
    return result
  }

  /// Loads a file of your own in `format` (cached like the manifest datasets).
  public func load(
    file path: String, format: InteractionFormat, name: String? = nil, options: PreprocessOptions = PreprocessOptions(),
    onError: ErrorPolicy = .fail
  ) throws(DataError) -> LoadedDataset {
    var files = [path]
    if case let .jsonSequences(itemMap?) = format {
      files.append(URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(itemMap).path)
    }
    let datasetName = name ?? URL(fileURLWithPath: path).lastPathComponent
    return try load(
      files: files, expected: [:], format: format, formatName: format.cacheKey, name: datasetName, options: options, onError: onError)
  }

  func load(
    files: [String], expected: [String: String], format: InteractionFormat, formatName: String, name: String,
    options: PreprocessOptions, onError: ErrorPolicy
  ) throws(DataError) -> LoadedDataset {
    try options.validate()
    let expected = Dictionary(expected.map { (URL(fileURLWithPath: $0.key).standardizedFileURL.path, $0.value.lowercased()) }) { a, _ in a }
    var timings = LoadTimings()
    var clock = Stopwatch()
    var fingerprints: [FileFingerprint] = []
    for file in files {
      if let cache {
        fingerprints.append(try cache.fingerprints.fingerprint(of: file).0)
      } else {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        if expected[absolute] != nil {
          let sha = try FingerprintIndex.sha256(ofFile: absolute)
          fingerprints.append(FileFingerprint(path: absolute, size: 0, modified: 0, inode: 0, device: 0, sha256: sha))
        }
      }
    }
    for fingerprint in fingerprints {
      if let published = expected[fingerprint.path], published != fingerprint.sha256 {
        throw DataError.checksumMismatch(path: fingerprint.path, expected: published, actual: fingerprint.sha256)
      }
    }
    timings.fingerprint = clock.lap()
    var cacheFile: String?
    var cacheProblem: String?
    var key = ""
    if let cache {
      key = DatasetCache.key(name: name, format: formatName, options: options, policy: onError, files: fingerprints)
      cacheFile = cache.file(name: name, key: key)
      do {
        if let dataset = try cache.load(name: name, key: key) {
          timings.cacheRead = clock.lap()
          return LoadedDataset(dataset: dataset, location: nil, cacheHit: true, cacheFile: cacheFile, cacheProblem: nil, timings: timings)
        }
      } catch {
        cacheProblem = error.description
      }
      timings.cacheRead = clock.lap()
    }
    let table = try InteractionReader.read(files[0], format: format, onError: onError)
    timings.parse = clock.lap()
    var dataset = try Preprocessor.prepare(table, options: options, name: name, format: formatName)
    dataset.provenance.sha256 = fingerprints.map(\.sha256)
    timings.prepare = clock.lap()
    if let cache {
      do {
        try cache.store(dataset, key: key)
      } catch {
        cacheProblem = error.description
      }
      timings.cacheWrite = clock.lap()
    }
    return LoadedDataset(dataset: dataset, location: nil, cacheHit: false, cacheFile: cacheFile, cacheProblem: cacheProblem, timings: timings)
  }

  /// Reads and merges every side-information file of `name` that is present (titles, genres,
  /// descriptions, image URLs). Works even when the interaction files are absent.
  public func sideInfo(_ name: String, path: String? = nil, onError: ErrorPolicy = .fail) throws(DataError) -> SideInfoTable {
    let entry = try manifest.entry(named: name)
    guard !entry.sideInfo.isEmpty else {
      throw DataError.invalidOption(name: "sideInfo", value: name, reason: "the manifest lists no side-information files for this dataset")
    }
    let directories = path.map { [$0, ($0 as NSString).appendingPathComponent(entry.directory)] }
      ?? locator.roots.map { ($0.path as NSString).appendingPathComponent(entry.directory) }
    for directory in directories {
      let present = entry.sideInfo.compactMap { spec -> (FileSpec, String)? in
        let full = (directory as NSString).appendingPathComponent(spec.file)
        return FileManager.default.fileExists(atPath: full) ? (spec, full) : nil
      }
      guard !present.isEmpty else { continue }
      var table = SideInfoTable()
      for (spec, full) in present {
        // The manifest check guarantees a known format name.
        guard let format = SideInfoFormat(rawValue: spec.format ?? "") else { continue }
        table = table.merging(try SideInfoReader.read(full, format: format, onError: onError))
      }
      return table
    }
    throw DataError.datasetNotFound(
      name: "\(name) (side information)", searched: directories, files: entry.sideInfo.map(\.file),
      url: entry.sideInfo.compactMap(\.url).first ?? entry.homepage,
      advice: "download the metadata into one of these folders")
  }
}

/// Wall-clock lap timer.
struct Stopwatch {
  private var last = DispatchTime.now().uptimeNanoseconds

  /// Seconds since the previous lap (or creation).
  mutating func lap() -> Double {
    let now = DispatchTime.now().uptimeNanoseconds
    defer { last = now }
    return Double(now - last) / 1e9
  }
}

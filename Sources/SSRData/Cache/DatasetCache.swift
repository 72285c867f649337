import Foundation
import SSRCore

/// A binary cache of prepared datasets, keyed by the raw files' content hashes and the options.
///
/// Files are `<directory>/<name>-<key>.ssrdata`, written atomically. Layout: the magic
/// `SSRDATA1`, a JSON header (key, name, provenance, counts), then the arrays (offsets, items,
/// times, raw ids) little-endian, and a 64-bit checksum of everything before it. A damaged or
/// foreign file is reported as ``DataError/invalidCache(path:reason:)``; the loader then rebuilds.
public struct DatasetCache: Sendable, Hashable {
  /// The cache folder (absolute).
  public let directory: String

  static let magic = Array("SSRDATA1".utf8)

  /// A cache in `directory` (default `.ssr-cache` in the current directory).
  public init(directory: String = ".ssr-cache") {
    self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
  }

  /// The content-hash index of raw files (see ``FingerprintIndex``).
  public var fingerprints: FingerprintIndex {
    FingerprintIndex(path: (directory as NSString).appendingPathComponent("fingerprints.json"))
  }

  /// The key of a prepared dataset: SHA-256 over the cache version, the name, the reader format,
  /// the error policy, the options and every raw file's content hash.
  public static func key(
    name: String, format: String, options: PreprocessOptions, policy: ErrorPolicy, files: [FileFingerprint]
  ) -> String {
    var hasher = SHA256()
    hasher.update("ssr-data-cache 1\n\(name)\n\(format)\n\(policy.rawValue)\n\(options)\n")
    for file in files { hasher.update(file.sha256 + "\n") }
    return hasher.finalize().prefixHex(bytes: 16)
  }

  /// The file for `key`.
  public func file(name: String, key: String) -> String {
    let safe = String(name.unicodeScalars.map { scalar -> Character in
      let c = Character(scalar)
      return c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." ? c : "_"
    }.prefix(60))
    return (directory as NSString).appendingPathComponent("\(safe)-\(key).ssrdata")
  }

  /// The cached dataset, or nil when there is no file for the key.
  public func load(name: String, key: String) throws(DataError) -> SequenceDataset? {
    let path = file(name: name, key: key)
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    let bytes: [UInt8]
    do {
      bytes = try DataFile.readRaw(path)
    } catch {
      throw DataError.invalidCache(path: path, reason: error.description)
    }
    return try typed(DataError.self) { try bytes.withUnsafeBytes { try DatasetCache.decode($0, key: key, path: path) } }
  }

  /// Writes `dataset` under `key`; returns the file path.
  @discardableResult
  public func store(_ dataset: SequenceDataset, key: String) throws(DataError) -> String {
    let path = file(name: dataset.name, key: key)
    let bytes = try DatasetCache.encode(dataset, key: key)
    do {
      try AtomicFile.write(Data(bytes), to: path)
    } catch {
      throw DataError.writeFailed(path: path, reason: error.reason)
    }
    return path
  }

  /// Removes every cached dataset and the fingerprint index.
  public func clear() throws(DataError) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasSuffix(".ssrdata") || name == "fingerprints.json" {
      let path = (directory as NSString).appendingPathComponent(name)
      do {
        try FileManager.default.removeItem(atPath: path)
      } catch {
        throw DataError.writeFailed(path: path, reason: error.localizedDescription)
      }
    }
  }

  struct Header: Codable {
    var key: String
    var name: String
    var timeUnit: TimeUnit
    var maxLen: Int
    var provenance: Provenance
    var users: Int
    var items: Int
    var interactions: Int
  }

  static func encode(_ dataset: SequenceDataset, key: String) throws(DataError) -> [UInt8] {
    let header = Header(
      key: key, name: dataset.name, timeUnit: dataset.timeUnit, maxLen: dataset.maxLen, provenance: dataset.provenance,
      users: dataset.userCount, items: dataset.itemCount, interactions: dataset.interactionCount)
    let json: Data
    do {
      json = try JSONEncoder().encode(header)
    } catch {
      throw DataError.writeFailed(path: key, reason: "cannot encode the cache header: \(error)")
    }
    var writer = BinaryWriter()
    writer.reserve(64 + json.count + dataset.items.count * 12 + dataset.offsets.count * 8)
    writer.write(raw: magic)
    writer.write(UInt64(json.count))
    writer.write(raw: [UInt8](json))
    writer.write(array: dataset.offsets.map { Int64($0) })
    writer.write(array: dataset.items)
    writer.write(array: dataset.times)
    writer.write(strings: dataset.userIDs)
    writer.write(strings: dataset.itemIDs)
    var bytes = writer.bytes
    let checksum = bytes.withUnsafeBytes { cacheChecksum($0) }
    withUnsafeBytes(of: checksum.littleEndian) { bytes.append(contentsOf: $0) }
    return bytes
  }

  static func decode(_ raw: UnsafeRawBufferPointer, key: String, path: String) throws(DataError) -> SequenceDataset {
    func bad(_ reason: String) -> DataError { .invalidCache(path: path, reason: reason) }
    guard raw.count >= magic.count + 16, raw.prefix(magic.count).elementsEqual(magic) else {
      throw bad("not an SSR dataset cache file (or an older version)")
    }
    let body = UnsafeRawBufferPointer(rebasing: raw[0..<raw.count - 8])
    let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
    guard cacheChecksum(body) == stored else { throw bad("checksum mismatch (the file is damaged)") }
    var reader = BinaryReader(body, path: path)
    _ = try reader.read(count: magic.count)
    let headerLength = try reader.read(UInt64.self)
    guard headerLength < 1 << 30 else { throw bad("header too large") }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(try reader.read(count: Int(headerLength))))
    } catch {
      throw bad("unreadable header")
    }
    guard header.key == key else { throw bad("written for another key") }
    let limit = body.count
    let offsets = try reader.readArray(Int64.self, limit: limit).map { Int(truncatingIfNeeded: $0) }
    let items = try reader.readArray(Int32.self, limit: limit)
    let times = try reader.readArray(Int64.self, limit: limit)
    let userIDs = try reader.readStrings(limit: limit)
    let itemIDs = try reader.readStrings(limit: limit)
    guard reader.offset == body.count else { throw bad("unexpected trailing data") }
    let dataset = SequenceDataset(
      name: header.name, userIDs: userIDs, itemIDs: itemIDs, offsets: offsets, items: items, times: times,
      timeUnit: header.timeUnit, maxLen: header.maxLen, provenance: header.provenance)
    try validate(dataset, header: header, bad: bad)
    return dataset
  }

  /// Structural checks so that a bad file can never index out of bounds later.
  static func validate(_ dataset: SequenceDataset, header: Header, bad: (String) -> DataError) throws(DataError) {
    guard dataset.userCount == header.users, dataset.itemCount == header.items, dataset.interactionCount == header.interactions,
      dataset.offsets.count == dataset.userCount + 1, dataset.times.count == dataset.items.count,
      dataset.offsets.first == 0, dataset.offsets.last == dataset.items.count, dataset.maxLen >= 1
    else { throw bad("inconsistent sizes") }
    for index in 0..<dataset.userCount where dataset.offsets[index] > dataset.offsets[index + 1] {
      throw bad("decreasing offsets")
    }
    let itemCount = Int32(truncatingIfNeeded: dataset.itemCount)
    guard dataset.items.allSatisfy({ $0 >= 1 && $0 <= itemCount }) else { throw bad("item id out of range") }
  }
}

extension DataFile {
  /// Reads a file's raw bytes (no gzip detection) in one buffer.
  static func readRaw(_ path: String) throws(DataError) -> [UInt8] {
    let source = try FileSource(path: path)
    var info = stat()
    let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
    var bytes = [UInt8](repeating: 0, count: max(size, 0) + 1)
    var filled = 0
    while true {
      if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: max(bytes.count, 1 << 16))) }
      let count = try typed(DataError.self) {
        try bytes.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
      }
      if count == 0 { break }
      filled += count
    }
    bytes.removeSubrange(filled...)
    return bytes
  }
}

import Foundation
import SSRCore

/// A split in one file, for worker processes that train on it without loading the raw data.
///
/// The file holds the prepared dataset (the layout of ``DatasetCache``, with its checksum) and the
/// split method; reading it splits the dataset again (splitting is deterministic) and checks that
/// the result has the fingerprint (``DatasetIdentity/fingerprint``) the writer recorded, so a
/// worker never trains on other data than the driver meant.
///
/// Layout: the magic `SSRSPLT1`, a little-endian UInt64 length and a JSON header (the method and
/// the identity), then the ``DatasetCache`` bytes of the dataset.
public enum SplitFile {
  static let magic = Array("SSRSPLT1".utf8)

  struct Header: Codable {
    var method: StoredSplitMethod
    var identity: DatasetIdentity
  }

  /// Writes `split` to `path` atomically and returns its identity (whose fingerprint
  /// ``read(from:fingerprint:)`` checks).
  @discardableResult
  public static func write(_ split: DatasetSplit, to path: String) throws(DataError) -> DatasetIdentity {
    let identity = split.identity
    let header: Data
    do {
      header = try JSONEncoder().encode(Header(method: StoredSplitMethod(split.method), identity: identity))
    } catch {
      throw DataError.writeFailed(path: path, reason: "cannot encode the split's header: \(error)")
    }
    var writer = BinaryWriter()
    writer.write(raw: magic)
    writer.write(UInt64(header.count))
    writer.write(raw: [UInt8](header))
    writer.write(raw: try DatasetCache.encode(split.dataset, key: identity.fingerprint))
    do {
      try AtomicFile.write(Data(writer.bytes), to: path)
    } catch {
      throw DataError.writeFailed(path: path, reason: error.reason)
    }
    return identity
  }

  /// Reads the split at `path`, checking that its fingerprint is `fingerprint` when given.
  ///
  /// - Throws: ``DataError/fileNotFound(path:)``; ``DataError/invalidCache(path:reason:)`` for a
  ///   damaged file or one whose data does not have the expected fingerprint.
  public static func read(from path: String, fingerprint: String? = nil) throws(DataError) -> DatasetSplit {
    guard FileManager.default.fileExists(atPath: path) else { throw DataError.fileNotFound(path: path) }
    let bytes = try DataFile.readRaw(path)
    func bad(_ reason: String) -> DataError { .invalidCache(path: path, reason: reason) }
    guard bytes.count > magic.count + 8, bytes.prefix(magic.count).elementsEqual(magic) else { throw bad("not an SSR split file") }
    var length: UInt64 = 0
    for (shift, byte) in bytes[magic.count..<magic.count + 8].enumerated() { length |= UInt64(byte) << (8 * UInt64(shift)) }
    let headerStart = magic.count + 8
    guard length < 1 << 24, headerStart + Int(length) <= bytes.count else { throw bad("truncated header") }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(bytes[headerStart..<headerStart + Int(length)]))
    } catch {
      throw bad("unreadable header")
    }
    let datasetBytes = Array(bytes[(headerStart + Int(length))...])
    if let fingerprint, header.identity.fingerprint != fingerprint {
      throw bad(
        "it holds data with fingerprint \(header.identity.fingerprint.prefix(12)), not \(fingerprint.prefix(12)); "
          + "the job directory was overwritten, start the job again")
    }
    let dataset = try typed(DataError.self) {
      try datasetBytes.withUnsafeBytes { raw throws(DataError) in
        try DatasetCache.decode(raw, key: header.identity.fingerprint, path: path)
      }
    }
    let split = try dataset.split(try header.method.method(path: path))
    let actual = split.identity.fingerprint
    guard actual == header.identity.fingerprint else {
      throw bad("its data's fingerprint is \(actual.prefix(12)) but the header says \(header.identity.fingerprint.prefix(12)) (the file is damaged)")
    }
    return split
  }
}

/// A ``SplitMethod`` as JSON: its kind and fractions.
struct StoredSplitMethod: Codable {
  var kind: String
  var test: Double?
  var valid: Double?
  var validation: Bool?

  init(_ method: SplitMethod) {
    switch method {
    case let .timeRatio(test, valid): (kind, self.test, self.valid) = ("timeRatio", test, valid)
    case let .leaveOneOut(valid): (kind, validation) = ("leaveOneOut", valid)
    case let .temporalCutoff(test, valid): (kind, self.test, self.valid) = ("temporalCutoff", test, valid)
    }
  }

  func method(path: String) throws(DataError) -> SplitMethod {
    switch kind {
    case "timeRatio": return .timeRatio(test: test ?? SplitMethod.defaultTestFraction, valid: valid ?? 0)
    case "leaveOneOut": return .leaveOneOut(valid: validation ?? true)
    case "temporalCutoff": return .temporalCutoff(test: test ?? SplitMethod.defaultTestFraction, valid: valid ?? 0)
    default: throw DataError.invalidCache(path: path, reason: "unknown split method '\(kind)'")
    }
  }
}

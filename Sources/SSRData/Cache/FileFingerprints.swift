import Foundation
import SSRCore

/// A file's identity for cache keys: its SHA-256, with the stat data it was computed for.
public struct FileFingerprint: Sendable, Hashable, Codable {
  /// The absolute path.
  public var path: String
  /// Size in bytes.
  public var size: Int64
  /// Modification time, nanoseconds since 1970.
  public var modified: Int64
  /// Inode and device numbers (a replaced file gets a new inode even with the same mtime).
  public var inode: UInt64
  /// Device number.
  public var device: UInt64
  /// SHA-256 of the content, lower-case hex.
  public var sha256: String
}

/// Remembers content hashes of raw files in `<cache>/fingerprints.json`.
///
/// Hashing a file costs a full read (SSRCore's SHA-256 runs at about 250 MB/s in release), which
/// is fine for ml-1m but would cost seconds per load for Steam's 1.3 GB. So the content hash is
/// computed only when the file's (size, mtime, inode, device) differ from the remembered ones;
/// otherwise the remembered hash is used. The cache key is still the content hash.
public struct FingerprintIndex: Sendable {
  /// The index file.
  public let path: String

  /// An index stored at `path`.
  public init(path: String) {
    self.path = path
  }

  /// The fingerprint of `file`, hashing it only when its stat data changed since last time.
  ///
  /// - Parameter remember: write the index back when a hash was computed.
  public func fingerprint(of file: String, remember: Bool = true) throws(DataError) -> (FileFingerprint, computed: Bool) {
    let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
    var info = stat()
    guard stat(absolute, &info) == 0 else {
      if errno == ENOENT { throw DataError.fileNotFound(path: file) }
      throw DataError.unreadable(path: file, reason: String(cString: strerror(errno)))
    }
    #if canImport(Darwin)
      let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
    #else
      let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    #endif
    var entries = readEntries()
    if let known = entries[absolute], known.size == Int64(info.st_size), known.modified == modified,
      known.inode == UInt64(info.st_ino), known.device == UInt64(info.st_dev)
    {
      return (known, false)
    }
    let digest = try FingerprintIndex.sha256(ofFile: absolute)
    let fingerprint = FileFingerprint(
      path: absolute, size: Int64(info.st_size), modified: modified, inode: UInt64(info.st_ino), device: UInt64(info.st_dev),
      sha256: digest)
    if remember {
      entries[absolute] = fingerprint
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      if let data = try? encoder.encode(entries) {
        // The index only saves time; failing to write it must not fail the load.
        try? AtomicFile.write(data, to: path)
      }
    }
    return (fingerprint, true)
  }

  /// The SHA-256 (hex) of a file's raw bytes, streamed in 1 MiB chunks.
  public static func sha256(ofFile path: String) throws(DataError) -> String {
    let source = try FileSource(path: path, hashing: true)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while try source.read(into: buffer) > 0 {
      try checkCancellation()
    }
    // The source was opened with hashing, so a digest exists.
    return source.digest()?.hexString ?? ""
  }

  private func readEntries() -> [String: FileFingerprint] {
    guard let data = FileManager.default.contents(atPath: path),
      let entries = try? JSONDecoder().decode([String: FileFingerprint].self, from: data)
    else { return [:] }
    return entries
  }
}

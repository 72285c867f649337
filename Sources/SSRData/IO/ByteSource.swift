#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import SSRCore

/// A stream of bytes read in chunks (a file, a decompressor, or memory).
public protocol ByteSource: AnyObject {
  /// A name for messages (usually the file path).
  var name: String { get }
  /// Fills the start of `buffer` and returns how many bytes were written; 0 means end of data.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int
}

/// Reads a file with POSIX `read(2)`, optionally feeding every byte to a SHA-256 hasher.
public final class FileSource: ByteSource {
  /// The file path.
  public let name: String
  private var descriptor: Int32
  private var hasher: SHA256?

  /// Opens `path` for reading.
  ///
  /// - Parameter hashing: when true, ``digest()`` returns the SHA-256 of the bytes read so far.
  public init(path: String, hashing: Bool = false) throws(DataError) {
    name = path
    descriptor = open(path, O_RDONLY)
    if descriptor < 0 {
      let code = errno
      if code == ENOENT { throw DataError.fileNotFound(path: path) }
      throw DataError.unreadable(path: path, reason: String(cString: strerror(code)))
    }
    var info = stat()
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(descriptor)
      descriptor = -1
      throw DataError.unreadable(path: path, reason: "it is a directory")
    }
    hasher = hashing ? SHA256() : nil
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  /// Reads the next chunk.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    while true {
      #if canImport(Glibc)
        let count = Glibc.read(descriptor, base, buffer.count)
      #else
        let count = Darwin.read(descriptor, base, buffer.count)
      #endif
      if count >= 0 {
        if count > 0, hasher != nil {
          hasher!.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return count
      }
      if errno == EINTR { continue }
      throw DataError.unreadable(path: name, reason: String(cString: strerror(errno)))
    }
  }

  /// The SHA-256 of everything read so far (only when opened with `hashing: true`).
  public func digest() -> SHA256.Digest? {
    hasher.map { $0.finalize() }
  }
}

/// Serves bytes from memory (tests, fuzzing, small embedded files).
public final class MemorySource: ByteSource {
  /// A name for messages.
  public let name: String
  private let bytes: [UInt8]
  private var position = 0

  /// Creates a source over `bytes`.
  public init(_ bytes: [UInt8], name: String = "<memory>") {
    self.bytes = bytes
    self.name = name
  }

  /// Creates a source over the UTF-8 bytes of `text`.
  public convenience init(text: String, name: String = "<memory>") {
    self.init(Array(text.utf8), name: name)
  }

  /// Copies the next chunk.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
    let count = Swift.min(buffer.count, bytes.count - position)
    guard count > 0 else { return 0 }
    bytes.withUnsafeBytes { source in
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + count]))
    }
    position += count
    return count
  }
}

/// Opens files for reading, decompressing gzip transparently.
public enum DataFile {
  /// Opens `path`; when its first two bytes are the gzip magic `1f 8b` the bytes are inflated.
  ///
  /// - Parameter hashing: also hash the raw (compressed) bytes; read the digest from the
  ///   returned ``OpenedFile/rawDigest()`` after reading to the end.
  public static func open(_ path: String, hashing: Bool = false) throws(DataError) -> OpenedFile {
    let file = try FileSource(path: path, hashing: hashing)
    var magic = [UInt8](repeating: 0, count: 2)
    let count = try typed(DataError.self) {
      try magic.withUnsafeMutableBytes { buffer in
        var total = 0
        while total < 2 {
          let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]))
          if n == 0 { break }
          total += n
        }
        return total
      }
    }
    let prefix = Array(magic.prefix(count))
    if prefix == [0x1F, 0x8B] {
      return OpenedFile(source: try GzipSource(file: file, prefix: prefix), file: file)
    }
    return OpenedFile(source: PrefixedSource(prefix: prefix, rest: file), file: file)
  }

  /// Reads a whole (possibly gzipped) file into memory. Only for small files.
  public static func readAll(_ path: String) throws(DataError) -> [UInt8] {
    let opened = try open(path)
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = try typed(DataError.self) { try chunk.withUnsafeMutableBytes { try opened.source.read(into: $0) } }
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
      try checkCancellation()
    }
    return out
  }
}

/// A file opened by ``DataFile/open(_:hashing:)``: its decoded bytes and its raw-byte hash.
public struct OpenedFile {
  /// The decoded (decompressed when gzip) bytes.
  public let source: ByteSource
  let file: FileSource

  /// The SHA-256 of the raw file bytes read so far (when opened with hashing).
  public func rawDigest() -> SHA256.Digest? { file.digest() }
}

/// Replays a few already-read bytes before the rest of a source.
final class PrefixedSource: ByteSource {
  var name: String { rest.name }
  private var prefix: [UInt8]
  private let rest: ByteSource

  init(prefix: [UInt8], rest: ByteSource) {
    self.prefix = prefix
    self.rest = rest
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
    if !prefix.isEmpty {
      let count = Swift.min(prefix.count, buffer.count)
      prefix.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
      prefix.removeFirst(count)
      return count
    }
    return try rest.read(into: buffer)
  }
}

/// Throws ``DataError/interrupted`` when the user asked to stop (see `Cancellation`).
@inline(__always) func checkCancellation() throws(DataError) {
  if Cancellation.isRequested {
    do { try Cancellation.checkpoint() } catch { throw DataError.interrupted }
  }
}

/// Runs `body`, which only throws `E`, through a standard-library API that rethrows untyped
/// errors, and restores the error's type.
@inline(__always) func typed<R, E: Error>(_ type: E.Type, _ body: () throws -> R) throws(E) -> R {
  do {
    return try body()
  } catch {
    // `body` throws nothing but `E`; anything else is a programmer error.
    throw error as! E
  }
}

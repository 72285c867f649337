#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import SSRCore

/// A file being written under a temporary name next to its destination
/// (`.<name>.part-<random>` in the same folder), hashed as it is written, and either renamed over
/// the destination in one step (``commit()``) or deleted (``discard()``).
///
/// The rename is atomic because both names are in the same folder; there is no fsync (a crash can
/// lose the new file but never leaves a half-written file under the destination name).
final class PartFile {
  /// The final path.
  let destination: String
  /// The temporary path.
  let path: String
  /// Bytes written so far.
  private(set) var bytes: Int64 = 0
  private var descriptor: Int32
  private var hasher = SHA256()
  private var settled = false

  /// The prefix that marks temporary files (`.name.part-…`).
  static let marker = ".part-"

  /// Creates the temporary file for `destination`, creating its folder if needed.
  init(destination: String) throws(DataError) {
    self.destination = destination
    let folder = (destination as NSString).deletingLastPathComponent
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw DataError.writeFailed(path: folder, reason: error.localizedDescription)
    }
    let name = (destination as NSString).lastPathComponent
    let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    path = (folder as NSString).appendingPathComponent(".\(name)\(PartFile.marker)\(random)")
    descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw DataError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
  }

  deinit {
    discard()
  }

  /// Appends `chunk`, feeding it to the SHA-256.
  func write(_ chunk: UnsafeRawBufferPointer) throws(DataError) {
    guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
    guard descriptor >= 0 else { throw DataError.writeFailed(path: path, reason: "the file is already closed") }
    var done = 0
    while done < chunk.count {
      #if canImport(Glibc)
        let count = Glibc.write(descriptor, base + done, chunk.count - done)
      #else
        let count = Darwin.write(descriptor, base + done, chunk.count - done)
      #endif
      if count < 0 {
        if errno == EINTR { continue }
        throw DataError.writeFailed(path: path, reason: String(cString: strerror(errno)))
      }
      done += count
    }
    hasher.update(chunk)
    bytes += Int64(chunk.count)
  }

  /// The SHA-256 (hex) of everything written.
  func sha256() -> String {
    let copy = hasher
    return copy.finalize().hexString
  }

  /// Closes the temporary file (no more writes); ``commit()`` or ``discard()`` still follow.
  func closeFile() throws(DataError) {
    guard descriptor >= 0 else { return }
    let closed = close(descriptor)
    descriptor = -1
    guard closed == 0 else { throw DataError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
  }

  /// Closes the file and renames it to ``destination``, replacing what was there.
  func commit() throws(DataError) {
    do throws(DataError) {
      try closeFile()
    } catch {
      unlink(path)
      throw error
    }
    guard rename(path, destination) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(path)
      throw DataError.writeFailed(path: destination, reason: reason)
    }
    settled = true
  }

  /// Closes and deletes the temporary file (nothing happens to ``destination``).
  func discard() {
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
    }
    if !settled {
      unlink(path)
      settled = true
    }
  }
}

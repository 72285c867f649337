import Foundation

/// Writes files atomically: the data goes to a temporary file in the same directory, which is
/// then renamed over the destination, so readers never see a half-written file.
public enum AtomicFile {
  /// Writes `data` to `path` atomically, creating parent directories when needed.
  ///
  /// - Throws: ``FileWriteError`` naming the path and the system's reason.
  public static func write(_ data: Data, to path: String) throws(FileWriteError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
      try data.write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw FileWriteError(path: path, reason: reason)
      }
    } catch let error as FileWriteError {
      throw error
    } catch {
      throw FileWriteError(path: path, reason: error.localizedDescription)
    }
  }

  /// Writes a UTF-8 string to `path` atomically.
  public static func write(_ text: String, to path: String) throws(FileWriteError) {
    try write(Data(text.utf8), to: path)
  }
}

/// A file could not be written.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
  /// The destination path.
  public let path: String
  /// Why the write failed, as the system reported it.
  public let reason: String
  /// A one-line message for the user.
  public var description: String {
    "cannot write '\(path)': \(reason); check that the directory exists and is writable"
  }
}

/// What ``DatasetFetcher/fetch(_:into:file:force:progress:)`` did.
public struct FetchReport: Sendable, Hashable, CustomStringConvertible {
  /// The dataset name.
  public var name: String
  /// The dataset folder the files were written to.
  public var directory: String
  /// Every file considered, in order: downloads, the archive, extracted and skipped files.
  public var files: [FetchedFile]
  /// Remarks: files that cannot be downloaded, alternatives, archive entries not extracted.
  public var notes: [String]

  /// Creates a report.
  public init(name: String, directory: String, files: [FetchedFile] = [], notes: [String] = []) {
    self.name = name
    self.directory = directory
    self.files = files
    self.notes = notes
  }

  /// The files that are new in the dataset folder (downloaded or extracted).
  public var written: [FetchedFile] { files.filter { $0.status == .downloaded || $0.status == .extracted } }

  /// One line per file, then the notes.
  public var description: String {
    var lines = ["\(name) → \(directory)"]
    for file in files { lines.append("  " + file.description) }
    for note in notes { lines.append("  note: " + note) }
    return lines.joined(separator: "\n")
  }
}

/// One file of a ``FetchReport``.
public struct FetchedFile: Sendable, Hashable, CustomStringConvertible {
  /// What happened to the file.
  public enum Status: String, Sendable, Hashable {
    /// Downloaded and renamed into place.
    case downloaded
    /// An archive that was downloaded (or found in the folder) and unpacked.
    case archive
    /// Unpacked from the archive and renamed into place.
    case extracted
    /// Already present, so left alone (pass `force: true` to replace it).
    case skipped
  }

  /// The path inside the dataset folder (for an archive, its file name).
  public var file: String
  /// The full path (a downloaded archive is deleted after unpacking).
  public var path: String
  /// The URL it came from (for an extracted file, the archive's).
  public var source: String?
  /// What happened.
  public var status: Status
  /// Its size in bytes (0 for skipped files, which are not read).
  public var bytes: Int64
  /// The SHA-256 (hex) of the bytes written; nil for skipped files.
  public var sha256: String?
  /// The SHA-256 the manifest publishes, if any.
  public var publishedSHA256: String?

  /// Creates an entry.
  public init(
    file: String, path: String, source: String?, status: Status, bytes: Int64, sha256: String?, publishedSHA256: String?
  ) {
    self.file = file
    self.path = path
    self.source = source
    self.status = status
    self.bytes = bytes
    self.sha256 = sha256
    self.publishedSHA256 = publishedSHA256
  }

  /// Whether the bytes were checked against a published SHA-256 (and matched: a mismatch throws).
  public var verified: Bool { sha256 != nil && sha256 == publishedSHA256 }

  /// `downloaded  Digital_Music.csv  12.3 MB  sha256 … (no published checksum)`.
  public var description: String {
    var line = "\(status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(file)"
    if status == .skipped {
      return line + " (already present; force: true replaces it)"
    }
    line += "  \(FetchedFile.formatBytes(bytes))"
    if let sha256 {
      line += verified ? "  sha256 verified" : "  sha256 \(sha256) (no published checksum)"
    }
    if status == .archive { line += "  unpacked" }
    if let source, status != .extracted { line += "  from \(source)" }
    return line
  }

  /// `532 B`, `5.9 MB`, `1.3 GB`.
  static func formatBytes(_ bytes: Int64) -> String {
    if bytes < 1000 { return "\(bytes) B" }
    let units = ["kB", "MB", "GB", "TB"]
    var value = Double(bytes) / 1000
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    let tenths = (value * 10).rounded() / 10
    return "\(tenths) \(units[unit])"
  }
}

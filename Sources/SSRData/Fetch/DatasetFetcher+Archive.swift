#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

extension DatasetFetcher {
  /// Downloads `archive` into the dataset folder (unless it is already there), unpacks it, and
  /// deletes it again if it was downloaded now.
  func fetchArchive(
    _ archive: ArchiveSpec, covers: [FileSpec], entry: DatasetEntry, directory: String, force: Bool,
    progress: ((Int64, Int64?) -> Void)?, into report: inout FetchReport
  ) throws(DataError) {
    guard archive.format.lowercased() == "zip" else {
      throw DataError.downloadFailed(
        url: archive.url,
        reason: "SSR unpacks only zip archives, not '\(archive.format)'; download it by hand and unpack it into \(directory)/")
    }
    var present: [(FileSpec, String)] = []
    for spec in covers {
      let path = try DatasetFetcher.destination(of: spec.file, in: directory)
      if FileManager.default.fileExists(atPath: path) { present.append((spec, path)) }
    }
    if !force && !covers.isEmpty && present.count == covers.count {
      for (spec, path) in present {
        report.files.append(
          FetchedFile(
            file: spec.file, path: path, source: archive.url, status: .skipped, bytes: 0, sha256: nil,
            publishedSHA256: spec.sha256?.lowercased()))
      }
      return
    }
    let urlName = URLComponents(string: archive.url).map { ($0.path as NSString).lastPathComponent } ?? ""
    let archiveName = urlName.isEmpty || urlName == "/" ? "\(entry.directory).zip" : urlName
    let archivePath = try DatasetFetcher.destination(of: archiveName, in: directory)
    var downloadedNow = false
    if !force && FileManager.default.fileExists(atPath: archivePath) {
      let size = (try? FileManager.default.attributesOfItem(atPath: archivePath)[.size] as? NSNumber)?.int64Value ?? 0
      report.files.append(
        FetchedFile(file: archiveName, path: archivePath, source: archive.url, status: .archive, bytes: size, sha256: nil, publishedSHA256: nil))
      report.notes.append("unpacked the archive already at \(archivePath) (it is kept; delete it to download a fresh copy)")
    } else {
      let byHand = "download \(archive.url) by hand into \(directory)/ and run fetch again to unpack it"
      let (url, result) = try download(
        [archive.url], to: archivePath, expectedSHA256: nil, entry: entry, byHand: byHand, progress: progress)
      downloadedNow = true
      report.files.append(
        FetchedFile(
          file: archiveName, path: archivePath, source: url, status: .archive, bytes: result.bytes, sha256: result.sha256,
          publishedSHA256: nil))
    }
    defer {
      if downloadedNow { unlink(archivePath) }
    }
    let published = Dictionary(
      (entry.interactions + entry.sideInfo + entry.files).compactMap { spec in spec.sha256.map { (spec.file, $0.lowercased()) } },
      uniquingKeysWith: { first, _ in first })
    let unpacked = try unpack(archivePath, archive: archive, directory: directory, published: published, force: force, into: &report)
    let missing = covers.map(\.file).filter { !unpacked.contains($0) && !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0)) }
    if !missing.isEmpty {
      report.notes.append("the archive did not contain \(missing.joined(separator: ", ")) under '\(archive.root ?? "")'")
    }
  }

  /// Unpacks the entries under `archive.root` into `directory`; returns the relative paths present
  /// in the archive. Every entry path is checked before anything is written; every file is written
  /// to a part file first and all are renamed into place only when all of them are complete and
  /// match their published SHA-256.
  func unpack(
    _ path: String, archive: ArchiveSpec, directory: String, published: [String: String], force: Bool,
    into report: inout FetchReport
  ) throws(DataError) -> Set<String> {
    let zip = try ZipArchive(path: path)
    var root = archive.root ?? ""
    while root.hasPrefix("./") { root.removeFirst(2) }
    if !root.isEmpty && !root.hasSuffix("/") { root += "/" }
    func unsafe(_ name: String) -> DataError {
      .downloadFailed(
        url: archive.url,
        reason: "the archive entry '\(name)' would be written outside \(directory) (a zip-slip path), so nothing was unpacked; "
          + "the archive is not the one the manifest describes")
    }
    var selected: [(entry: ZipArchive.Entry, relative: String, destination: String)] = []
    var outside = 0
    var links: [String] = []
    for item in zip.entries {
      guard DatasetFetcher.isSafeArchivePath(item.path) else { throw unsafe(item.path) }
      guard item.path.hasPrefix(root) else {
        outside += 1
        continue
      }
      let relative = String(item.path.dropFirst(root.count))
      if item.isDirectory || relative.isEmpty { continue }
      if item.isSymlink {
        links.append(relative)
        continue
      }
      let destination: String
      do throws(DataError) {
        destination = try DatasetFetcher.destination(of: relative, in: directory)
      } catch {
        throw unsafe(item.path)
      }
      selected.append((item, relative, destination))
    }
    guard !selected.isEmpty else {
      let place = root.isEmpty ? "" : " under '\(root)'"
      throw DataError.downloadFailed(
        url: archive.url, reason: "the archive has no files\(place); unpack it by hand into \(directory)/ and check the manifest's archive root")
    }
    var staged: [(part: PartFile, record: FetchedFile)] = []
    for (item, relative, destination) in selected {
      if !force && FileManager.default.fileExists(atPath: destination) {
        report.files.append(
          FetchedFile(
            file: relative, path: destination, source: archive.url, status: .skipped, bytes: 0, sha256: nil,
            publishedSHA256: published[relative]))
        continue
      }
      try check()
      let part = try PartFile(destination: destination)
      do throws(DataError) {
        try zip.extract(item) { (chunk: UnsafeRawBufferPointer) throws(DataError) in
          try check()
          try part.write(chunk)
        }
        try part.closeFile()
      } catch {
        part.discard()
        for (other, _) in staged { other.discard() }
        throw error
      }
      let sha = part.sha256()
      if let expected = published[relative], expected != sha {
        part.discard()
        for (other, _) in staged { other.discard() }
        throw DataError.checksumMismatch(path: destination, expected: expected, actual: sha)
      }
      staged.append(
        (part, FetchedFile(file: relative, path: destination, source: archive.url, status: .extracted, bytes: part.bytes, sha256: sha, publishedSHA256: published[relative])))
    }
    for (index, (part, record)) in staged.enumerated() {
      do throws(DataError) {
        try part.commit()
      } catch {
        for (other, _) in staged[(index + 1)...] { other.discard() }
        throw error
      }
      report.files.append(record)
    }
    if outside > 0 {
      report.notes.append(outside == 1 ? "1 archive entry outside '\(root)' was not unpacked" : "\(outside) archive entries outside '\(root)' were not unpacked")
    }
    if !links.isEmpty { report.notes.append("symbolic links in the archive were not created: \(links.joined(separator: ", "))") }
    return Set(selected.map(\.relative))
  }

  /// Whether a zip entry name is a plain relative path (no `/…`, `..`, `\` or drive letter).
  static func isSafeArchivePath(_ name: String) -> Bool {
    guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\") else { return false }
    if let colon = name.firstIndex(of: ":"), name[..<colon].count == 1 { return false }
    return !name.split(separator: "/", omittingEmptySubsequences: true).contains("..")
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import SSRCore

/// Downloads the files a manifest lists for a dataset (the `fetch` builtin).
///
///     let fetcher = try DatasetFetcher.standard()
///     let report = try fetcher.fetch("ml-1m")   // ./datasets/ml-1m/ratings.dat, movies.dat, …
///
/// - Only HTTPS: `http://` manifest URLs are requested as `https://`, other schemes and redirects
///   away from HTTPS are refused.
/// - Each file is streamed to a temporary file in its destination folder (`.name.part-…`), hashed
///   on the way, checked against the manifest's `sha256` when it publishes one, and renamed into
///   place only when complete; a failed, mismatching or interrupted (Ctrl-C) download leaves
///   nothing behind.
/// - A zip archive (`archive` in the manifest) is unpacked: the entries under its `root` folder go
///   into the dataset folder. Entries whose paths would leave that folder (zip-slip) make the whole
///   archive refused before anything is written; symbolic links are never created.
/// - Files already in the dataset folder are left alone unless `force` is set.
/// - Sources behind a login (Kaggle) are not attempted: the error gives the manual steps.
public struct DatasetFetcher: Sendable {
  /// The dataset manifest.
  public var manifest: DatasetManifest
  /// The data roots; the default download root is chosen among them (see ``defaultRoot``).
  public var locator: DataLocator
  /// Seconds without any data from the server before a download is abandoned.
  public var timeout: TimeInterval
  /// Whether `http://` URLs to this machine (`127.0.0.1`, `::1`, `localhost`) are used as they
  /// are instead of being upgraded to HTTPS. For tests against a local server only; remote URLs
  /// are always fetched over HTTPS.
  public var allowInsecureLoopback: Bool
  /// Throws when the user interrupts (Ctrl-C); ``SSRCore/Cancellation/checkpoint()`` by default.
  var checkpoint: @Sendable () throws(Interrupted) -> Void

  /// Creates a fetcher.
  ///
  /// - Parameters:
  ///   - timeout: seconds without data before giving up (the whole transfer may take longer).
  ///   - allowInsecureLoopback: see ``allowInsecureLoopback`` (tests only).
  public init(
    manifest: DatasetManifest, locator: DataLocator = .standard(), timeout: TimeInterval = 60,
    allowInsecureLoopback: Bool = false
  ) {
    self.manifest = manifest
    self.locator = locator
    self.timeout = timeout
    self.allowInsecureLoopback = allowInsecureLoopback
    checkpoint = { () throws(Interrupted) in try Cancellation.checkpoint() }
  }

  /// A fetcher with the manifest found by ``DatasetManifest/locate(explicit:environment:currentDirectory:)``
  /// and the standard data roots (`dataRoot` first when given).
  public static func standard(manifestPath: String? = nil, dataRoot: String? = nil) throws(DataError) -> DatasetFetcher {
    let manifest = try DatasetManifest.load(path: try DatasetManifest.locate(explicit: manifestPath))
    return DatasetFetcher(manifest: manifest, locator: .standard(explicitRoot: dataRoot))
  }

  /// Where `fetch` writes when no root is given: the first of the locator's roots that is a
  /// writable folder or can be created in a writable one.
  ///
  /// With the standard roots that is `$SSR_DATA` when set, otherwise `./datasets` (then
  /// `../shared/datasets`, then the user cache, if the current folder is read-only). Every
  /// candidate is a folder that `load` searches, so a fetched dataset loads without options.
  public var defaultRoot: DataRoot {
    locator.roots.first(where: { DatasetFetcher.isWritable($0.path) })
      ?? locator.roots.first
      ?? DataRoot(path: (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("datasets"), origin: "./datasets")
  }

  /// Downloads dataset `name` into `<root>/<directory>/`.
  ///
  /// - Parameters:
  ///   - root: the data root (default: ``defaultRoot``); relative paths are taken from the current folder.
  ///   - file: which interaction file to get (default: the manifest's first one with a URL).
  ///   - force: download and unpack again even when the files are present (replacing them).
  ///   - progress: called on the calling thread about ten times a second during each download with
  ///     the bytes received so far and the size the server announced (nil when it did not).
  /// - Returns: every file downloaded, unpacked or skipped, with sizes and SHA-256s.
  /// - Throws: ``DataError/downloadFailed(url:reason:)`` (offline, HTTP error, login needed, no URL,
  ///   damaged archive), ``DataError/checksumMismatch(path:expected:actual:)``,
  ///   ``DataError/writeFailed(path:reason:)``, ``DataError/interrupted``,
  ///   ``DataError/unknownDataset(name:known:)``.
  public func fetch(
    _ name: String, into root: String? = nil, file: String? = nil, force: Bool = false,
    progress: ((Int64, Int64?) -> Void)? = nil
  ) throws(DataError) -> FetchReport {
    guard timeout.isFinite, timeout > 0 else {
      throw DataError.invalidOption(name: "timeout", value: "\(timeout)", reason: "must be a positive number of seconds")
    }
    let entry = try manifest.entry(named: name)
    let rootPath = root.map(DatasetFetcher.absolute) ?? defaultRoot.path
    let directory = (rootPath as NSString).appendingPathComponent(entry.directory)
    let plan = try FetchPlan(entry: entry, file: file, directory: directory)
    var report = FetchReport(name: entry.name, directory: directory, notes: plan.notes)
    for item in plan.items {
      try check()
      switch item {
      case let .file(spec):
        report.files.append(try fetchFile(spec, entry: entry, directory: directory, force: force, progress: progress))
      case let .archive(archive, covers):
        try fetchArchive(archive, covers: covers, entry: entry, directory: directory, force: force, progress: progress, into: &report)
      }
    }
    let absent = plan.unavailable.filter { !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0)) }
    if !absent.isEmpty {
      report.notes.append("not downloadable (no URL in the manifest; derived or partial copies): " + absent.joined(separator: ", "))
    }
    return report
  }

  /// The advice for a dataset that is not found locally, when `fetch` can download it, e.g.
  /// `run fetch("ml-1m") to download it from https://files.grouplens.org/datasets/movielens/ml-1m.zip`;
  /// nil when it cannot (no URL, or a site that needs an account).
  public static func advice(for entry: DatasetEntry) -> String? {
    guard let plan = try? FetchPlan(entry: entry, file: nil, directory: entry.directory), let first = plan.items.first else {
      return nil
    }
    return "run fetch(\"\(entry.name)\") to download it from \(first.url)"
  }

  // MARK: - Single files

  private func fetchFile(
    _ spec: FileSpec, entry: DatasetEntry, directory: String, force: Bool, progress: ((Int64, Int64?) -> Void)?
  ) throws(DataError) -> FetchedFile {
    let destination = try DatasetFetcher.destination(of: spec.file, in: directory)
    let published = spec.sha256?.lowercased()
    if !force && FileManager.default.fileExists(atPath: destination) {
      return FetchedFile(
        file: spec.file, path: destination, source: spec.url, status: .skipped, bytes: 0, sha256: nil, publishedSHA256: published)
    }
    let urls = [spec.url].compactMap { $0 } + (spec.mirrors ?? [])
    let (url, result) = try download(urls, to: destination, expectedSHA256: published, entry: entry, progress: progress)
    return FetchedFile(
      file: spec.file, path: destination, source: url, status: .downloaded, bytes: result.bytes, sha256: result.sha256,
      publishedSHA256: published)
  }

  /// Tries `urls` in order (mirrors after the primary) until one succeeds.
  func download(
    _ urls: [String], to destination: String, expectedSHA256: String?, entry: DatasetEntry, byHand: String? = nil,
    progress: ((Int64, Int64?) -> Void)?
  ) throws(DataError) -> (url: String, result: (bytes: Int64, sha256: String)) {
    let policy = DownloadPolicy(allowInsecureLoopback: allowInsecureLoopback)
    let downloader = HTTPDownload(timeout: timeout, policy: policy, checkpoint: checkpoint)
    let manual = byHand ?? "download \(urls.first ?? entry.homepage) by hand into \(destination)"
    var firstError: DataError?
    var others: [String] = []
    for string in urls {
      guard let url = policy.requestURL(for: string) else {
        let error = DataError.downloadFailed(url: string, reason: "only HTTPS downloads are supported; \(manual)")
        if firstError == nil { firstError = error } else { others.append("\(string): not HTTPS") }
        continue
      }
      do throws(DownloadFailure) {
        return (url.absoluteString, try downloader.run(url, to: destination, expectedSHA256: expectedSHA256, progress: progress))
      } catch {
        switch error {
        case .interrupted: throw DataError.interrupted
        case let .local(dataError): throw dataError
        case let .checksum(expected, actual): throw DataError.checksumMismatch(path: destination, expected: expected, actual: actual)
        default:
          let message = DatasetFetcher.message(error, manual: manual, homepage: entry.homepage)
          if firstError == nil {
            firstError = .downloadFailed(url: url.absoluteString, reason: message)
          } else {
            others.append("mirror \(url.absoluteString): \(DatasetFetcher.message(error, manual: nil, homepage: nil))")
          }
        }
      }
    }
    guard let failure = firstError else {
      throw DataError.downloadFailed(url: entry.homepage, reason: "the manifest gives no URL; \(manual)")
    }
    if case let .downloadFailed(url, reason) = failure, !others.isEmpty {
      throw DataError.downloadFailed(url: url, reason: reason + " (also failed: " + others.joined(separator: "; ") + ")")
    }
    throw failure
  }

  /// A user message for a failed transfer; `manual` ends it with what to do by hand.
  static func message(_ failure: DownloadFailure, manual: String?, homepage: String?) -> String {
    let tail = manual.map { " — \($0)" } ?? ""
    switch failure {
    case let .unreachable(host, reason):
      return "cannot reach \(host): \(reason); you seem to be offline (or \(host) is down)\(tail)"
    case let .insecure(host, reason):
      return "no secure (HTTPS) connection to \(host): \(reason)\(tail)"
    case let .http(status, host):
      let phrase = HTTPStatus.phrase(status)
      let moved = homepage.map { "; the file may have moved, see \($0)" } ?? ""
      return "\(host) answered HTTP \(status) (\(phrase))\(moved)\(tail)"
    case let .redirect(target):
      return "redirected to \(target), which is not HTTPS; SSR downloads only over HTTPS\(tail)"
    case let .other(reason):
      return "the transfer failed: \(reason)\(tail)"
    case let .checksum(expected, actual):
      return "SHA-256 is \(actual) but the manifest expects \(expected)"
    case let .local(error):
      return error.description
    case .interrupted:
      return "interrupted"
    }
  }

  // MARK: - Paths

  /// `directory/relative`, refusing paths that leave `directory`.
  static func destination(of relative: String, in directory: String) throws(DataError) -> String {
    let components = relative.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    guard !relative.hasPrefix("/"), !relative.contains("\\"), !components.isEmpty, !components.contains("..") else {
      throw DataError.invalidOption(name: "file", value: relative, reason: "must be a relative path inside the dataset folder")
    }
    let full = (directory as NSString).appendingPathComponent(components.joined(separator: "/"))
    let base = URL(fileURLWithPath: directory).standardizedFileURL.path
    let resolved = URL(fileURLWithPath: full).standardizedFileURL.path
    guard resolved.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
      throw DataError.invalidOption(name: "file", value: relative, reason: "must stay inside \(directory)")
    }
    return full
  }

  static func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
      .standardizedFileURL.path
  }

  /// Whether `path` is a writable folder, or does not exist and its nearest existing ancestor is one.
  static func isWritable(_ path: String) -> Bool {
    var current = URL(fileURLWithPath: path).standardizedFileURL
    while true {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: current.path, isDirectory: &isDirectory) {
        return isDirectory.boolValue && access(current.path, W_OK | X_OK) == 0
      }
      let parent = current.deletingLastPathComponent()
      if parent.path == current.path { return false }
      current = parent
    }
  }

  /// ``checkpoint`` as a ``DataError``.
  func check() throws(DataError) {
    do {
      try checkpoint()
    } catch {
      throw DataError.interrupted
    }
  }
}

/// Reason phrases of common HTTP status codes.
enum HTTPStatus {
  static func phrase(_ code: Int) -> String {
    switch code {
    case 301, 302, 303, 307, 308: return "redirect"
    case 400: return "bad request"
    case 401: return "login required"
    case 403: return "forbidden"
    case 404: return "not found"
    case 410: return "gone"
    case 429: return "too many requests, try again later"
    case 500: return "server error"
    case 502: return "bad gateway"
    case 503: return "service unavailable, try again later"
    case 504: return "gateway timeout"
    default: return code >= 500 ? "server error" : "client error"
    }
  }
}

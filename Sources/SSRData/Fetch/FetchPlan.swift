import Foundation

/// What fetching one dataset downloads, worked out from its manifest entry alone.
///
/// - the interaction file: the one asked for, or the first interaction file with a URL (the most
///   preferred downloadable one; the others are named in ``notes`` as alternatives);
/// - every side-information and extra file with a URL;
/// - a file whose URL is the entry's `archive` URL comes from unpacking that archive (once).
///
/// A source that needs an account (Kaggle) or a dataset without any URL cannot be planned: the
/// error says what to do by hand.
struct FetchPlan: Sendable, Hashable {
  /// One download.
  enum Item: Sendable, Hashable {
    /// Download and unpack the archive; `covers` are the manifest files it provides.
    case archive(ArchiveSpec, covers: [FileSpec])
    /// Download one file.
    case file(FileSpec)

    /// The primary URL.
    var url: String {
      switch self {
      case let .archive(archive, _): return archive.url
      case let .file(spec): return spec.url ?? ""
      }
    }
  }

  /// The downloads, interaction file first.
  var items: [Item]
  /// Remarks for the report.
  var notes: [String]
  /// Manifest files without a URL (derived copies; some may come out of the archive).
  var unavailable: [String]

  /// Plans `entry`; `file` picks an interaction file; `directory` is used in messages.
  init(entry: DatasetEntry, file: String?, directory: String) throws(DataError) {
    var notes: [String] = []
    let archiveURL = entry.archive?.url
    func downloadable(_ spec: FileSpec) -> Bool { spec.url != nil }

    let chosen: FileSpec?
    if let file {
      let matches = entry.interactions.filter { $0.file == file || ($0.file as NSString).lastPathComponent == file }
      guard let match = matches.first else {
        throw DataError.invalidOption(
          name: "file", value: file,
          reason: "not an interaction file of '\(entry.name)'; choose one of \(entry.interactions.map(\.file).joined(separator: ", "))")
      }
      guard downloadable(match) else {
        throw DataError.downloadFailed(
          url: entry.homepage,
          reason: "the manifest has no download URL for \(match.file) (\(match.note ?? "a derived copy")); "
            + "put it into \(directory)/ by hand, or fetch an interaction file that has one: "
            + FetchPlan.downloadableNames(entry).joined(separator: ", "))
      }
      chosen = match
    } else {
      chosen = entry.interactions.first(where: downloadable)
    }
    guard let interactions = chosen else {
      throw DataError.downloadFailed(
        url: entry.homepage,
        reason: "the manifest lists no download for '\(entry.name)' (its files are derived copies); "
          + "get \(entry.interactions.map(\.file).joined(separator: " or ")) from \(entry.homepage) and put it into \(directory)/")
    }
    if let url = interactions.url, DownloadPolicy.needsLogin(url) {
      throw DataError.downloadFailed(url: url, reason: FetchPlan.loginSteps(entry: entry, spec: interactions, url: url, directory: directory))
    }

    var items: [Item] = []
    var archiveAdded = false
    for spec in [interactions] + entry.sideInfo + entry.files {
      guard let url = spec.url else { continue }
      if url == archiveURL, let archive = entry.archive {
        if !archiveAdded {
          let covers = (entry.interactions + entry.sideInfo + entry.files).filter { $0.url == archiveURL }
          items.append(.archive(archive, covers: covers))
          archiveAdded = true
        }
      } else if DownloadPolicy.needsLogin(url) {
        notes.append("\(spec.file) needs an account at \(DownloadPolicy.host(of: url)): download \(url) by hand into \(directory)/")
      } else {
        items.append(.file(spec))
      }
    }
    let alternatives = entry.interactions.filter { $0 != interactions && downloadable($0) && $0.url != archiveURL }
    if !alternatives.isEmpty {
      let calls = alternatives.map { "fetch(\"\(entry.name)\", file: \"\($0.file)\")" }
      notes.append("other interaction files: " + calls.joined(separator: ", "))
    }
    self.items = items
    self.notes = notes
    unavailable = (entry.interactions + entry.sideInfo + entry.files).filter { $0.url == nil }.map(\.file)
  }

  /// The interaction files that have a URL.
  static func downloadableNames(_ entry: DatasetEntry) -> [String] {
    entry.interactions.filter { $0.url != nil }.map(\.file)
  }

  /// Step-by-step instructions for a source behind a login.
  static func loginSteps(entry: DatasetEntry, spec: FileSpec, url: String, directory: String) -> String {
    let host = DownloadPolicy.host(of: url)
    var steps = "\(host) requires an account, so SSR does not download \(spec.file) itself. By hand: "
    steps += "1. sign in at https://\(host) (a free account); 2. open \(url) and click Download"
    if host.hasSuffix("kaggle.com"), let slug = FetchPlan.kaggleSlug(url) {
      steps += " (or, with the Kaggle CLI and an API token: kaggle datasets download -d \(slug))"
    }
    steps += "; 3. unzip it and put \(spec.file) into \(directory)/"
    if let manual = entry.manualDownload { steps += ". Manifest note: \(manual)" }
    return steps
  }

  /// `owner/name` of `https://www.kaggle.com/datasets/owner/name`.
  static func kaggleSlug(_ url: String) -> String? {
    guard let path = URLComponents(string: url)?.path else { return nil }
    let parts = path.split(separator: "/").map(String.init)
    guard parts.count >= 3, parts[0] == "datasets" else { return nil }
    return "\(parts[1])/\(parts[2])"
  }
}

import Foundation

/// Which URLs the fetcher may download from.
///
/// Downloads go over HTTPS only. A manifest URL written `http://` is fetched as `https://` on the
/// same host and path (the bytes never travel unencrypted); any other scheme is refused, and so is a
/// redirect away from HTTPS. Only a test fetcher with ``allowInsecureLoopback`` may use plain HTTP,
/// and only to this machine (`127.0.0.1`, `::1`, `localhost`).
struct DownloadPolicy: Sendable, Hashable {
  /// Whether `http://` URLs to the loopback interface are used as they are (tests only).
  var allowInsecureLoopback = false

  /// The URL actually requested for a manifest URL, or nil when its scheme cannot be made HTTPS.
  func requestURL(for string: String) -> URL? {
    guard var components = URLComponents(string: string), let scheme = components.scheme?.lowercased(),
      let host = components.host, !host.isEmpty
    else { return nil }
    switch scheme {
    case "https":
      break
    case "http":
      if !(allowInsecureLoopback && DownloadPolicy.isLoopback(host)) { components.scheme = "https" }
    default:
      return nil
    }
    return components.url
  }

  /// Whether a request (or redirect target) may be followed.
  func permits(_ url: URL) -> Bool {
    guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return false }
    return scheme == "https" || (scheme == "http" && allowInsecureLoopback && DownloadPolicy.isLoopback(host))
  }

  /// `127.0.0.1` (any 127.x.y.z), `::1` or `localhost`.
  static func isLoopback(_ host: String) -> Bool {
    let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    if bare == "localhost" || bare == "::1" { return true }
    let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127"
      && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && Int($0).map { $0 <= 255 } == true }
  }

  /// Whether the site needs an account, so that downloading must be done by hand (Kaggle).
  static func needsLogin(_ string: String) -> Bool {
    guard let host = URLComponents(string: string)?.host?.lowercased() else { return false }
    return host == "kaggle.com" || host.hasSuffix(".kaggle.com")
  }

  /// The host of a URL string for messages (the string itself when it has none).
  static func host(of string: String) -> String {
    guard let components = URLComponents(string: string), let host = components.host, !host.isEmpty else { return string }
    return components.port.map { "\(host):\($0)" } ?? host
  }
}

/// How `ssr-serve run` serves: where, for whom, and within which limits.
public struct ServerConfiguration: Sendable {
  /// The address to bind; loopback unless told otherwise.
  public var host: String = "127.0.0.1"
  /// The TCP port (0: any free port).
  public var port: Int = 8080
  /// The bearer token every request but `/healthz` must carry (required off loopback).
  public var token: String?
  /// The largest request body accepted, in bytes.
  public var maxBodyBytes: Int = 64 * 1024
  /// The most item ids one request may name.
  public var maxIDs: Int = 1000
  /// The longest history a recommendation request may give.
  public var maxHistory: Int = 1000
  /// The most events one request may report.
  public var maxEvents: Int = 1000
  /// The most items a recommendation may return.
  public var maxK: Int = 1000
  /// Seconds a request may take before the server answers 503.
  public var requestTimeout: Double = 10
  /// Seconds an idle connection is kept open.
  public var idleTimeout: Int = 30

  /// The defaults: 127.0.0.1:8080, no token, 64 KiB bodies, 1,000 ids, 10 s per request.
  public init() {}

  /// Whether `host` is a loopback address: an IPv4 literal in 127.0.0.0/8, `::1` or `localhost`
  /// (a name such as `127.example.com` is not).
  public static func isLoopback(_ host: String) -> Bool {
    if host == "localhost" || host == "::1" || host == "[::1]" { return true }
    let octets = host.split(separator: ".", omittingEmptySubsequences: false)
    guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) else {
      return false
    }
    return octets[0] == "127"
  }

  /// Throws unless the configuration is safe: a non-loopback address needs a token of at least
  /// 16 characters; limits must be positive.
  public func validate() throws(ServerSetupError) {
    if !Self.isLoopback(host) {
      guard let token, token.count >= 16 else {
        throw ServerSetupError(
          "refusing to listen on \(host) without a bearer token: anyone on the network could read the catalogue and models; "
            + "give --token with at least 16 characters (or the SSR_SERVE_TOKEN variable), or bind 127.0.0.1")
      }
    }
    if let token, token.isEmpty || token.contains(where: { $0.isWhitespace }) {
      throw ServerSetupError("the token must be non-empty and without spaces")
    }
    guard (0...65535).contains(port) else { throw ServerSetupError("port \(port) is not 0…65535") }
    guard maxBodyBytes > 0, maxIDs > 0, maxHistory > 0, maxEvents > 0, maxK > 0, requestTimeout > 0, idleTimeout > 0 else {
      throw ServerSetupError("limits and timeouts must be positive")
    }
  }
}

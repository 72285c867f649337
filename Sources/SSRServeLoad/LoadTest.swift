import Foundation

/// A bounded load test of `ssr-serve` on loopback: starts the server as a child process, runs a
/// fixed-duration phase of a realistic request mix per number of concurrent clients, sends a batch
/// of malformed and hostile requests, and checks that the server answered each with a 4xx and still
/// serves.
public struct LoadTest: Sendable {
  /// The `ssr-serve` executable to start.
  public var executable: String
  /// The data directory (made by `ssr-serve init`).
  public var data: String
  /// The address the server binds and the client connects to; must be loopback (127.0.0.1).
  public var host = "127.0.0.1"
  /// Concurrent clients of each phase, in order.
  public var clients = [1, 8, 64]
  /// Seconds per phase.
  public var duration = 10.0
  /// Hostile requests in all, spread evenly over the categories.
  public var hostileRequests = 10_000
  /// Threads sending the hostile requests.
  public var hostileThreads = 4
  /// Whether the server gets a random bearer token (then every request carries it, and the bad-token
  /// category is sent).
  public var usesToken = true
  /// The server's body limit (passed as `--max-body`).
  public var maxBody = 64 * 1024
  /// The server's id-list limit (passed as `--max-ids`).
  public var maxIDs = 1000
  /// The request contents' seed.
  public var seed: UInt64 = 42

  /// A load test of `executable` serving `data`, with the defaults above.
  public init(executable: String, data: String) {
    self.executable = executable
    self.data = data
  }

  /// Runs the test; `progress` gets a line as each part starts.
  public func run(progress: (String) -> Void = { _ in }) throws(LoadTestError) -> LoadTestReport {
    guard host == "127.0.0.1" else {
      throw LoadTestError("the load test runs on loopback only: \(host) is not 127.0.0.1 (it starts its own server there)")
    }
    guard !clients.isEmpty, clients.allSatisfy({ (1...1024).contains($0) }) else {
      throw LoadTestError("clients must be 1…1024 each, got \(clients)")
    }
    guard duration > 0, hostileRequests >= 0, hostileThreads >= 1 else {
      throw LoadTestError("the duration must be positive, the hostile requests and threads not negative")
    }
    let token = usesToken ? (0..<32).map { _ in String(UInt8.random(in: 0..<16), radix: 16) }.joined() : nil
    let server = try ServerChild(executable: executable, data: data, token: token, maxBody: maxBody, maxIDs: maxIDs)
    defer { server.stop() }
    var report = LoadTestReport(loadBefore: Self.loadAverage(), residentAtStart: server.memory()?.resident ?? 0)

    let connection = HTTPConnection(port: server.port)
    defer { connection.close() }
    let health = try Self.getJSON("/healthz", connection: connection, port: server.port, token: nil)
    guard let itemCount = health["items"] as? Int, itemCount > 0 else { throw LoadTestError("the server serves no items: \(health)") }
    let models = ((try Self.getJSON("/v1/models", connection: connection, port: server.port, token: token)["models"] as? [[String: Any]]) ?? [])
      .compactMap { $0["name"] as? String }
    let mix = RequestMix(itemCount: itemCount, hasFeatures: (health["features"] as? Int ?? 0) > 0, models: models, port: server.port, token: token)
    report.mix = mix
    report.residentBeforeLoad = server.memory()?.resident ?? 0

    for (phase, count) in clients.enumerated() {
      progress("load: \(count) client\(count == 1 ? "" : "s") for \(duration) s")
      report.phases.append(LoadPhase.run(clients: count, duration: duration, mix: mix, server: server, seed: seed &+ UInt64(phase) << 32))
      guard server.isRunning else { throw LoadTestError("the server died during the \(count)-client phase: \(server.outputTail)") }
    }
    report.residentAfterLoad = server.memory()?.resident ?? 0

    if hostileRequests > 0 {
      let hostile = HostileRequests(
        port: server.port, token: token, itemCount: itemCount, model: models.first ?? "gru4rec", maxBody: maxBody, maxIDs: maxIDs)
      progress("hostile: \(hostileRequests) requests over \(hostile.categories.count) categories")
      let start = Date()
      report.hostile = HostileBatch.run(hostile, count: hostileRequests, threads: hostileThreads)
      report.hostileSeconds = Date().timeIntervalSince(start)
    }
    report.residentAfterHostile = server.memory()?.resident ?? 0
    report.peakResident = server.memory()?.peak ?? 0
    report.serverAlive = server.isRunning
    connection.close()
    report.healthAfter = (try? connection.send(RawRequest.make("GET", "/healthz", port: server.port, token: nil)))?.status
    report.loadAfter = Self.loadAverage()
    if !report.serverAlive { report.serverOutput = server.outputTail }
    return report
  }

  private static func getJSON(_ path: String, connection: HTTPConnection, port: Int, token: String?) throws(LoadTestError) -> [String: Any] {
    let answer: HTTPAnswer
    do {
      answer = try connection.send(RawRequest.make("GET", path, port: port, token: token))
    } catch {
      throw LoadTestError("GET \(path) failed: \(error)")
    }
    guard answer.status == 200, let object = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] else {
      throw LoadTestError("GET \(path) answered \(answer.status): \(String(decoding: answer.body.prefix(200), as: UTF8.self))")
    }
    return object
  }

  /// The 1, 5 and 15-minute load averages, as `/proc/loadavg` gives them.
  static func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
  }
}

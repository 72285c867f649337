import Foundation

/// How the server answered one category of hostile requests.
public struct HostileTally: Sendable {
  /// The category.
  public var category: HostileCategory
  /// Requests sent.
  public var sent = 0
  /// Answered with a 4xx (the only right answer).
  public var clientErrors = 0
  /// Answered with a 5xx.
  public var serverErrors = 0
  /// Answered with anything else (1xx, 2xx, 3xx).
  public var otherStatuses = 0
  /// Not answered (connection refused, reset or closed, timeout, malformed answer).
  public var connectionFailures = 0
  /// Answers whose body held the start of `/etc/passwd` or of a SQLite file.
  public var leaks = 0
  /// Every status seen, with its count.
  public var statuses: [Int: Int] = [:]
  /// The first few failures, described.
  public var examples: [String] = []

  /// Requests not answered with a clean 4xx.
  public var failures: Int { sent - clientErrors + leaks }

  mutating func merge(_ other: HostileTally) {
    sent += other.sent
    clientErrors += other.clientErrors
    serverErrors += other.serverErrors
    otherStatuses += other.otherStatuses
    connectionFailures += other.connectionFailures
    leaks += other.leaks
    for (status, count) in other.statuses { statuses[status, default: 0] += count }
    examples += other.examples.prefix(max(0, 3 - examples.count))
  }
}

/// Sends `count` hostile requests spread evenly over the categories, each on its own connection,
/// from `threads` threads.
enum HostileBatch {
  static func run(_ requests: HostileRequests, count: Int, threads: Int) -> [HostileTally] {
    let categories = requests.categories
    let variants = categories.map { requests.requests($0) }
    let tallies = Locked<[HostileTally]>(categories.map { HostileTally(category: $0) })
    let group = DispatchGroup()
    for thread in 0..<threads {
      group.enter()
      Thread {
        var local = categories.map { HostileTally(category: $0) }
        let connection = HTTPConnection(port: requests.port)
        for index in stride(from: thread, to: count, by: threads) {
          let c = index % categories.count
          let options = variants[c]
          let variant = (index / categories.count) % options.count
          local[c].sent += 1
          connection.close()  // a fresh connection per request: each failure belongs to one request
          do {
            let answer = try connection.send(options[variant].bytes, halfClose: options[variant].halfClose)
            local[c].statuses[answer.status, default: 0] += 1
            switch answer.status {
            case 400..<500: local[c].clientErrors += 1
            case 500..<600: local[c].serverErrors += 1
            default: local[c].otherStatuses += 1
            }
            if Self.leaks(answer.body) { local[c].leaks += 1 }
            if !(400..<500).contains(answer.status) || Self.leaks(answer.body), local[c].examples.count < 3 {
              local[c].examples.append("variant \(variant): HTTP \(answer.status) \(String(decoding: answer.body.prefix(160), as: UTF8.self))")
            }
          } catch {
            local[c].connectionFailures += 1
            if local[c].examples.count < 3 { local[c].examples.append("variant \(variant): \(error)") }
          }
        }
        connection.close()
        tallies.withLock { all in for i in all.indices { all[i].merge(local[i]) } }
        group.leave()
      }.start()
    }
    group.wait()
    return tallies.withLock { $0 }
  }

  /// Whether a body shows a file the server must never send: `/etc/passwd` or the database itself.
  static func leaks(_ body: [UInt8]) -> Bool {
    let text = String(decoding: body.prefix(4096), as: UTF8.self)
    return text.contains("root:x:0:0") || text.contains("root:*:0:0") || text.hasPrefix("SQLite format 3")
  }
}

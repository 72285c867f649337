import Foundation

/// What a ``LoadTest`` measured, and whether the server passed.
public struct LoadTestReport: Sendable {
  /// The machine's load averages (1, 5, 15 min) before the test.
  public var loadBefore: String
  /// The server's resident set size once started, in bytes.
  public var residentAtStart: Int
  /// The request mix of the load phases.
  public var mix: RequestMix?
  /// Resident set size after discovery requests, before the first phase.
  public var residentBeforeLoad = 0
  /// The load phases.
  public var phases: [PhaseResult] = []
  /// Resident set size after the last phase.
  public var residentAfterLoad = 0
  /// The hostile requests, by category.
  public var hostile: [HostileTally] = []
  /// Seconds the hostile batch took.
  public var hostileSeconds = 0.0
  /// Resident set size after the hostile batch.
  public var residentAfterHostile = 0
  /// The server's peak resident set size (`VmHWM`).
  public var peakResident = 0
  /// Whether the server process was still running at the end.
  public var serverAlive = false
  /// The status `/healthz` answered at the end (nil: no answer).
  public var healthAfter: Int?
  /// The machine's load averages after the test.
  public var loadAfter = ""
  /// The server's last output, when it died.
  public var serverOutput: String?

  /// Whether every hostile request got a 4xx (and leaked nothing), every load request a 2xx, and the
  /// server is alive and healthy.
  public var passed: Bool { hostileFailures == 0 && loadErrors == 0 && serverAlive && healthAfter == 200 }
  /// Hostile requests not answered with a clean 4xx.
  public var hostileFailures: Int { hostile.reduce(0) { $0 + $1.failures } }
  /// Load requests that failed.
  public var loadErrors: Int { phases.reduce(0) { $0 + $1.errors } }

  private static func ms(_ seconds: Double?) -> String { seconds.map { String(format: "%.2f", $0 * 1000) } ?? "–" }
  private static func mib(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

  /// The report as Markdown tables.
  public func markdown() -> String {
    var lines: [String] = []
    lines.append("Machine load (1/5/15 min) before: \(loadBefore); after: \(loadAfter).")
    if let mix {
      lines.append(
        "Catalogue: \(mix.itemCount) items; features: \(mix.hasFeatures ? "yes" : "no"); models: \(mix.models.isEmpty ? "none" : mix.models.joined(separator: ", ")).")
    }
    lines.append("")
    lines.append("| clients | requests | requests/s | p50 ms | p99 ms | errors | error rate | client CPU s | server CPU s | RSS after MiB |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for phase in phases {
      let all = phase.allLatencies
      lines.append(
        "| \(phase.clients) | \(phase.requests) | \(String(format: "%.0f", phase.requestsPerSecond)) | \(Self.ms(PhaseResult.quantile(all, 0.5))) | "
          + "\(Self.ms(PhaseResult.quantile(all, 0.99))) | \(phase.errors) | \(String(format: "%.4f%%", phase.errorRate * 100)) | "
          + "\(String(format: "%.1f", phase.clientCPU)) | \(String(format: "%.1f", phase.serverCPU)) | \(Self.mib(phase.residentAfter)) |")
    }
    lines.append("")
    lines.append(
      "Server RSS: \(Self.mib(residentAtStart)) MiB at start, \(Self.mib(residentBeforeLoad)) MiB before the load, \(Self.mib(residentAfterLoad)) MiB after it, "
        + "\(Self.mib(residentAfterHostile)) MiB after the hostile requests; peak \(Self.mib(peakResident)) MiB.")
    let errorKinds = phases.flatMap { phase in phase.errorKinds.map { "\(phase.clients) clients: \($0.key) × \($0.value)" } }
    if !errorKinds.isEmpty { lines.append("Load errors: " + errorKinds.sorted().joined(separator: "; ") + ".") }
    lines.append("")
    lines.append("Per kind of request (p50 / p99 ms):")
    lines.append("")
    lines.append("| clients | " + RequestMix.Kind.allCases.map(\.rawValue).joined(separator: " | ") + " |")
    lines.append("|---:|" + RequestMix.Kind.allCases.map { _ in "---:|" }.joined())
    for phase in phases {
      let cells = RequestMix.Kind.allCases.map { kind -> String in
        guard let values = phase.latencies[kind], !values.isEmpty else { return "–" }
        return "\(values.count): \(Self.ms(PhaseResult.quantile(values, 0.5))) / \(Self.ms(PhaseResult.quantile(values, 0.99)))"
      }
      lines.append("| \(phase.clients) | " + cells.joined(separator: " | ") + " |")
    }
    if !hostile.isEmpty {
      lines.append("")
      let sent = hostile.reduce(0) { $0 + $1.sent }
      lines.append("Hostile requests: \(sent) in \(String(format: "%.1f", hostileSeconds)) s, each on its own connection.")
      lines.append("")
      lines.append("| category | sent | 4xx | 5xx | other | no answer | leaked | statuses |")
      lines.append("|---|---:|---:|---:|---:|---:|---:|---|")
      for tally in hostile {
        let statuses = tally.statuses.sorted { $0.key < $1.key }.map { "\($0.key) × \($0.value)" }.joined(separator: ", ")
        lines.append(
          "| \(tally.category.rawValue) | \(tally.sent) | \(tally.clientErrors) | \(tally.serverErrors) | \(tally.otherStatuses) | "
            + "\(tally.connectionFailures) | \(tally.leaks) | \(statuses) |")
      }
      let total = hostile.reduce(into: HostileTally(category: .badJSON)) { $0.merge($1) }
      lines.append(
        "| **all** | \(total.sent) | \(total.clientErrors) | \(total.serverErrors) | \(total.otherStatuses) | \(total.connectionFailures) | \(total.leaks) | |")
      for tally in hostile where !tally.examples.isEmpty {
        lines.append("")
        lines.append("Failures in \(tally.category.rawValue): " + tally.examples.joined(separator: "; "))
      }
    }
    lines.append("")
    lines.append("Server alive at the end: \(serverAlive ? "yes" : "no"); /healthz answered \(healthAfter.map(String.init) ?? "nothing").")
    if let serverOutput { lines.append("Server output:\n\n```\n\(serverOutput)\n```") }
    lines.append(passed ? "PASSED" : "FAILED")
    return lines.joined(separator: "\n") + "\n"
  }
}

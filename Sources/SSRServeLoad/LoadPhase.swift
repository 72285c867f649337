import Foundation
import SSRCore

/// What one fixed-duration phase with a number of concurrent clients measured.
public struct PhaseResult: Sendable {
  /// Concurrent clients (each one connection, one request at a time).
  public var clients: Int
  /// The phase's wall time, from the first request to the last answer, in seconds.
  public var seconds: Double
  /// Requests sent.
  public var requests: Int
  /// Requests answered with other than 2xx, or not answered at all.
  public var errors: Int
  /// Non-2xx statuses and connection failures seen, with their counts.
  public var errorKinds: [String: Int]
  /// Latencies of the answered requests, in seconds, sorted, per kind of request.
  public var latencies: [RequestMix.Kind: [Double]]
  /// CPU seconds the load-test client used during the phase.
  public var clientCPU: Double
  /// CPU seconds the server used during the phase.
  public var serverCPU: Double
  /// The server's resident set size after the phase, in bytes.
  public var residentAfter: Int

  /// Requests per second.
  public var requestsPerSecond: Double { Double(requests) / seconds }
  /// The share of requests that failed.
  public var errorRate: Double { requests == 0 ? 0 : Double(errors) / Double(requests) }
  /// All answered requests' latencies, sorted.
  public var allLatencies: [Double] { latencies.values.flatMap { $0 }.sorted() }

  /// The `p`-quantile (nearest rank) of sorted `values`, or nil if there are none.
  public static func quantile(_ values: [Double], _ p: Double) -> Double? {
    guard !values.isEmpty else { return nil }
    let rank = Int((p * Double(values.count)).rounded(.up))
    return values[min(max(rank, 1), values.count) - 1]
  }
}

/// Runs `clients` client threads against the server for `duration` seconds.
enum LoadPhase {
  private struct ClientRecord: Sendable {
    var requests = 0
    var errors: [String: Int] = [:]
    var latencies: [RequestMix.Kind: [Double]] = [:]
  }

  static func run(clients: Int, duration: Double, mix: RequestMix, server: ServerChild, seed: UInt64) -> PhaseResult {
    let records = Locked<[ClientRecord]>([])
    let group = DispatchGroup()
    let clientCPU0 = ownCPUSeconds()
    let serverCPU0 = server.cpuSeconds() ?? 0
    let start = DispatchTime.now().uptimeNanoseconds
    let deadline = start + UInt64(duration * 1e9)
    for client in 0..<clients {
      group.enter()
      let thread = Thread {
        var record = ClientRecord()
        var random = SeededGenerator(seed: seed &+ UInt64(client) &* 0x1000_0001)
        let connection = HTTPConnection(port: mix.port)
        var index = client  // clients start at different places in the mix
        while DispatchTime.now().uptimeNanoseconds < deadline {
          let (kind, request) = mix.request(index, random: &random)
          index += 1
          record.requests += 1
          let sent = DispatchTime.now().uptimeNanoseconds
          do {
            let answer = try connection.send(request)
            record.latencies[kind, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e9)
            if !(200..<300).contains(answer.status) { record.errors["HTTP \(answer.status) (\(kind.rawValue))", default: 0] += 1 }
          } catch {
            record.errors["\(error)", default: 0] += 1
          }
        }
        connection.close()
        records.withLock { $0.append(record) }
        group.leave()
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    group.wait()
    let end = DispatchTime.now().uptimeNanoseconds
    let all = records.withLock { $0 }
    var latencies: [RequestMix.Kind: [Double]] = [:]
    var errors: [String: Int] = [:]
    for record in all {
      for (kind, values) in record.latencies { latencies[kind, default: []].append(contentsOf: values) }
      for (kind, count) in record.errors { errors[kind, default: 0] += count }
    }
    for kind in latencies.keys { latencies[kind]!.sort() }
    return PhaseResult(
      clients: clients, seconds: Double(end - start) / 1e9, requests: all.reduce(0) { $0 + $1.requests },
      errors: errors.values.reduce(0, +), errorKinds: errors, latencies: latencies, clientCPU: ownCPUSeconds() - clientCPU0,
      serverCPU: (server.cpuSeconds() ?? serverCPU0) - serverCPU0, residentAfter: server.memory()?.resident ?? 0)
  }
}

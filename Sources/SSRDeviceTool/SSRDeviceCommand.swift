import ArgumentParser
import Foundation
import SSRDeviceClient

/// `ssr-device`: plays the device against a running `ssr-serve`: downloads a model once, then for
/// each request fetches the history's item features, ranks the catalogue locally and fetches the
/// details of the top k, reporting what each request cost.
@main
struct SSRDeviceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ssr-device",
    abstract: "Play the device against ssr-serve: rank items locally for a history and report bytes, times and memory.",
    discussion: """
      ssr-device --server http://127.0.0.1:8080 --model sgru4rec --history 1,48,150
      Prints the top k with their titles, then one JSON line per request: bytes sent and received
      (bodies and query strings), the server's time (Server-Timing), the round trips, the device's
      compute time (encoding the history, ranking the catalogue) and the growth of its peak
      resident memory, the estimated energy and the spiking layers' firing rates.
      """)

  @Option(help: "The server's base URL.")
  var server = "http://127.0.0.1:8080"

  @Option(help: "The model, by the name the server lists at /v1/models.")
  var model: String

  @Option(help: "The user's history: item ids, oldest first, comma-separated.")
  var history: String

  @Option(help: "How many items to recommend.")
  var k = 10

  @Option(help: "How many times to repeat the request (the model is downloaded once).")
  var requests = 1

  @Option(help: "The server's bearer token (default: $SSR_SERVE_TOKEN).")
  var token: String?

  func run() throws {
    guard let base = URL(string: server), base.scheme == "http" || base.scheme == "https", base.host != nil else {
      throw ValidationError("--server must be an http(s) URL such as http://127.0.0.1:8080")
    }
    let ids = history.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !ids.isEmpty, ids.allSatisfy({ $0 != nil }) else { throw ValidationError("--history must be item ids such as 1,48,150") }
    guard (1...1000).contains(requests) else { throw ValidationError("--requests must be 1…1000") }
    let client = DeviceClient(base: base, token: token ?? ProcessInfo.processInfo.environment["SSR_SERVE_TOKEN"])
    do {
      try play(client, history: ids.map { $0! })
    } catch {
      FileHandle.standardError.write(Data("ssr-device: \(error.message)\n".utf8))
      throw ExitCode(1)
    }
  }

  private func play(_ client: DeviceClient, history: [Int]) throws(DeviceClientError) {
    let device = try DevicePlayer(client: client, model: model)
    let config = device.runtime.config
    print(String(format: "model %@ (.%@, %@): %d bytes downloaded in %.1f ms", model, config.model, config.dtype,
      device.downloadedBytes, device.downloadMilliseconds))
    if let problem = device.energy.problem { print("energy: \(problem)") }
    for request in 0..<requests {
      let report = try device.request(history: history, k: k)
      if request == 0 {
        for (rank, item) in report.items.enumerated() {
          print(String(format: "%2d. %5d  %8.4f  %@", rank + 1, item.item, item.score, item.title ?? "?"))
        }
        if report.featureBytes == nil { print("no item features on the server") }
      }
      let rates = report.firingRates.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\(String(format: "%.4f", $0.value))" }
      print(
        "{\"request\":\(request + 1),\"bytesSent\":\(report.bytesSent),\"bytesReceived\":\(report.bytesReceived),"
          + String(
            format: "\"serverMs\":%.3f,\"wallMs\":%.3f,\"deviceMs\":%.3f,\"encodeMs\":%.3f,\"rankMs\":%.3f,", report.serverMilliseconds,
            report.wallMilliseconds, report.deviceMilliseconds, report.encodeMilliseconds, report.rankMilliseconds)
          + "\"devicePeakBytes\":\(report.devicePeakBytes),"
          + "\"energyMicrojoules\":\(report.energyMicrojoules.map { String(format: "%.4f", $0) } ?? "null"),"
          + "\"firingRates\":{\(rates.joined(separator: ","))}}")
    }
  }
}

import ArgumentParser
import Foundation
import SSRDevice
import SSREval
import SSRModels

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `ssr-device`: plays the device against a running `ssr-serve`: downloads a model once, then for
/// each request fetches the history's item features, ranks the catalogue locally and fetches the
/// details of the top k, reporting what each request cost.
@main
struct SSRDeviceCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ssr-device",
    abstract: "Play the device against ssr-serve: rank items locally for a history and report bytes, times and memory.",
    discussion: """
      ssr-device --server http://127.0.0.1:8080 --model sgru4rec --history 1,48,150
      Prints the top k with their titles, then one JSON line per request: bytes sent and received
      (bodies), the server's time (Server-Timing), the round trips, the device's compute time and
      the growth of its peak resident memory, and the spiking layers' firing rates.
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

  func run() async throws {
    guard let base = URL(string: server), base.scheme == "http" || base.scheme == "https", base.host != nil else {
      throw ValidationError("--server must be an http(s) URL such as http://127.0.0.1:8080")
    }
    let ids = history.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !ids.isEmpty, ids.allSatisfy({ $0 != nil }) else { throw ValidationError("--history must be item ids such as 1,48,150") }
    guard (1...1000).contains(requests) else { throw ValidationError("--requests must be 1…1000") }
    let client = DeviceClient(base: base, token: token ?? ProcessInfo.processInfo.environment["SSR_SERVE_TOKEN"])
    do {
      try await play(client, history: ids.map { $0! })
    } catch let error as DeviceClientError {
      FileHandle.standardError.write(Data("ssr-device: \(error.message)\n".utf8))
      throw ExitCode(1)
    }
  }

  private func play(_ client: DeviceClient, history: [Int]) async throws {
    let start = Date()
    let description = try await client.get("/v1/models/\(model)")
    let weights = try await client.get("/v1/models/\(model)/weights")
    let runtime: DeviceRuntime
    do throws(DeviceError) {
      guard let object = try? JSONSerialization.jsonObject(with: description.body) as? [String: Any], let config = object["config"],
        let configData = try? JSONSerialization.data(withJSONObject: config)
      else { throw .invalidConfig(path: "/v1/models/\(model)", reason: "the server's answer has no config") }
      runtime = try DeviceRuntime(
        config: try ModelExport.decodeConfig(configData, origin: "/v1/models/\(model)"),
        tensors: try ModelExport.decodeWeights(weights.body, origin: "/v1/models/\(model)/weights"))
    } catch {
      throw DeviceClientError(message: error.description)
    }
    print(String(format: "model %@ (.%@, %@): %d bytes downloaded in %.1f ms", model, runtime.config.model, runtime.config.dtype,
      description.body.count + weights.body.count, Date().timeIntervalSince(start) * 1000))
    let energy = DeviceEnergy(runtime.config)
    if let problem = energy.problem { print("energy: \(problem)") }
    let historyJSON = "{\"ids\": [\(history.map(String.init).joined(separator: ","))]}"
    for request in 0..<requests {
      let wallStart = Date()
      var sent = 0, received = 0, serverMilliseconds = 0.0
      var featureNote = "features"
      do {
        let features = try await client.post("/v1/features", body: historyJSON)
        (sent, received, serverMilliseconds) = (historyJSON.utf8.count, features.body.count, features.serverMilliseconds)
      } catch let error as DeviceClientError where error.status == 404 {
        featureNote = "no features on the server (\(error.message))"
      }
      resetPeakResident()
      let residentBefore = residentBytes()
      let computeStart = DispatchTime.now().uptimeNanoseconds
      let ranked: [RankedItem]
      do throws(DeviceError) {
        ranked = try runtime.recommend(history: history.map { Int32(clamping: $0) }, k: k)
      } catch {
        throw DeviceClientError(message: error.description)
      }
      let computeMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - computeStart) / 1e6
      let peakIncrease = max(0, peakResidentBytes() - residentBefore)
      let details = try await client.get("/v1/items?ids=" + ranked.map { String($0.item) }.joined(separator: ","))
      received += details.body.count
      serverMilliseconds += details.serverMilliseconds
      if request == 0 {
        let items = (try? JSONSerialization.jsonObject(with: details.body) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        for (rank, (item, detail)) in zip(ranked, items).enumerated() {
          print(String(format: "%2d. %5d  %8.4f  %@", rank + 1, item.item, item.score, (detail["title"] as? String) ?? "?"))
        }
        if featureNote != "features" { print(featureNote) }
      }
      let picojoules = energy.picojoules(runtime.lastSpikeCounts)
      let rates = runtime.lastSpikeCounts.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\(String(format: "%.4f", $0.value.rate))" }
      print(
        "{\"request\":\(request + 1),\"bytesSent\":\(sent),\"bytesReceived\":\(received),"
          + String(format: "\"serverMs\":%.3f,\"wallMs\":%.3f,\"deviceMs\":%.3f,", serverMilliseconds,
            Date().timeIntervalSince(wallStart) * 1000, computeMilliseconds)
          + "\"devicePeakBytes\":\(peakIncrease),\"energyMicrojoules\":\(picojoules.map { String(format: "%.4f", $0 / 1e6) } ?? "null"),"
          + "\"firingRates\":{\(rates.joined(separator: ","))}}")
    }
  }
}

/// The estimated energy of one inference on the device: the model's operation table (the energy
/// accounting of `SSREval`) costed with the firing rates the runtime measured in that request.
struct DeviceEnergy {
  let table: OperationTable?
  /// Why no estimate can be given, if none can.
  let problem: String?

  init(_ config: ExportedModelConfig) {
    guard let accounting = ModelRegistry.standard.spec(named: config.model)?.energy else {
      (table, problem) = (nil, "no operation table for .\(config.model)")
      return
    }
    do {
      (table, problem) = (try accounting.table(ModelContext(config: config.config, spiking: config.spiking)), nil)
    } catch {
      (table, problem) = (nil, "\(error)")
    }
  }

  /// Picojoules per inference with `counts` as the spiking layers' rates; nil when the table needs
  /// a rate the runtime does not measure (SCaser's and SRSGNN's binary tensors that no neuron outputs).
  func picojoules(_ counts: [String: SpikeCount]) -> Double? {
    guard let table else { return nil }
    let rates = FiringRates(tallies: counts.mapValues { SpikeTally(spikes: $0.spikes, count: $0.steps) }, samples: 1)
    return try? EnergyReport(table: table, rates: table.isSpiking ? rates : nil).energy()
  }
}

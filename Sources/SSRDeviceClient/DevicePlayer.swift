import Dispatch
import Foundation
import SSRCore
import SSRDevice

/// Plays the device against `ssr-serve`: downloads an exported model once, then for each request
/// fetches the history's item features, ranks the whole catalogue locally and fetches the details
/// of the best k, measuring what the request cost.
///
/// Not thread-safe: one request at a time, as on a device.
public final class DevicePlayer {
  /// The server's name of the model.
  public let model: String
  /// The on-device runtime, loaded from the server's export.
  public let runtime: DeviceRuntime
  /// Bytes of the model's description and weights as downloaded.
  public let downloadedBytes: Int
  /// Milliseconds the download and load took.
  public let downloadMilliseconds: Double
  /// The energy accounting of the model.
  public let energy: DeviceEnergy
  /// The width of the item features the server has (nil: none, and requests ask for none).
  public let featureWidth: Int?
  private let client: DeviceClient

  /// Downloads `model` from the server of `client` and loads it.
  ///
  /// - Throws: ``DeviceClientError`` when the server does not serve the model or its export does
  ///   not load.
  public init(client: DeviceClient, model: String) throws(DeviceClientError) {
    let start = Date()
    let health = try client.get("/healthz")
    let width = (try? JSONSerialization.jsonObject(with: health.body) as? [String: Any])?["features"] as? Int ?? 0
    featureWidth = width > 0 ? width : nil  // /healthz says 0 without features
    let path = "/v1/models/\(model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model)"
    let description = try client.get(path)
    let weights = try client.get(path + "/weights")
    do throws(DeviceError) {
      guard let object = try? JSONSerialization.jsonObject(with: description.body) as? [String: Any], let config = object["config"],
        let configData = try? JSONSerialization.data(withJSONObject: config)
      else { throw .invalidConfig(path: path, reason: "the server's answer has no config") }
      runtime = try DeviceRuntime(
        config: try ModelExport.decodeConfig(configData, origin: path),
        tensors: try ModelExport.decodeWeights(weights.body, origin: path + "/weights"))
    } catch {
      throw DeviceClientError(error.description)
    }
    self.client = client
    self.model = model
    downloadedBytes = description.body.count + weights.body.count
    downloadMilliseconds = Date().timeIntervalSince(start) * 1000
    energy = DeviceEnergy(runtime.config)
  }

  /// One request for `history` (item ids, oldest first; the last `maxLen` are read, and their
  /// features asked for when the server has item features).
  ///
  /// - Throws: ``DeviceClientError`` for an invalid history or `k`, or a failed exchange.
  public func request(history: [Int], k: Int = 10) throws(DeviceClientError) -> DeviceRequestReport {
    let window = history.suffix(runtime.config.maxLen).map { Int32(clamping: $0) }
    do throws(DeviceError) {
      try runtime.validate(history: window, k: k)
    } catch {
      throw DeviceClientError(error.description)
    }
    let wallStart = DispatchTime.now().uptimeNanoseconds
    var report = DeviceRequestReport()
    if featureWidth != nil {
      let featuresJSON = "{\"ids\": [\(window.map(String.init).joined(separator: ","))]}"
      let features = try client.post("/v1/features", json: featuresJSON)
      report.bytesSent += featuresJSON.utf8.count
      report.bytesReceived += features.body.count
      report.serverMilliseconds += features.serverMilliseconds
      report.featureBytes = features.body.count
    }
    ProcessMemory.resetPeakResident()
    let residentBefore = ProcessMemory.residentBytes()
    let computeStart = DispatchTime.now().uptimeNanoseconds
    let ranked: [RankedItem]
    do throws(DeviceError) {
      ranked = try runtime.recommend(history: window, k: k)
    } catch {
      throw DeviceClientError(error.description)
    }
    report.deviceMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - computeStart) / 1e6
    report.encodeMilliseconds = Double(runtime.lastTimes.encode) / 1e6
    report.rankMilliseconds = Double(runtime.lastTimes.rank) / 1e6
    report.devicePeakBytes = max(0, ProcessMemory.peakResidentBytes() - residentBefore)
    let detailsPath = "/v1/items?ids=" + ranked.map { String($0.item) }.joined(separator: ",")
    let details = try client.get(detailsPath)
    report.bytesSent += detailsPath.utf8.count
    report.bytesReceived += details.body.count
    report.serverMilliseconds += details.serverMilliseconds
    let described = (try? JSONSerialization.jsonObject(with: details.body) as? [String: Any])?["items"] as? [[String: Any]] ?? []
    report.items = ranked.enumerated().map { index, item in
      DeviceRequestReport.Item(
        item: Int(item.item), score: item.score, title: index < described.count ? described[index]["title"] as? String : nil)
    }
    report.wallMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e6
    // The energy estimate is bookkeeping, not part of the request's time.
    energy.countUnrecordedSpikes(in: runtime)
    report.firingRates = runtime.lastSpikeCounts.mapValues(\.rate)
    report.energyMicrojoules = energy.picojoules(runtime.lastSpikeCounts).map { $0 / 1e6 }
    return report
  }
}

/// What one device request cost, and what it recommended.
public struct DeviceRequestReport: Sendable {
  /// A recommended item with its score and title.
  public struct Item: Sendable {
    /// The item id (1…N).
    public var item: Int
    /// The model's score.
    public var score: Float
    /// The item's title from the server, if it has one.
    public var title: String?
  }

  /// Request bytes sent to the server: the bodies and the query strings.
  public var bytesSent = 0
  /// Response bytes received: the bodies.
  public var bytesReceived = 0
  /// Bytes of the item features received (nil when the server has none).
  public var featureBytes: Int? = nil
  /// The server's own time over the request's exchanges (`Server-Timing`), in milliseconds.
  public var serverMilliseconds = 0.0
  /// The whole request, round trips included, in milliseconds.
  public var wallMilliseconds = 0.0
  /// The device's compute time (encoding and ranking), in milliseconds.
  public var deviceMilliseconds = 0.0
  /// Of the compute time: encoding the history.
  public var encodeMilliseconds = 0.0
  /// Of the compute time: scoring every item and keeping the best k.
  public var rankMilliseconds = 0.0
  /// Growth of the device process's peak resident memory during the compute, in bytes.
  public var devicePeakBytes = 0
  /// The estimated energy of the inference in µJ (nil where the runtime cannot measure a rate the
  /// accounting needs).
  public var energyMicrojoules: Double? = nil
  /// The spiking layers' firing rates in this request (empty for an ANN).
  public var firingRates: [String: Double] = [:]
  /// The best k items, best first.
  public var items: [Item] = []
}

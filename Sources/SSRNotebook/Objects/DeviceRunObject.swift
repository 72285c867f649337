import SSRDeviceClient

/// The requests `playDevice(…)` played against a server: one record per request, and their medians.
final class DeviceRunObject: NotebookObject {
  /// The server's name of the model and the model's registry name.
  let model: String
  let kind: String
  /// Bytes and milliseconds of the model's download.
  let downloadBytes: Int
  let downloadMilliseconds: Double
  /// Per request, in order.
  let reports: [DeviceRequestReport]
  /// The history lengths sent (at most `maxLen`).
  let historyLengths: [Int]
  /// Why there is no energy estimate, if there is none.
  let energyProblem: String?

  init(
    model: String, kind: String, downloadBytes: Int, downloadMilliseconds: Double, reports: [DeviceRequestReport], historyLengths: [Int],
    energyProblem: String?
  ) {
    self.model = model
    self.kind = kind
    self.downloadBytes = downloadBytes
    self.downloadMilliseconds = downloadMilliseconds
    self.reports = reports
    self.historyLengths = historyLengths
    self.energyProblem = energyProblem
  }

  var typeName: String { "DeviceRun" }

  /// The measures of a request, by column name.
  static let measures: [(name: String, value: @Sendable (DeviceRequestReport) -> Double?)] = [
    ("bytesSent", { Double($0.bytesSent) }),
    ("bytesReceived", { Double($0.bytesReceived) }),
    ("featureBytes", { $0.featureBytes.map(Double.init) }),
    ("serverMs", { $0.serverMilliseconds }),
    ("wallMs", { $0.wallMilliseconds }),
    ("deviceMs", { $0.deviceMilliseconds }),
    ("encodeMs", { $0.encodeMilliseconds }),
    ("rankMs", { $0.rankMilliseconds }),
    ("peakBytes", { Double($0.devicePeakBytes) }),
    ("energy", { $0.energyMicrojoules }),
  ]

  /// The median of each measure over the requests (nothing where a measure is missing).
  var summary: Record {
    var fields: [(String, Value)] = [("model", .string(model)), ("requests", .int(reports.count))]
    for measure in Self.measures {
      let values = reports.compactMap(measure.value).sorted()
      guard values.count == reports.count, !values.isEmpty else {
        fields.append((measure.name, .nothing))
        continue
      }
      let middle = values.count / 2
      let median = values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
      // Counts (bytes) stay whole numbers when their median is one.
      let whole = measure.name.lowercased().hasSuffix("bytes") && median == median.rounded()
      fields.append((measure.name, whole ? .int(Int(median)) : .double(median)))
    }
    return Record(fields)
  }

  var requests: [Value] {
    zip(reports, historyLengths).enumerated().map { index, pair in
      var fields: [(String, Value)] = [("request", .int(index + 1)), ("history", .int(pair.1))]
      for measure in Self.measures { fields.append((measure.name, measure.value(pair.0).map(Value.double) ?? .nothing)) }
      return .record(Record(fields))
    }
  }

  func render(style: RenderStyle) -> String {
    var lines = ["\(model) (.\(kind)) on the device: \(reports.count) request(s); the model's download was \(downloadBytes) bytes"]
    if let energyProblem { lines.append("no energy estimate: \(energyProblem)") }
    return lines.joined(separator: "\n")
  }

  var memberNames: [String] { ["model", "summary", "requests", "top", "downloadBytes", "downloadMs"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "model": return .string(model)
    case "summary": return .record(summary)
    case "requests": return .list(requests)
    case "top":
      return .list(
        (reports.first?.items ?? []).enumerated().map { rank, item in
          .record(Record([("rank", .int(rank + 1)), ("item", .int(item.item)), ("title", item.title.map(Value.string) ?? .nothing)]))
        })
    case "downloadBytes": return .int(downloadBytes)
    case "downloadMs": return .double(downloadMilliseconds)
    default: return nil
    }
  }
}

import Foundation
import SSRServer
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `ssr-serve run` as a separate process on a free loopback port.
final class ServerProcess: @unchecked Sendable {
  let process = Process()
  private let lock = NSLock()
  private var output = Data()
  private(set) var port = 0

  init(data: String) throws {
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ssr-serve")
    process.arguments = ["run", "--data", data, "--port", "0", "--log-level", "warning"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    pipe.fileHandleForReading.readabilityHandler = { [self] handle in
      let chunk = handle.availableData
      lock.lock()
      output.append(chunk)
      lock.unlock()
    }
    try process.run()
    for _ in 0..<200 {
      lock.lock()
      let text = String(decoding: output, as: UTF8.self)
      lock.unlock()
      if let range = text.range(of: "listening on http://127.0.0.1:"),
        let port = Int(text[range.upperBound...].prefix(while: \.isNumber))
      {
        self.port = port
        return
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    process.terminate()
    throw ServerSetupError("ssr-serve did not start within 10 s")
  }

  func kill(_ signal: Int32) {
    Foundation.kill(process.processIdentifier, signal)
    process.waitUntilExit()
  }

  func request(_ path: String, method: String = "GET", body: String? = nil) async throws -> (Int, Data) {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
    request.httpMethod = method
    request.timeoutInterval = 5
    if let body {
      request.httpBody = Data(body.utf8)
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
  }
}

@Suite(.serialized) struct ProcessTests {
  static var binaryExists: Bool {
    FileManager.default.isExecutableFile(
      atPath: URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ssr-serve").path)
  }

  @Test(.enabled(if: binaryExists, "ssr-serve is not built (swift build --build-tests builds it)"))
  func aServerKilledWhileWritingLosesNoAcknowledgedWrite() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    let server = try ServerProcess(data: fixture.directory)
    // Four writers post events until the server dies; every 201 is an acknowledged write.
    let acknowledged = await withTaskGroup(of: Int.self) { group in
      for writer in 0..<4 {
        group.addTask {
          var count = 0
          for i in 0..<2000 {
            let item = (writer * 7 + i) % ServerFixture.itemCount + 1
            guard let (status, _) = try? await server.request("/v1/events", method: "POST", body: "{\"events\": [{\"item\": \(item), \"kind\": \"shown\"}]}"),
              status == 201
            else { break }
            count += 1
          }
          return count
        }
      }
      group.addTask {
        try? await Task.sleep(for: .milliseconds(700))
        server.kill(SIGKILL)
        return 0
      }
      return await group.reduce(0, +)
    }
    #expect(acknowledged > 0, "no write was acknowledged before the kill")
    let restarted = try ServerProcess(data: fixture.directory)
    let (status, _) = try await restarted.request("/healthz")
    #expect(status == 200)
    restarted.kill(SIGTERM)
    #expect(restarted.process.terminationReason == .exit, "SIGTERM should shut the server down gracefully")
    let stored = try ItemDatabase(directory: fixture.directory).eventCount()
    #expect(stored >= acknowledged, "acknowledged \(acknowledged) events, \(stored) survived")
    #expect(stored <= acknowledged + 4, "at most one unacknowledged write per writer was in flight")
  }

  @Test(.enabled(if: binaryExists, "ssr-serve is not built"))
  func theDeviceRanksLocallyWhatTheServerRanks() async throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    let server = try ServerProcess(data: fixture.directory)
    defer { server.kill(SIGTERM) }
    let (_, answer) = try await server.request("/v1/recommend", method: "POST", body: "{\"model\": \"gru\", \"history\": [3, 9, 27], \"k\": 5}")
    let expected = try #require((try JSONSerialization.jsonObject(with: answer) as? [String: Any])?["items"] as? [[String: Any]])
      .compactMap { $0["item"] as? Int }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ssr-device")
    process.arguments = ["--server", "http://127.0.0.1:\(server.port)", "--model", "gru", "--history", "3,9,27", "--k", "5", "--requests", "2"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
    let ranked = text.split(separator: "\n").filter { $0.range(of: #"^ ?\d\. "#, options: .regularExpression) != nil }
      .compactMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
    #expect(ranked == expected, "\(text)")
    #expect(text.contains("Movie \(expected[0]) (1999)"))
    let reports = text.split(separator: "\n").filter { $0.hasPrefix("{\"request\":") }
    #expect(reports.count == 2)
    let first = try #require(try JSONSerialization.jsonObject(with: Data(reports[0].utf8)) as? [String: Any])
    // The features request's body and the details request's query string.
    let detailsPath = "/v1/items?ids=" + expected.map(String.init).joined(separator: ",")
    #expect(first["bytesSent"] as? Int == "{\"ids\": [3,9,27]}".utf8.count + detailsPath.utf8.count)
    #expect((first["bytesReceived"] as? Int ?? 0) > 3 * ServerFixture.featureWidth * 4)
    #expect((first["deviceMs"] as? Double ?? -1) >= 0 && (first["serverMs"] as? Double ?? -1) > 0)
    #expect((first["energyMicrojoules"] as? Double ?? 0) > 0, "\(reports[0])")
  }

  @Test(.enabled(if: binaryExists, "ssr-serve is not built"))
  func theServerRefusesAPublicAddressWithoutAToken() throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ssr-serve")
    process.arguments = ["run", "--data", fixture.directory, "--host", "0.0.0.0", "--port", "0"]
    var environment = ProcessInfo.processInfo.environment
    environment["SSR_SERVE_TOKEN"] = nil
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(message.contains("without a bearer token"))
  }
}

import Foundation

/// An `ssr-serve` started by this process on a free loopback port, for notebooks and tests: it
/// stops when ``stop()`` is called, when this object goes away, or when this process ends (even
/// by `kill -9`: the server watches its standard input, which closes with this process).
public final class LocalServer: @unchecked Sendable {
  /// The server's base URL, `http://127.0.0.1:PORT`.
  public let url: URL
  /// The port the server chose.
  public let port: Int
  /// The data directory it serves.
  public let data: String
  private let process: Process
  private let keepAlive: Pipe
  private let said: (output: LineCollector, errors: LineCollector)

  /// The `ssr-serve` executable: `$SSR_SERVE`, else the one beside the running executable.
  ///
  /// - Throws: ``DeviceClientError`` when there is none.
  public static func executable() throws(DeviceClientError) -> String {
    if let given = ProcessInfo.processInfo.environment["SSR_SERVE"], !given.isEmpty { return given }
    let running = Bundle.main.executablePath ?? CommandLine.arguments[0]
    let sibling = URL(fileURLWithPath: running).deletingLastPathComponent().appendingPathComponent("ssr-serve").path
    guard FileManager.default.isExecutableFile(atPath: sibling) else {
      throw DeviceClientError(
        "ssr-serve is not beside \(running)", status: 0)
        .adding(help: "build it (swift build -c release --product ssr-serve) or set $SSR_SERVE to its path")
    }
    return sibling
  }

  /// Builds a data directory with `ssr-serve init` and returns its summary line.
  ///
  /// - Throws: ``DeviceClientError`` with init's message when it fails.
  public static func initialise(
    data: String, exports: [String], dataset: String?, datasetPath: String?, features: String?
  ) throws(DeviceClientError) -> String {
    var arguments = ["init", "--data", data]
    for export in exports { arguments += ["--model", export] }
    if let dataset { arguments += ["--dataset", dataset] }
    if let datasetPath { arguments += ["--dataset-path", datasetPath] }
    if let features { arguments += ["--features", features] }
    let (status, output, errors) = try run(try executable(), arguments)
    guard status == 0 else { throw DeviceClientError(errors.trimmingCharacters(in: .whitespacesAndNewlines)) }
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Starts `ssr-serve run --data data --port 0` on 127.0.0.1 and waits until it listens.
  ///
  /// - Throws: ``DeviceClientError`` when it does not start within `timeout` seconds.
  public init(data: String, token: String? = nil, timeout: TimeInterval = 30) throws(DeviceClientError) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try Self.executable())
    process.arguments = ["run", "--data", data, "--port", "0", "--log-level", "warning", "--stop-on-eof"]
      + (token.map { ["--token", $0] } ?? [])
    let keepAlive = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = keepAlive
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw DeviceClientError("cannot start \(process.executableURL?.path ?? "ssr-serve"): \(error.localizedDescription)")
    }
    let lines = LineCollector(output.fileHandleForReading)
    let errorLines = LineCollector(errors.fileHandleForReading)
    let deadline = Date().addingTimeInterval(timeout)
    var port: Int? = nil
    while port == nil, Date() < deadline, process.isRunning {
      if let range = lines.text.range(of: "listening on http://127.0.0.1:") {
        port = Int(lines.text[range.upperBound...].prefix(while: \.isNumber))
      } else {
        Thread.sleep(forTimeInterval: 0.02)
      }
    }
    guard let port else {
      process.terminate()
      process.waitUntilExit()
      let said = errorLines.finish()
      throw DeviceClientError(
        "ssr-serve run --data \(data) did not start listening within \(Int(timeout)) s"
          + (said.isEmpty ? "" : ": " + said.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    self.process = process
    self.keepAlive = keepAlive
    said = (lines, errorLines)
    self.port = port
    self.data = data
    url = URL(string: "http://127.0.0.1:\(port)")!
  }

  deinit { stop() }

  /// Whether the server process is still running.
  public var isRunning: Bool { process.isRunning }

  /// The server process's resident memory (`VmRSS`), in bytes; 0 once it has stopped.
  public var residentBytes: Int {
    guard process.isRunning,
      let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
  }

  /// Stops the server gracefully (SIGTERM) and waits for it.
  public func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  private static func run(_ executable: String, _ arguments: [String]) throws(DeviceClientError) -> (Int32, String, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.run()
    } catch {
      throw DeviceClientError("cannot start \(executable): \(error.localizedDescription)")
    }
    let errorsRead = LineCollector(errors.fileHandleForReading)
    let said = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: said, as: UTF8.self), errorsRead.finish())
  }
}

extension DeviceClientError {
  /// The error with a suggestion of what to do appended.
  func adding(help: String) -> DeviceClientError {
    DeviceClientError(message + "; " + help, status: status)
  }
}

/// Collects what a pipe says, in the background, so the child never blocks on a full pipe.
private final class LineCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private let handle: FileHandle
  private let ended = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    self.handle = handle
    handle.readabilityHandler = { [weak self] handle in
      let chunk = handle.availableData
      if chunk.isEmpty { handle.readabilityHandler = nil }
      guard let self else { return }
      if chunk.isEmpty {
        self.ended.signal()
        return
      }
      self.lock.lock()
      self.data.append(chunk)
      self.lock.unlock()
    }
  }

  /// What was said so far.
  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: data, as: UTF8.self)
  }

  /// Waits for the end of the stream and returns all of it.
  func finish() -> String {
    _ = ended.wait(timeout: .now() + 10)
    return text
  }
}

import Foundation
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `ssr-serve run` started as a child process on 127.0.0.1 and a free port, with its resident
/// memory and CPU time read from `/proc`.
public final class ServerChild: Sendable {
  /// The child process.
  public let process: Process
  /// The port it listens on.
  public let port: Int
  private let output: Locked<[UInt8]>

  /// Starts `executable run --data DIR --host 127.0.0.1 --port 0 …` with `token` in
  /// `SSR_SERVE_TOKEN` (not on the command line) and waits up to `startTimeout` seconds for
  /// "listening on http://127.0.0.1:PORT".
  public init(
    executable: String, data: String, token: String?, maxBody: Int, maxIDs: Int, startTimeout: Double = 30
  ) throws(LoadTestError) {
    guard FileManager.default.isExecutableFile(atPath: executable) else {
      throw LoadTestError("no ssr-serve executable at \(executable); build it with swift build --product ssr-serve")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [
      "run", "--data", data, "--host", "127.0.0.1", "--port", "0", "--max-body", String(maxBody), "--max-ids", String(maxIDs),
      "--log-level", "warning",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["SSR_SERVE_TOKEN"] = token
    process.environment = environment
    let output = Locked<[UInt8]>([])
    // Standard output (the port) and standard error (warnings, a failure) both end up in `output`.
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    pipe.fileHandleForReading.readabilityHandler = { handle in
      let chunk = handle.availableData
      if chunk.isEmpty {  // the end of the stream: stop being called
        handle.readabilityHandler = nil
        return
      }
      output.withLock { text in
        text.append(contentsOf: chunk)
        if text.count > 256 * 1024 { text.removeFirst(text.count - 128 * 1024) }  // keep the tail
      }
    }
    do {
      try process.run()
    } catch {
      throw LoadTestError("could not start \(executable): \(error)")
    }
    var port: Int?
    let deadline = Date().addingTimeInterval(startTimeout)
    while port == nil, process.isRunning, Date() < deadline {
      let text = output.withLock { String(decoding: $0, as: UTF8.self) }
      if let range = text.range(of: "listening on http://127.0.0.1:") {
        port = Int(text[range.upperBound...].prefix(while: \.isNumber))
      } else {
        Thread.sleep(forTimeInterval: 0.02)
      }
    }
    self.process = process
    self.output = output
    guard let port else {
      if process.isRunning { process.terminate() }
      process.waitUntilExit()
      let text = output.withLock { String(decoding: $0, as: UTF8.self) }
      throw LoadTestError("ssr-serve did not start within \(Int(startTimeout)) s: \(text.suffix(2000))")
    }
    self.port = port
  }

  /// Whether the child is still running.
  public var isRunning: Bool { process.isRunning }

  /// The last lines the child wrote (for a report when it died).
  public var outputTail: String { output.withLock { String(decoding: $0.suffix(4000), as: UTF8.self) } }

  /// The child's resident set size now (`VmRSS`) and at its peak (`VmHWM`), in bytes.
  public func memory() -> (resident: Int, peak: Int)? {
    guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return nil }
    func field(_ name: String) -> Int? {
      guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
      return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }
    guard let resident = field("VmRSS"), let peak = field("VmHWM") else { return nil }
    return (resident, peak)
  }

  /// The child's CPU time so far (user + system), in seconds.
  public func cpuSeconds() -> Double? {
    guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// Stops the child with SIGTERM (a graceful shutdown) and waits for it.
  public func stop() {
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
  }
}

/// The CPU time of this process so far (user + system), in seconds.
func ownCPUSeconds() -> Double {
  var usage = rusage()
  #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
  #else
    getrusage(RUSAGE_SELF, &usage)
  #endif
  return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// An error of the load test that a user can cause (no executable, a server that does not start, a
/// non-loopback address).
public struct LoadTestError: Error, CustomStringConvertible, Sendable {
  /// What went wrong and what to do.
  public var description: String
  /// An error saying `description`.
  public init(_ description: String) { self.description = description }
}

import Foundation

/// Wall-clock seconds from a monotonic clock.
func now() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// CPU seconds used by this process (all threads).
func cpuNow() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// The median of a non-empty list.
func median(_ values: [Double]) -> Double {
  let s = values.sorted()
  guard !s.isEmpty else { return .nan }
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Runs a program and returns its standard output, or nil if it cannot be run or fails.
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) -> String? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [executable] + arguments
  var env = ProcessInfo.processInfo.environment
  for (k, v) in environment { env[k] = v }
  process.environment = env
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle.nullDevice
  do {
    try process.run()
  } catch {
    return nil
  }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else { return nil }
  return String(decoding: data, as: UTF8.self)
}

/// Prints one JSON line from simple values.
func emitJSON(_ fields: [(String, Any)]) {
  let body = fields.map { key, value -> String in
    let v: String
    switch value {
    case let s as String: v = "\"\(s)\""
    case let d as Double: v = d.isFinite ? String(format: "%.4f", d) : "null"
    case let i as Int: v = String(i)
    default: v = "\"\(value)\""
    }
    return "\"\(key)\":\(v)"
  }
  print("{" + body.joined(separator: ",") + "}")
}

/// Formats a number with fixed decimals.
func fmt(_ x: Double, _ decimals: Int = 1) -> String {
  x.isFinite ? String(format: "%.\(decimals)f", x) : "n/a"
}

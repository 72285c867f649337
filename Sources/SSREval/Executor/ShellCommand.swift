import Foundation

/// Runs a command-line program found on the `PATH` and captures its output.
enum ShellCommand {
  /// The absolute path of `name` on the `PATH`, or nil.
  static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = (String(folder) as NSString).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs `name` with `arguments`; returns the exit status and standard output and error together.
  ///
  /// - Throws: ``ExecutorError/slurmMissing(command:)`` when it is not on the `PATH`.
  static func run(_ name: String, _ arguments: [String]) throws(ExecutorError) -> (status: Int32, output: String) {
    guard let executable = find(name) else { throw .slurmMissing(command: name) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw .slurmFailed(command: ([name] + arguments).joined(separator: " "), output: error.localizedDescription)
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

import ArgumentParser
import Foundation
import SSRServeLoad

extension SSRServeCommand {
  /// `ssr-serve load-test`: the bounded load test on loopback.
  struct LoadTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "load-test",
      abstract: "Measure a server on loopback: requests/s, p50/p99 latency, errors and memory under load, then hostile requests.",
      discussion: """
        Starts `ssr-serve run` on 127.0.0.1 (a free port, a random bearer token) as a child process, runs one
        fixed-duration phase of a realistic request mix per --clients value, sends --hostile malformed or hostile
        requests (each must be answered with a 4xx), and prints Markdown tables. Exits 1 if any hostile request was
        not answered with a 4xx, a load request failed, or the server died.
        """)

    @Option(help: "The data directory built by init.")
    var data: String

    @Option(help: ArgumentHelp("Concurrent clients per phase, comma-separated.", valueName: "N,N,…"))
    var clients = "1,8,64"

    @Option(help: ArgumentHelp("Seconds per phase (a number, optionally with s).", valueName: "SECONDS"))
    var duration = "10s"

    @Option(help: "Malformed or hostile requests to send after the load, spread over the categories.")
    var hostile = 10_000

    @Option(help: "The address to serve and load; only 127.0.0.1 is accepted.")
    var host = "127.0.0.1"

    @Flag(help: "Start the server without a bearer token (the bad-token category is then not sent).")
    var noToken = false

    @Option(help: "The ssr-serve executable to start (default: the one running this command).")
    var server: String?

    func run() throws {
      let parts = clients.split(separator: ",", omittingEmptySubsequences: false)
      let counts = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !counts.isEmpty, counts.count == parts.count else {
        throw ValidationError("--clients must be comma-separated numbers, such as 1,8,64")
      }
      let trimmed = duration.hasSuffix("s") ? String(duration.dropLast()) : duration
      guard let seconds = Double(trimmed), seconds > 0 else { throw ValidationError("--duration must be a positive number of seconds, such as 10s") }
      let executable = server ?? ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
      var test = LoadTest(executable: executable, data: data)
      test.host = host
      test.clients = counts
      test.duration = seconds
      test.hostileRequests = hostile
      test.usesToken = !noToken
      do {
        let report = try test.run { line in FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        print(report.markdown(), terminator: "")
        if !report.passed { throw ExitCode(1) }
      } catch let error as LoadTestError {
        FileHandle.standardError.write(Data("ssr-serve load-test: \(error)\n".utf8))
        throw ExitCode(1)
      }
    }
  }
}

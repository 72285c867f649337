import Foundation
import SSRServeLoad
import Testing

/// The bounded load test against a spawned `ssr-serve run` on loopback (no timing assertions).
@Suite(.serialized) struct LoadTests {
  static var executable: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ssr-serve").path
  }
  static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: executable) }

  @Test(.enabled(if: binaryExists, "ssr-serve is not built (swift build --build-tests builds it)"))
  func aShortLoadHasNoErrorsAndEveryHostileRequestGetsA4xx() throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    var test = LoadTest(executable: Self.executable, data: fixture.directory)
    test.clients = [1, 8]
    test.duration = 1
    test.hostileRequests = 1000
    let report = try test.run()
    #expect(report.phases.map(\.clients) == [1, 8])
    for phase in report.phases {
      #expect(phase.requests > 0, "the \(phase.clients)-client phase sent nothing")
      #expect(phase.errors == 0, "\(phase.clients) clients: \(phase.errorKinds)")
      #expect(Set(phase.latencies.keys) == Set(RequestMix.Kind.allCases), "the fixture serves features and a model: every kind is sent")
    }
    #expect(Set(report.hostile.map(\.category)) == Set(HostileCategory.allCases))
    for tally in report.hostile {
      #expect(tally.sent >= 60, "\(tally.category.rawValue): \(tally.sent) sent")
      #expect(tally.clientErrors == tally.sent, "\(tally.category.rawValue): \(tally.statuses) \(tally.examples)")
      #expect(tally.serverErrors == 0 && tally.connectionFailures == 0 && tally.leaks == 0, "\(tally.category.rawValue): \(tally.examples)")
    }
    let huge = try #require(report.hostile.first { $0.category == .hugeBodies })
    #expect(Set(huge.statuses.keys) == [413], "a body over the limit, declared or chunked, is a 413: \(huge.statuses)")
    #expect(report.hostile.reduce(0) { $0 + $1.sent } == 1000)
    #expect(report.serverAlive && report.healthAfter == 200)
    #expect(report.passed, "\(report.markdown())")
    #expect(report.residentAtStart > 0 && report.peakResident >= report.residentAfterHostile)
    #expect(report.markdown().contains("| 8 |"))
  }

  @Test(.enabled(if: binaryExists, "ssr-serve is not built"))
  func withoutATokenTheBadTokenCategoryIsLeftOut() throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    var test = LoadTest(executable: Self.executable, data: fixture.directory)
    test.clients = [2]
    test.duration = 0.3
    test.hostileRequests = 130
    test.usesToken = false
    let report = try test.run()
    #expect(report.passed, "\(report.markdown())")
    #expect(!report.hostile.contains { $0.category == .badTokens })
    #expect(report.hostile.count == HostileCategory.allCases.count - 1)
  }

  /// Runs `ssr-serve ARGUMENTS` and returns its exit status, standard output and standard error.
  private func serve(_ arguments: [String]) throws -> (Int32, String, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.executable)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text, errorText)
  }

  @Test(.enabled(if: binaryExists, "ssr-serve is not built"))
  func theCommandStartsItsSiblingServerAndPrintsTheTables() throws {
    let fixture = try ServerFixture()
    defer { fixture.remove() }
    let (status, text, errors) = try serve(["load-test", "--data", fixture.directory, "--clients", "1,2", "--duration", "0.3s", "--hostile", "140"])
    #expect(status == 0, "\(text)\(errors)")
    #expect(text.contains("| clients | requests | requests/s | p50 ms | p99 ms |"))
    #expect(text.contains("| **all** | 140 | 140 | 0 | 0 | 0 | 0 |"), "\(text)")
    #expect(text.hasSuffix("PASSED\n"))
    #expect(errors.contains("hostile: 140 requests over 14 categories"))
  }

  @Test(.enabled(if: binaryExists, "ssr-serve is not built"))
  func theCommandRefusesANonLoopbackHostAndBadArguments() throws {
    let (status, _, errors) = try serve(["load-test", "--data", "/nonexistent", "--host", "0.0.0.0"])
    #expect(status == 1)
    #expect(errors.contains("loopback only"), "\(errors)")
    let (badClients, _, clientErrors) = try serve(["load-test", "--data", "/nonexistent", "--clients", "1,x"])
    #expect(badClients != 0 && clientErrors.contains("--clients must be comma-separated numbers"), "\(clientErrors)")
    let (badDuration, _, durationErrors) = try serve(["load-test", "--data", "/nonexistent", "--duration", "soon"])
    #expect(badDuration != 0 && durationErrors.contains("--duration must be a positive number"), "\(durationErrors)")
  }

  @Test func onlyLoopbackIsAccepted() {
    var test = LoadTest(executable: Self.executable, data: "/nonexistent")
    test.host = "0.0.0.0"
    #expect(throws: LoadTestError.self) { try test.run() }
    test.host = "10.0.0.1"
    #expect(throws: LoadTestError.self) { try test.run() }
  }

  @Test func aMissingExecutableIsAnErrorThatSaysSo() {
    let test = LoadTest(executable: "/nonexistent/ssr-serve", data: "/nonexistent")
    #expect {
      try test.run()
    } throws: { error in
      (error as? LoadTestError)?.description.contains("no ssr-serve executable") == true
    }
  }
}

import Foundation
import SSRCore
import Testing

@testable import SSRData

/// Downloads from a local `python3 -m http.server`.
@Suite(.enabled(if: LocalHTTPServer.available, LocalHTTPServer.skipMessage))
struct FetchDownloadTests {
  @Test func downloadsVerifiesAndReportsChecksums() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    let ratings = "1 10\n1 11\n2 10\n"
    let meta = "{\"asin\": \"10\"}\n"
    server.serve("ratings.txt", ratings)
    server.serve("meta/items.json", meta)
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "official": true, "url": "\#(server.url("ratings.txt"))", "sha256": "\#(sha256Hex(ratings))" }]"#,
      sideInfo: #"[{ "file": "meta/items.json", "format": "amazon-meta-2018", "url": "\#(server.url("meta/items.json"))" }]"#,
      files: #"[{ "file": "derived/sessions.txt", "note": "made by hand" }]"#)
    var calls: [(Int64, Int64?)] = []
    let report = try localFetcher(manifest, root: root).fetch("toy") { calls.append(($0, $1)) }

    let directory = (root as NSString).appendingPathComponent("toy")
    #expect(report.directory == directory)
    #expect(filesBelow(directory) == ["meta/items.json", "ratings.txt"])
    #expect(fileText(directory + "/ratings.txt") == ratings)
    #expect(fileText(directory + "/meta/items.json") == meta)
    #expect(report.files.map(\.status) == [.downloaded, .downloaded])
    let first = report.files[0]
    #expect(first.verified && first.sha256 == sha256Hex(ratings) && first.bytes == Int64(ratings.utf8.count))
    // No checksum is published for the metadata: the report carries the computed one.
    let second = report.files[1]
    #expect(!second.verified && second.publishedSHA256 == nil && second.sha256 == sha256Hex(meta))
    #expect(report.description.contains("sha256 \(sha256Hex(meta)) (no published checksum)"))
    #expect(calls.last.map { $0.0 == Int64(meta.utf8.count) && $0.1 == Int64(meta.utf8.count) } == true)
    #expect(report.notes == ["not downloadable (no URL in the manifest; derived or partial copies): derived/sessions.txt"])

    // A second fetch finds everything present and downloads nothing.
    let again = try localFetcher(manifest, root: root).fetch("toy")
    #expect(again.files.map(\.status) == [.skipped, .skipped])
  }

  @Test func aWrongChecksumFailsAndLeavesNothing() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    let body = "1 10\n"
    server.serve("ratings.txt", body)
    let wrong = String(repeating: "0", count: 64)
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("ratings.txt"))", "sha256": "\#(wrong)" }]"#)
    let error = dataError { try localFetcher(manifest, root: root).fetch("toy") }
    let destination = root + "/toy/ratings.txt"
    #expect(error == .checksumMismatch(path: destination, expected: wrong, actual: sha256Hex(body)))
    #expect(filesBelow(root).isEmpty)
  }

  @Test func presentFilesAreSkippedUnlessForced() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    server.serve("ratings.txt", "new\n")
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("ratings.txt"))" }]"#)
    let destination = root + "/toy/ratings.txt"
    write("old\n", to: destination)
    let fetcher = localFetcher(manifest, root: root)

    let skipped = try fetcher.fetch("toy")
    #expect(skipped.files.map(\.status) == [.skipped])
    #expect(skipped.files[0].sha256 == nil)
    #expect(fileText(destination) == "old\n")

    let forced = try fetcher.fetch("toy", force: true)
    #expect(forced.files.map(\.status) == [.downloaded])
    #expect(fileText(destination) == "new\n")
    #expect(filesBelow(root) == ["toy/ratings.txt"])
  }

  @Test func anHTTPErrorSaysWhichStatusAndWhatToDo() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    let url = server.url("missing.txt")
    let manifest = try fetchManifest(interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(url)" }]"#)
    let error = try #require(dataError { try localFetcher(manifest, root: root).fetch("toy") })
    let failure: (url: String, reason: String)? = if case let .downloadFailed(url, reason) = error { (url, reason) } else { nil }
    let (failedURL, reason) = try #require(failure, "expected downloadFailed, got \(error)")
    #expect(failedURL == url)
    #expect(reason.contains("HTTP 404 (not found)"))
    #expect(reason.contains("download \(url) by hand into \(root)/toy/ratings.txt"))
    #expect(filesBelow(root).isEmpty)
  }

  @Test func anUnreachableServerGivesTheOfflineMessage() throws {
    let root = temporaryDirectory("fetch-root")
    let port = unusedLoopbackPort()
    let url = "http://127.0.0.1:\(port)/ratings.txt"
    let manifest = try fetchManifest(interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(url)" }]"#)
    let error = try #require(dataError { try localFetcher(manifest, root: root).fetch("toy") })
    let message = error.description
    #expect(message.contains("cannot reach 127.0.0.1:\(port)"))
    #expect(message.contains("you seem to be offline"))
    #expect(message.contains("download \(url) by hand into \(root)/toy/ratings.txt"))
    #expect(filesBelow(root).isEmpty)
  }

  @Test func aMirrorIsUsedWhenThePrimaryFails() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    server.serve("copy/ratings.txt", "1 10\n")
    let mirror = server.url("copy/ratings.txt")
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("gone.txt"))", "mirrors": ["\#(mirror)"] }]"#)
    let report = try localFetcher(manifest, root: root).fetch("toy")
    #expect(report.files.map(\.status) == [.downloaded])
    #expect(report.files[0].source == mirror)
    #expect(fileText(root + "/toy/ratings.txt") == "1 10\n")
  }

  @Test func plainHTTPIsUpgradedToHTTPSWithoutTheTestFlag() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    server.serve("ratings.txt", "1 10\n")
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("ratings.txt"))" }]"#)
    // The production setting never sends a plain-HTTP request: the TLS handshake with the plain
    // server fails, and nothing is written.
    let error = try #require(dataError { try localFetcher(manifest, root: root, insecureLoopback: false).fetch("toy") })
    guard case let .downloadFailed(url, _) = error else {
      Issue.record("expected downloadFailed, got \(error)")
      return
    }
    #expect(url == "https://127.0.0.1:\(server.port)/ratings.txt")
    #expect(filesBelow(root).isEmpty)
  }

  @Test func anInterruptionRemovesThePartialFile() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    server.serve("ratings.txt", String(repeating: "1 10\n", count: 200_000))
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("ratings.txt"))" }]"#)
    var fetcher = localFetcher(manifest, root: root)
    // Stands in for Ctrl-C: "pressed" as soon as the download's part file exists.
    let folder = root + "/toy"
    fetcher.checkpoint = { () throws(Interrupted) in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      if names.contains(where: { $0.contains(PartFile.marker) }) { throw Interrupted() }
    }
    let error = dataError { try fetcher.fetch("toy") }
    #expect(error == .interrupted)
    #expect(filesBelow(root).isEmpty)
  }

  @Test func redirectsAreFollowedOnlyToAllowedURLs() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    server.serve("real.txt", "1 10\n")
    let followed = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("redirect?/real.txt"))" }]"#)
    #expect(try localFetcher(followed, root: root).fetch("toy").files.map(\.status) == [.downloaded])
    #expect(fileText(root + "/toy/ratings.txt") == "1 10\n")

    // Plain HTTP to another host is never followed, even by a test fetcher.
    let other = temporaryDirectory("fetch-root")
    let refused = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("redirect?http://example.invalid/x"))" }]"#)
    let error = dataError { try localFetcher(refused, root: other).fetch("toy") }
    #expect(error?.description.contains("redirected to http://example.invalid/x, which is not HTTPS") == true)
    #expect(filesBelow(other).isEmpty)
  }

  @Test func aSilentServerTimesOut() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    let manifest = try fetchManifest(interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("slow"))" }]"#)
    var fetcher = localFetcher(manifest, root: root)
    fetcher.timeout = 1
    let start = Date()
    let error = dataError { try fetcher.fetch("toy") }
    #expect(error?.description.contains("cannot reach 127.0.0.1:\(server.port): no answer within 1 s") == true)
    #expect(Date().timeIntervalSince(start) < 2.9)
    #expect(filesBelow(root).isEmpty)
  }

  @Test func aSlowButSteadyTransferIsNotCutOff() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    let manifest = try fetchManifest(interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("trickle"))" }]"#)
    var fetcher = localFetcher(manifest, root: root)
    // The timeout counts silence, not the whole transfer (2.4 s here).
    fetcher.timeout = 1
    let report = try fetcher.fetch("toy")
    #expect(report.files.first?.bytes == 80)
  }

  @Test func aTruncatedTransferLeavesNothing() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "ratings.txt", "format": "user-item-pairs", "url": "\#(server.url("truncated"))" }]"#)
    let error = try #require(dataError { try localFetcher(manifest, root: root).fetch("toy") })
    guard case .downloadFailed = error else {
      Issue.record("expected downloadFailed, got \(error)")
      return
    }
    #expect(filesBelow(root).isEmpty)
  }

  @Test func largeFilesArriveIntact() throws {
    let served = temporaryDirectory("fetch-served")
    let root = temporaryDirectory("fetch-root")
    let server = try LocalHTTPServer(directory: served)
    let body = (0..<400_000).map { "\($0 % 997) \($0 % 13)\n" }.joined()
    server.serve("big.txt", body)
    let manifest = try fetchManifest(
      interactions: #"[{ "file": "big.txt", "format": "user-item-pairs", "url": "\#(server.url("big.txt"))", "sha256": "\#(sha256Hex(body))" }]"#)
    var previous: Int64 = -1
    var monotonic = true
    let report = try localFetcher(manifest, root: root).fetch("toy") { received, _ in
      monotonic = monotonic && received > previous
      previous = received
    }
    #expect(report.files.first?.verified == true)
    #expect(report.files.first?.bytes == Int64(body.utf8.count))
    #expect(monotonic && previous == Int64(body.utf8.count))
  }
}

import Dispatch
import Foundation
import SSRCore
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Why a download stopped; the fetcher turns it into a ``DataError`` with the file's context.
enum DownloadFailure: Error, Sendable, Equatable {
  /// No connection: offline, unknown host, refused, timed out, dropped.
  case unreachable(host: String, reason: String)
  /// The TLS handshake or certificate check failed.
  case insecure(host: String, reason: String)
  /// The server answered with a status outside 200–299.
  case http(status: Int, host: String)
  /// A redirect pointed to a URL that is not HTTPS.
  case redirect(to: String)
  /// The bytes do not match the published SHA-256 (the file was not kept).
  case checksum(expected: String, actual: String)
  /// The file could not be written.
  case local(DataError)
  /// Another transfer problem.
  case other(String)
  /// Ctrl-C.
  case interrupted

  /// Whether another URL (a mirror) might succeed where this one failed.
  var worthRetryingElsewhere: Bool {
    switch self {
    case .unreachable, .insecure, .http, .redirect, .other: return true
    case .checksum, .local, .interrupted: return false
    }
  }
}

/// Streams one URL into a file next to its destination with `URLSession`, hashing as it goes, and
/// renames it into place only when it is complete (and matches the expected SHA-256).
///
/// The calling thread waits in 0.1 s steps, calling the checkpoint (Ctrl-C) and the progress
/// callback; the bytes go straight from the network to disk, so memory use does not depend on the
/// file size.
struct HTTPDownload {
  /// Seconds without any data before the transfer is abandoned.
  var timeout: TimeInterval
  /// Which URLs may be followed.
  var policy: DownloadPolicy
  /// Throws when the user pressed Ctrl-C.
  var checkpoint: @Sendable () throws(Interrupted) -> Void

  /// Downloads `url` to `destination`; returns the size and SHA-256 of what was written.
  func run(
    _ url: URL, to destination: String, expectedSHA256: String?, progress: ((Int64, Int64?) -> Void)?
  ) throws(DownloadFailure) -> (bytes: Int64, sha256: String) {
    guard policy.permits(url) else { throw .other("\(url.absoluteString) is not an HTTPS URL; SSR downloads only over HTTPS") }
    let part: PartFile
    do {
      part = try PartFile(destination: destination)
    } catch {
      throw .local(error)
    }
    let delegate = DownloadDelegate(part: part, policy: policy, timeout: timeout)
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = 7 * 24 * 3600
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.urlCache = nil
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    defer { session.finishTasksAndInvalidate() }
    var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
    // The exact bytes are wanted (a `.gz` file must not be unpacked on the way).
    request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
    request.setValue("SSR-dataset-fetcher", forHTTPHeaderField: "User-Agent")
    let task = session.dataTask(with: request)
    task.resume()
    var reported: Int64 = -1
    while true {
      do {
        try checkpoint()
      } catch {
        task.cancel()
        // Delete the part file at once (later data is ignored), then give the cancelled task a
        // moment to end before the session is invalidated.
        let alreadyDone = delegate.status().done
        delegate.abandon()
        if !alreadyDone { _ = delegate.finished.wait(timeout: .now() + .seconds(2)) }
        throw .interrupted
      }
      let status = delegate.status()
      if status.received != reported, let progress {
        progress(status.received, status.expected)
        reported = status.received
      }
      if status.done { break }
      _ = delegate.finished.wait(timeout: .now() + .milliseconds(100))
    }
    return try delegate.finish(expectedSHA256: expectedSHA256)
  }
}

/// Receives the transfer on the session's serial queue and writes it to the part file.
private final class DownloadDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  // All mutable state lives in `state`; the delegate queue and the waiting thread share it.
  private struct State {
    var part: PartFile?
    var received: Int64 = 0
    var expected: Int64?
    var failure: DownloadFailure?
    var done = false
  }

  private let state: Mutex<State>
  private let policy: DownloadPolicy
  private let timeout: TimeInterval
  /// Signalled once when the task completes.
  let finished = DispatchSemaphore(value: 0)

  init(part: sending PartFile, policy: DownloadPolicy, timeout: TimeInterval) {
    state = Mutex(State(part: part))
    self.policy = policy
    self.timeout = timeout
  }

  /// Bytes so far, the announced size, and whether the task has completed.
  func status() -> (received: Int64, expected: Int64?, done: Bool) {
    state.withLock { ($0.received, $0.expected, $0.done) }
  }

  /// Deletes the part file and ignores whatever still arrives.
  func abandon() {
    state.withLock { state in
      state.part?.discard()
      state.part = nil
      if state.failure == nil { state.failure = .interrupted }
    }
  }

  /// After completion: renames the part file into place, or deletes it and throws.
  func finish(expectedSHA256: String?) throws(DownloadFailure) -> (bytes: Int64, sha256: String) {
    let outcome: Result<(Int64, String), DownloadFailure> = state.withLock { state in
      guard let part = state.part else { return .failure(state.failure ?? .interrupted) }
      state.part = nil
      if let failure = state.failure {
        part.discard()
        return .failure(failure)
      }
      if let expected = state.expected, expected != part.bytes {
        part.discard()
        return .failure(.other("the connection ended after \(part.bytes) of \(expected) bytes"))
      }
      let sha = part.sha256()
      if let expectedSHA256, expectedSHA256.lowercased() != sha {
        part.discard()
        return .failure(.checksum(expected: expectedSHA256.lowercased(), actual: sha))
      }
      do throws(DataError) {
        try part.commit()
      } catch {
        return .failure(.local(error))
      }
      return .success((part.bytes, sha))
    }
    return try outcome.get()
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    let code = (response as? HTTPURLResponse)?.statusCode ?? 200
    let host = response.url.map { DownloadPolicy.host(of: $0.absoluteString) } ?? "the server"
    let accepted: Bool = state.withLock { state in
      guard (200..<300).contains(code) else {
        if state.failure == nil { state.failure = .http(status: code, host: host) }
        return false
      }
      state.expected = response.expectedContentLength >= 0 ? response.expectedContentLength : nil
      return true
    }
    completionHandler(accepted ? .allow : .cancel)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    let keepGoing: Bool = state.withLock { state in
      guard let part = state.part, state.failure == nil else { return false }
      do {
        try data.withUnsafeBytes { raw in try part.write(raw) }
      } catch {
        state.failure = .local(error as? DataError ?? .writeFailed(path: part.path, reason: "\(error)"))
        return false
      }
      state.received = part.bytes
      return true
    }
    if !keepGoing { dataTask.cancel() }
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
  ) {
    if let url = request.url, policy.permits(url) {
      completionHandler(request)
    } else {
      state.withLock { state in
        if state.failure == nil { state.failure = .redirect(to: request.url?.absoluteString ?? "an unknown URL") }
      }
      completionHandler(nil)
    }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    let host = task.originalRequest?.url.map { DownloadPolicy.host(of: $0.absoluteString) } ?? "the server"
    state.withLock { state in
      if let error, state.failure == nil { state.failure = DownloadDelegate.failure(error, host: host, timeout: timeout) }
      state.done = true
    }
    finished.signal()
  }

  /// Classifies a transfer error.
  static func failure(_ error: any Error, host: String, timeout: TimeInterval) -> DownloadFailure {
    guard let error = error as? URLError else { return .other("\(error)") }
    switch error.code {
    case .notConnectedToInternet, .dataNotAllowed, .internationalRoamingOff:
      return .unreachable(host: host, reason: "no network connection")
    case .cannotFindHost, .dnsLookupFailed:
      return .unreachable(host: host, reason: "the host name could not be resolved")
    case .cannotConnectToHost:
      return .unreachable(host: host, reason: "the connection was refused or could not be made")
    case .timedOut:
      let seconds = timeout < 1e9 && timeout == timeout.rounded() ? "\(Int(timeout))" : "\(timeout)"
      return .unreachable(host: host, reason: "no answer within \(seconds) s")
    case .networkConnectionLost:
      return .unreachable(host: host, reason: "the connection was lost")
    case .secureConnectionFailed, .serverCertificateHasBadDate, .serverCertificateUntrusted,
      .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
      .clientCertificateRequired:
      return .insecure(host: host, reason: "\(error.localizedDescription) (URLError \(error.code.rawValue))")
    case .cancelled:
      return .interrupted
    default:
      return .other("\(error.localizedDescription) (URLError \(error.code.rawValue))")
    }
  }
}

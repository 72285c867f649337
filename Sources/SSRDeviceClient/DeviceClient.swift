import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The device's HTTP client for `ssr-serve`: GET and POST with the bearer token, one request at a
/// time, returning the body and the server's own time (`Server-Timing: app;dur=`).
public struct DeviceClient: Sendable {
  /// The server's base URL, e.g. `http://127.0.0.1:8080`.
  public let base: URL
  /// The bearer token, if the server wants one.
  public let token: String?
  /// Seconds before a request is given up.
  public var timeout: TimeInterval = 30

  /// A client of the server at `base`.
  public init(base: URL, token: String? = nil) {
    self.base = base
    self.token = token
  }

  /// One answer: its body and the time the server says it spent on it.
  public struct Answer: Sendable {
    /// The response body.
    public var body: Data
    /// The server's time for the request, in milliseconds (0 when it did not say).
    public var serverMilliseconds: Double
  }

  /// `GET path`.
  ///
  /// - Throws: ``DeviceClientError`` for a non-2xx answer (with the server's message) or no answer.
  public func get(_ path: String) throws(DeviceClientError) -> Answer {
    try send(path, method: "GET", body: nil)
  }

  /// `POST path` with a JSON body.
  ///
  /// - Throws: ``DeviceClientError`` for a non-2xx answer (with the server's message) or no answer.
  public func post(_ path: String, json: String) throws(DeviceClientError) -> Answer {
    try send(path, method: "POST", body: Data(json.utf8))
  }

  private func send(_ path: String, method: String, body: Data?) throws(DeviceClientError) -> Answer {
    guard let url = URL(string: base.absoluteString.trimmingCharacters(in: ["/"]) + path) else {
      throw DeviceClientError("cannot form a URL from \(base) and \(path)")
    }
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.timeoutInterval = timeout
    request.httpBody = body
    if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    let exchange = Exchange()
    URLSession.shared.dataTask(with: request) { data, response, error in
      exchange.finish(data: data, response: response as? HTTPURLResponse, error: error)
    }.resume()
    let (data, http, error) = exchange.wait()
    if let error {
      throw DeviceClientError("\(method) \(url): \(error.localizedDescription); is ssr-serve running there?")
    }
    let status = http?.statusCode ?? 0
    guard (200..<300).contains(status) else {
      let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? String ?? "status \(status)"
      throw DeviceClientError("\(method) \(path): \(message)", status: status)
    }
    let timing = (http?.value(forHTTPHeaderField: "Server-Timing")).flatMap { header in
      header.split(separator: ";").first { $0.hasPrefix("dur=") }.flatMap { Double($0.dropFirst(4)) }
    }
    return Answer(body: data, serverMilliseconds: timing ?? 0)
  }
}

/// One request's completion, handed from URLSession's queue to the waiting caller.
private final class Exchange: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var result: (Data, HTTPURLResponse?, Error?) = (Data(), nil, nil)

  func finish(data: Data?, response: HTTPURLResponse?, error: Error?) {
    result = (data ?? Data(), response, error)
    done.signal()
  }

  /// The result, once `finish` has run (the semaphore orders the write before this read).
  func wait() -> (Data, HTTPURLResponse?, Error?) {
    done.wait()
    return result
  }
}

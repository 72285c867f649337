import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A failed request: the server's JSON error message, or why the server could not be reached.
struct DeviceClientError: Error {
  var message: String
  var status: Int = 0
}

/// The device's HTTP client: GET and POST with the bearer token, returning the body and the
/// server's own time (`Server-Timing: app;dur=`).
struct DeviceClient {
  let base: URL
  let token: String?

  func get(_ path: String) async throws -> (body: Data, serverMilliseconds: Double) {
    try await send(path, method: "GET", body: nil)
  }

  func post(_ path: String, body: String) async throws -> (body: Data, serverMilliseconds: Double) {
    try await send(path, method: "POST", body: Data(body.utf8))
  }

  private func send(_ path: String, method: String, body: Data?) async throws -> (body: Data, serverMilliseconds: Double) {
    guard let url = URL(string: base.absoluteString.trimmingCharacters(in: ["/"]) + path) else {
      throw DeviceClientError(message: "cannot form a URL from \(base) and \(path)")
    }
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.timeoutInterval = 30
    request.httpBody = body
    if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    let data: Data, response: URLResponse
    do {
      (data, response) = try await URLSession.shared.data(for: request)
    } catch {
      throw DeviceClientError(message: "\(method) \(url): \(error.localizedDescription); is ssr-serve running there?")
    }
    let http = response as? HTTPURLResponse
    let status = http?.statusCode ?? 0
    guard (200..<300).contains(status) else {
      let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? String ?? "status \(status)"
      throw DeviceClientError(message: "\(method) \(path): \(message)", status: status)
    }
    let timing = (http?.value(forHTTPHeaderField: "Server-Timing")).flatMap { header in
      header.split(separator: ";").first { $0.hasPrefix("dur=") }.flatMap { Double($0.dropFirst(4)) }
    }
    return (data, timing ?? 0)
  }
}

/// Resident set size of this process in bytes (Linux `/proc/self/statm`; 0 elsewhere).
func residentBytes() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
  let fields = text.split(separator: " ")
  guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
  return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Resets the kernel's peak resident size of this process (Linux: `clear_refs` 5).
func resetPeakResident() {
  if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
    handle.write(Data("5".utf8))
    try? handle.close()
  }
}

/// The peak resident size since the last reset (`VmHWM`), in bytes.
func peakResidentBytes() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
  else { return 0 }
  return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
}

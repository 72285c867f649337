import Foundation

#if canImport(Glibc)
  import Glibc

  private func openStreamSocket() -> Int32 { Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0) }
  private func closeSocket(_ fd: Int32) { _ = Glibc.close(fd) }
  private func sendBytes(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL)) }
#elseif canImport(Darwin)
  import Darwin

  private func openStreamSocket() -> Int32 {
    let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
    var one: Int32 = 1
    if fd >= 0 { setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size)) }
    return fd
  }
  private func closeSocket(_ fd: Int32) { _ = Darwin.close(fd) }
  private func sendBytes(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Darwin.send(fd, bytes, count, 0) }
#endif

/// What a load-test request got back: the status and the body (headers are read and dropped).
public struct HTTPAnswer: Sendable {
  /// The HTTP status code.
  public var status: Int
  /// The body, de-chunked.
  public var body: [UInt8]
}

/// Why a request got no HTTP answer.
public struct ConnectionFailure: Error, CustomStringConvertible, Sendable {
  /// What went wrong (connect, send, receive, timeout, a malformed answer).
  public var description: String
}

/// One blocking HTTP/1.1 connection to a loopback port, written byte for byte by the caller (so
/// that malformed requests go out as written: no client library normalises `..` or encodings).
///
/// Keeps the connection open between requests unless the server closes it or says
/// `Connection: close`; reconnects on the next request.
final class HTTPConnection {
  private let port: UInt16
  private let timeoutSeconds: Int
  private var socket: Int32 = -1
  private var buffer: [UInt8] = []
  private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

  /// A connection to 127.0.0.1:`port` (opened by the first request); `timeout` bounds each send and receive.
  init(port: Int, timeout: Int = 10) {
    self.port = UInt16(port)
    self.timeoutSeconds = timeout
  }

  deinit { close() }

  /// Closes the socket (the next request opens a new one).
  func close() {
    if socket >= 0 { closeSocket(socket) }
    socket = -1
    buffer.removeAll(keepingCapacity: true)
  }

  private func open() throws(ConnectionFailure) {
    let fd = openStreamSocket()
    guard fd >= 0 else { throw ConnectionFailure(description: "socket: \(String(cString: strerror(errno)))") }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1: the only address this client reaches
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard result == 0 else {
      let message = String(cString: strerror(errno))
      closeSocket(fd)
      throw ConnectionFailure(description: "connect to 127.0.0.1:\(port): \(message)")
    }
    socket = fd
  }

  /// Sends `request` (complete HTTP/1.1 bytes) and reads one answer.
  ///
  /// A reused connection that the server had closed (nothing came back at all) is reopened and the
  /// request sent once more, as HTTP clients do; every other failure is thrown. With `halfClose`,
  /// the sending side is shut after the request (the server sees the stream end there).
  func send(_ request: [UInt8], halfClose: Bool = false) throws(ConnectionFailure) -> HTTPAnswer {
    let reused = socket >= 0
    do {
      return try attempt(request, halfClose: halfClose)
    } catch let failure {
      close()
      guard reused, failure.description.hasPrefix("closed before") || failure.description.hasPrefix("send") else { throw failure }
      do {
        return try attempt(request, halfClose: halfClose)
      } catch {
        close()
        throw error
      }
    }
  }

  private func attempt(_ request: [UInt8], halfClose: Bool) throws(ConnectionFailure) -> HTTPAnswer {
    if socket < 0 { try open() }
    try write(request)
    if halfClose { shutdown(socket, Int32(SHUT_WR)) }
    let (status, headers, headerEnd) = try readHead()
    buffer.removeFirst(headerEnd)
    let body: [UInt8]
    if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
      body = try readChunked()
    } else if let length = headers["content-length"].flatMap({ Int($0) }) {
      try fill(to: length)
      body = Array(buffer[0..<length])
      buffer.removeFirst(length)
    } else {
      while try receive() {}
      body = buffer
      buffer.removeAll(keepingCapacity: true)
      close()
    }
    if headers["connection"]?.lowercased() == "close" { close() }
    return HTTPAnswer(status: status, body: body)
  }

  private func write(_ bytes: [UInt8]) throws(ConnectionFailure) {
    var sent = 0
    while sent < bytes.count {
      let n = bytes.withUnsafeBytes { sendBytes(socket, $0.baseAddress! + sent, bytes.count - sent) }
      guard n > 0 else {
        // The server may answer (413) and stop reading before a large body is sent: read its answer anyway.
        if errno == EPIPE || errno == ECONNRESET, sent > 0 { return }
        throw ConnectionFailure(description: "send: \(String(cString: strerror(errno)))")
      }
      sent += n
    }
  }

  /// Reads more bytes into the buffer; false at the end of the stream.
  private func receive() throws(ConnectionFailure) -> Bool {
    let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
    if n > 0 {
      buffer.append(contentsOf: chunk[0..<n])
      return true
    }
    if n == 0 { return false }
    if errno == EAGAIN || errno == EWOULDBLOCK { throw ConnectionFailure(description: "timeout after \(timeoutSeconds) s waiting for the answer") }
    throw ConnectionFailure(description: "receive: \(String(cString: strerror(errno)))")
  }

  private func fill(to count: Int) throws(ConnectionFailure) {
    while buffer.count < count {
      guard try receive() else { throw ConnectionFailure(description: "closed in the middle of the answer") }
    }
  }

  private func readHead() throws(ConnectionFailure) -> (Int, [String: String], Int) {
    var searched = 0
    while true {
      if let end = Self.find([13, 10, 13, 10], in: buffer, from: max(0, searched - 3)) {
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
          throw ConnectionFailure(description: "malformed status line \"\(lines[0].prefix(60))\"")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
          guard let colon = line.firstIndex(of: ":") else { continue }
          headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers, end + 4)
      }
      searched = buffer.count
      guard buffer.count < 1 << 20 else { throw ConnectionFailure(description: "answer headers longer than 1 MiB") }
      guard try receive() else {
        throw ConnectionFailure(description: buffer.isEmpty ? "closed before answering" : "closed in the middle of the answer's headers")
      }
    }
  }

  private func readChunked() throws(ConnectionFailure) -> [UInt8] {
    var body: [UInt8] = []
    while true {
      var lineEnd = Self.find([13, 10], in: buffer, from: 0)
      while lineEnd == nil {
        guard try receive() else { throw ConnectionFailure(description: "closed in the middle of a chunked answer") }
        lineEnd = Self.find([13, 10], in: buffer, from: 0)
      }
      let sizeText = String(decoding: buffer[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
      guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
        throw ConnectionFailure(description: "malformed chunk size \"\(sizeText.prefix(20))\"")
      }
      buffer.removeFirst(lineEnd! + 2)
      try fill(to: size + 2)
      body.append(contentsOf: buffer[0..<size])
      buffer.removeFirst(size + 2)
      if size == 0 { return body }  // (trailers are not sent by this server)
    }
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
    var i = start
    while i <= haystack.count - needle.count {
      if haystack[i] == needle[0] && (1..<needle.count).allSatisfy({ haystack[i + $0] == needle[$0] }) { return i }
      i += 1
    }
    return nil
  }
}

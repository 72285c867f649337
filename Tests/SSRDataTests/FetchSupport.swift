#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import SSRCore
import Testing

@testable import SSRData

/// Python's `http.server` on 127.0.0.1 (a port the system picks), serving one folder, plus three
/// test paths: `/redirect?<url>` answers 302 to `<url>`, `/slow` answers after 3 s, `/trickle`
/// sends 80 bytes in 10-byte pieces 0.3 s apart, and `/truncated` announces 1000 bytes but sends
/// 10 and closes.
final class LocalHTTPServer {
  static let script = """
    import functools, http.server, sys, time
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            if self.path.startswith("/redirect?"):
                self.send_response(302)
                self.send_header("Location", self.path[len("/redirect?"):])
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/slow":
                time.sleep(3)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            elif self.path == "/trickle":
                self.send_response(200)
                self.send_header("Content-Length", "80")
                self.end_headers()
                for _ in range(8):
                    self.wfile.write(b"0123456789")
                    self.wfile.flush()
                    time.sleep(0.3)
            elif self.path == "/truncated":
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self.wfile.write(b"0123456789")
                self.wfile.flush()
                self.close_connection = True
            else:
                super().do_GET()
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=sys.argv[1]))
    print("Serving HTTP on 127.0.0.1 port %d ." % server.server_address[1], flush=True)
    server.serve_forever()
    """

  /// The `python3` on `PATH`, if any.
  static let python: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = (String(folder) as NSString).appendingPathComponent("python3")
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  static var available: Bool { python != nil }
  static let skipMessage: Comment = "python3 not found on PATH; the fetch tests need it for a local HTTP server"

  let process = Process()
  let port: Int
  let directory: String

  /// Starts the server; waits until it prints its port.
  init(directory: String) throws {
    self.directory = directory
    guard let python = LocalHTTPServer.python else { throw ServerError.noPython }
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-u", "-c", LocalHTTPServer.script, directory]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var text = ""
    var found: Int?
    while found == nil {
      let data = output.fileHandleForReading.availableData
      if data.isEmpty { break }
      text += String(decoding: data, as: UTF8.self)
      // "Serving HTTP on 127.0.0.1 port 35703 ."
      if let range = text.range(of: " port ") {
        let digits = text[range.upperBound...].prefix(while: \.isNumber)
        if !digits.isEmpty, text[range.upperBound...].count > digits.count { found = Int(digits) }
      }
    }
    guard let found else {
      kill(process.processIdentifier, SIGKILL)
      throw ServerError.noPort(text)
    }
    port = found
  }

  deinit {
    stop()
  }

  /// Ends the server. SIGKILL, because a child started from a test thread may inherit a signal
  /// mask that blocks SIGTERM.
  func stop() {
    guard process.isRunning else { return }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  /// `http://127.0.0.1:<port>/<name>`.
  func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

  /// Writes a file to serve.
  @discardableResult
  func serve(_ name: String, _ text: String) -> Data {
    let data = Data(text.utf8)
    let path = (directory as NSString).appendingPathComponent(name)
    try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try! data.write(to: URL(fileURLWithPath: path))
    return data
  }

  enum ServerError: Error {
    case noPython
    case noPort(String)
  }
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound once by the system, then released).
func unusedLoopbackPort() -> Int {
  #if canImport(Glibc)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
  #endif
  precondition(descriptor >= 0, "socket() failed")
  defer { close(descriptor) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = 0
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
  }
  precondition(bound == 0, "bind() failed")
  let named = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
  }
  precondition(named == 0, "getsockname() failed")
  return Int(UInt16(bigEndian: address.sin_port))
}

/// Writes a zip archive with Python's `zipfile` (an independent implementation of the format).
func makeZip(at path: String, entries: [(name: String, text: String)], deflate: Bool = true) throws {
  guard let python = LocalHTTPServer.python else { throw LocalHTTPServer.ServerError.noPython }
  try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  let script = """
    import json, sys, zipfile
    entries = json.loads(sys.argv[2])
    method = zipfile.ZIP_DEFLATED if sys.argv[3] == "1" else zipfile.ZIP_STORED
    with zipfile.ZipFile(sys.argv[1], "w", method) as archive:
        for name, text in entries:
            archive.writestr(name, text)
    """
  let json = try JSONSerialization.data(withJSONObject: entries.map { [$0.name, $0.text] })
  let process = Process()
  process.executableURL = URL(fileURLWithPath: python)
  process.arguments = ["-c", script, path, String(decoding: json, as: UTF8.self), deflate ? "1" : "0"]
  try process.run()
  process.waitUntilExit()
  #expect(process.terminationStatus == 0, "python zipfile failed")
}

/// The SHA-256 (hex) of a string's UTF-8 bytes.
func sha256Hex(_ text: String) -> String {
  var hasher = SHA256()
  hasher.update(text)
  return hasher.finalize().hexString
}

/// A one-dataset manifest named `toy` whose JSON for `interactions`, `sideInfo`, `files` and
/// `archive` is given as is.
func fetchManifest(
  interactions: String, sideInfo: String = "[]", files: String = "[]", archive: String? = nil, manualDownload: String? = nil,
  homepage: String = "https://example.org/toy"
) throws -> DatasetManifest {
  let json = """
    {
      "manifest": "ssr-datasets", "version": 1, "formats": {},
      "defaults": { "feedback": "implicit", "deduplicate": "first", "kcore": 5, "maxLen": 20, "split": { "method": "timeRatio", "test": 0.2 } },
      "datasets": [ {
        "name": "toy", "title": "Toy", "directory": "toy", "publisher": "tests", "homepage": "\(homepage)",
        "citation": "none", "license": "none",
        \(manualDownload.map { "\"manualDownload\": \"\($0)\"," } ?? "")
        \(archive.map { "\"archive\": \($0)," } ?? "")
        "interactions": \(interactions), "sideInfo": \(sideInfo), "files": \(files),
        "preprocessing": { "feedback": "implicit", "deduplicate": "first", "kcore": 5, "maxLen": 20, "split": { "method": "timeRatio", "test": 0.2 } }
      } ]
    }
    """
  return try DatasetManifest.parse(Data(json.utf8), path: "toy.manifest")
}

/// A fetcher for tests: plain HTTP to 127.0.0.1 allowed, short timeout, roots in a temp folder.
func localFetcher(_ manifest: DatasetManifest, root: String, insecureLoopback: Bool = true) -> DatasetFetcher {
  DatasetFetcher(
    manifest: manifest, locator: DataLocator(roots: [DataRoot(path: root, origin: "test")]), timeout: 10,
    allowInsecureLoopback: insecureLoopback)
}

/// Every file below `folder` (relative paths, hidden ones included), sorted.
func filesBelow(_ folder: String) -> [String] {
  guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
  var files: [String] = []
  while let next = enumerator.nextObject() as? String {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(next), isDirectory: &isDirectory),
      !isDirectory.boolValue
    {
      files.append(next)
    }
  }
  return files.sorted()
}

func fileText(_ path: String) -> String? {
  FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

import Foundation

/// `directory/name`.
func join(_ directory: String, _ name: String) -> String {
  URL(fileURLWithPath: directory).appendingPathComponent(name).path
}

/// Reads a JSON object from `path`.
///
/// - Throws: ``TextEncoderError/unreadableFile(path:reason:)``.
func readJSONObject(_ path: String) throws(TextEncoderError) -> [String: Any] {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw .unreadableFile(path: path, reason: "the file cannot be opened")
  }
  guard let json = try? JSONSerialization.jsonObject(with: data), let object = json as? [String: Any] else {
    throw .unreadableFile(path: path, reason: "the file is not a JSON object")
  }
  return object
}

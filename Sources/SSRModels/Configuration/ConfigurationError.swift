/// A model, spiking or training setting outside its valid range.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The setting, by the name users give it (`embeddingSize`, `T`, `epochs`…).
  public var field: String
  /// What is wrong, e.g. "must be 1...4096, got 0".
  public var message: String

  /// Creates an error about `field`.
  public init(field: String, message: String) {
    self.field = field
    self.message = message
  }

  /// `field message`, e.g. "embeddingSize must be 1...4096, got 0".
  public var description: String { "\(field) \(message)" }

  /// Throws an error about `field` unless `condition` holds.
  public static func require(_ condition: Bool, _ field: String, _ message: @autoclosure () -> String) throws(ConfigurationError) {
    if !condition { throw ConfigurationError(field: field, message: message()) }
  }
}

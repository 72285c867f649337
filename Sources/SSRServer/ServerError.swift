/// Why the item database cannot be built or opened.
public struct ServerSetupError: Error, Sendable, CustomStringConvertible {
  /// What happened, where, and what to do.
  public var description: String

  /// An error with a message.
  public init(_ description: String) { self.description = description }
}

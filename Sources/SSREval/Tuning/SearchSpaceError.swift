/// A search space that cannot be sampled, with what is wrong and how to fix it.
public struct SearchSpaceError: Error, Sendable, CustomStringConvertible, Equatable {
  /// The parameter the problem is about (empty for the whole space).
  public var parameter: String
  /// What is wrong and what to do, for the user.
  public var message: String

  /// Creates an error about `parameter`.
  public init(parameter: String, _ message: String) {
    self.parameter = parameter
    self.message = message
  }

  /// `parameter: message`, or the message alone for the whole space.
  public var description: String { parameter.isEmpty ? message : "\(parameter): \(message)" }
}

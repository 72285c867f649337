/// A failed exchange with the item server: its JSON error message, or why it could not be reached
/// or started.
public struct DeviceClientError: Error, CustomStringConvertible, Sendable {
  /// What went wrong, where, and what to do.
  public var message: String
  /// The HTTP status of the answer (0 when there was none).
  public var status: Int

  /// An error with `message` and the answer's `status`.
  public init(_ message: String, status: Int = 0) {
    self.message = message
    self.status = status
  }

  public var description: String { message }
}

/// What went wrong with the run registry, with what to do about it.
public struct RunRegistryError: Error, Sendable, CustomStringConvertible {
  /// What kind of problem it is.
  public enum Kind: Sendable, Equatable {
    /// The file cannot be created or opened (a missing folder, no permission).
    case cannotOpen
    /// The file is not a SQLite database, or is damaged.
    case notADatabase
    /// Another process held the database locked for longer than the timeout.
    case locked
    /// The database was written by a newer SSR (an unknown schema migration).
    case newerSchema
    /// A study with this name exists with other settings.
    case studyMismatch
    /// A study is being run by another live process.
    case studyBusy
    /// Any other SQLite error.
    case database
  }

  /// What kind of problem it is.
  public let kind: Kind
  /// The message: what happened, where, and what to do.
  public let message: String

  /// An error of `kind`.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// The message.
  public var description: String { message }
}

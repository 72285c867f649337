/// A value of a library type (a plot, a table, later datasets and models) living in a notebook.
///
/// The core requirement is small; members and equality have defaults.
public protocol NotebookObject: AnyObject {
  /// The type name shown in messages, `:who` and `help` (e.g. `Plot`).
  var typeName: String { get }
  /// Renders the object as text in the given style.
  func render(style: RenderStyle) -> String
  /// The names of the members that `object.name` can read (for completion and suggestions).
  var memberNames: [String] { get }
  /// Reads a member, or nil when there is none by that name.
  func member(_ name: String) throws(BuiltinError) -> Value?
  /// Value equality with another object (identity by default).
  func isEqual(to other: any NotebookObject) -> Bool
}

extension NotebookObject {
  /// No members by default.
  public var memberNames: [String] { [] }
  /// No members by default.
  public func member(_ name: String) throws(BuiltinError) -> Value? { nil }
  /// Identity by default.
  public func isEqual(to other: any NotebookObject) -> Bool { self === other }
}

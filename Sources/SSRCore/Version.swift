/// The version of the SSR toolkit.
public enum SSRVersion {
  /// Semantic version of this build.
  public static let current = "0.1.0"
}

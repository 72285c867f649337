#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns Ctrl-C (SIGINT) into a cooperative ``Cancellation`` request.
public enum Interrupts {
  /// Installs the SIGINT handler. A second Ctrl-C while a request is still pending (the running
  /// code did not reach a checkpoint) restores the default action, so a third one ends the process.
  public static func install() {
    signal(SIGINT) { _ in
      if Cancellation.isRequested {
        signal(SIGINT, SIG_DFL)
      }
      Cancellation.request()
    }
  }
}

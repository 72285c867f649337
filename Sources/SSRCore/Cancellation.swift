import Synchronization

/// Cooperative cancellation shared by the REPL, the notebook runner and long-running library code.
///
/// The REPL installs a SIGINT handler that calls ``Cancellation/request()``; loops that may run
/// for a long time (training epochs, batches, interpreter iterations, file readers) call
/// ``Cancellation/checkpoint()`` regularly, which throws ``Interrupted`` once a request is pending.
/// The flag is a process-wide atomic, so it is safe to set from a signal handler.
public enum Cancellation {
  private static let flag = Atomic<Bool>(false)
  private static let busy = Atomic<Bool>(false)

  /// Whether a computation that checks for cancellation is running (set by the REPL and
  /// `ssr-run` around evaluation; idle at a prompt).
  public static var isBusy: Bool {
    get { busy.load(ordering: .relaxed) }
    set { busy.store(newValue, ordering: .relaxed) }
  }

  /// Asks the running computation to stop at its next checkpoint. Async-signal-safe.
  public static func request() {
    flag.store(true, ordering: .relaxed)
  }

  /// Whether a stop has been requested and not yet consumed.
  public static var isRequested: Bool {
    flag.load(ordering: .relaxed)
  }

  /// Clears a pending request (call before starting a new cell or command).
  public static func reset() {
    flag.store(false, ordering: .relaxed)
  }

  /// Throws ``Interrupted`` if a stop was requested, consuming the request.
  public static func checkpoint() throws(Interrupted) {
    if flag.load(ordering: .relaxed), flag.exchange(false, ordering: .relaxed) {
      throw Interrupted()
    }
  }
}

/// Thrown by ``Cancellation/checkpoint()`` when the user interrupted the computation (Ctrl-C).
public struct Interrupted: Error, CustomStringConvertible, Sendable {
  /// Creates the error.
  public init() {}
  /// A one-line message for the user.
  public var description: String { "interrupted" }
}

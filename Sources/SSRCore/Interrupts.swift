#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns Ctrl-C (SIGINT) into a cooperative ``Cancellation`` request.
public enum Interrupts {
  /// Installs the SIGINT handler. While a computation runs (``Cancellation/isBusy``), a second
  /// Ctrl-C before the running code reached a checkpoint restores the default action, so a third
  /// one ends the process; at an idle prompt Ctrl-C never ends the process.
  ///
  /// SIGINT is also unblocked in the calling thread: a process started by a parent that blocks
  /// signals (test runners, some schedulers) inherits the blocked mask and would never see it.
  public static func install() {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    signal(SIGINT) { _ in
      if Cancellation.isBusy && Cancellation.isRequested {
        signal(SIGINT, SIG_DFL)
      }
      Cancellation.request()
    }
  }
}

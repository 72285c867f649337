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
  /// SIGINT and SIGTERM are also unblocked in the calling thread: a process started by a parent
  /// that blocks signals (test runners, some schedulers) inherits the blocked mask and would
  /// never see them. SIGTERM keeps its default action (the process ends; the output of finished
  /// cells has been flushed).
  ///
  /// While a computation runs on a terminal, the handler ends the line the terminal's `^C` echo
  /// was written on, so the message that follows starts on a line of its own.
  public static func install() {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    signal(SIGINT) { _ in
      if Cancellation.isBusy {
        if Cancellation.isRequested { signal(SIGINT, SIG_DFL) }
        if isatty(STDERR_FILENO) == 1 { _ = write(STDERR_FILENO, "\n", 1) }  // async-signal-safe
      }
      Cancellation.request()
    }
  }
}

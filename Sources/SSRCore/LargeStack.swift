import Foundation

/// Runs work on a thread with a large stack.
///
/// The interpreter and parser recurse over expression trees; their depth is bounded, but a
/// generous stack keeps even debug builds far from the limit whatever the user types.
public enum LargeStack {
  /// The stack size of the worker thread: 512 MiB of address space (pages are committed lazily).
  public static let size = 512 << 20

  /// Runs `body` on a fresh thread with a large stack and waits for it to finish.
  public static func run(_ body: @escaping () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let box = UncheckedBox(body)
    let thread = Thread {
      box.value()
      done.signal()
    }
    thread.stackSize = size
    thread.start()
    done.wait()
  }
}

/// Moves a non-Sendable closure to the worker thread; `LargeStack.run` waits for it, so the
/// closure is never used by two threads at once.
private final class UncheckedBox: @unchecked Sendable {
  let value: () -> Void
  init(_ value: @escaping () -> Void) { self.value = value }
}

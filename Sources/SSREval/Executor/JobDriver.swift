import Foundation
import SSRCore

/// Runs the tasks of a job directory through an executor: starts them (at most ``limit`` at a
/// time), watches the results folder, and hands every result to one function as it arrives.
///
/// Tasks that already have a result in the directory are not run again: a driver started again
/// over the same directory (a rerun of the cell, after a crash or a Ctrl-C) continues the job.
public final class JobDriver {
  /// The job directory.
  public let directory: JobDirectory
  /// Where tasks run.
  public let executor: any PointExecutor
  /// At most this many tasks in flight (and at most the executor's capacity).
  public let limit: Int
  /// Seconds between polls.
  public let pollSeconds: Double
  /// Receives a progress line whenever the counts change.
  public let progress: (String) -> Void

  /// A driver of `executor` over `directory`.
  public init(
    directory: JobDirectory, executor: any PointExecutor, limit: Int = .max, pollSeconds: Double = 0.2,
    progress: @escaping (String) -> Void = { _ in }
  ) {
    self.directory = directory
    self.executor = executor
    self.limit = max(1, min(limit, executor.capacity))
    self.pollSeconds = pollSeconds
    self.progress = progress
  }

  /// How a run of the driver ended.
  public enum Outcome: Sendable, Equatable {
    /// Every task has a result.
    case finished
    /// Ctrl-C: the message says what happened to the running tasks.
    case interrupted(String)
  }

  /// Runs `tasks` (whose descriptions are in the directory) and every task `receive` adds.
  ///
  /// - Parameters:
  ///   - total: the number of tasks the job will have, for progress (nil: unknown).
  ///   - receive: called once per task, in arrival order, with its result: read from the
  ///     directory, or made here (a failed result naming the log) when a task ended without
  ///     writing one. It returns tasks to start next (a study's new trials), whose descriptions it
  ///     has written. This is the one place where results arrive.
  public func run(_ tasks: [Int], total: Int? = nil, receive: (PointResult) throws -> [Int]) throws -> Outcome {
    var queue = tasks
    var inFlight = Set<Int>()
    var done = 0, failed = 0, reused = 0
    var lastLine = ""
    func deliver(_ result: PointResult) throws {
      done += 1
      if result.state == .failed { failed += 1 }
      queue += try receive(result)
    }
    func report() {
      let count = total.map { "\(done)/\($0)" } ?? "\(done)"
      var line = "\(count) done"
      if !inFlight.isEmpty { line += ", \(inFlight.count) running or queued" }
      if !queue.isEmpty { line += ", \(queue.count) waiting" }
      if failed > 0 { line += ", \(failed) failed" }
      if reused > 0 { line += " (\(reused) from an earlier run)" }
      line += " — \(executor.label)"
      if line != lastLine { progress(line) }
      lastLine = line
    }
    while true {
      // Results that exist already (an earlier run of this job) are reused, not run again.
      var index = 0
      while index < queue.count {
        if let result = directory.result(queue[index]) {
          queue.remove(at: index)
          reused += 1
          try deliver(result)
        } else {
          index += 1
        }
      }
      if queue.isEmpty && inFlight.isEmpty { break }
      let free = limit - inFlight.count
      if free > 0 && !queue.isEmpty {
        let starting = Array(queue.prefix(free))
        queue.removeFirst(starting.count)
        try executor.start(starting)
        inFlight.formUnion(starting)
      }
      report()
      Thread.sleep(forTimeInterval: pollSeconds)
      if Cancellation.isRequested {
        return .interrupted(executor.stop())
      }
      for task in inFlight.sorted() {
        guard let result = directory.result(task) else { continue }
        inFlight.remove(task)
        try deliver(result)
      }
      for (task, how) in try executor.ended().sorted(by: { $0.key < $1.key }) where inFlight.contains(task) {
        inFlight.remove(task)
        if let result = directory.result(task) {
          try deliver(result)
          continue
        }
        try deliver(lost(task, how: how))
      }
    }
    report()
    return .finished
  }

  /// A failed result for a task that ended without writing one (not stored: a rerun tries again).
  private func lost(_ task: Int, how: String) throws -> PointResult {
    let point = try directory.point(task)
    let fingerprint = (try? directory.readManifest().dataset.fingerprint) ?? ""
    var result = PointResult(point: point, fingerprint: fingerprint, state: .failed)
    let tail = directory.logTail(task).map { "; its log ends: \($0.replacingOccurrences(of: "\n", with: " | "))" } ?? ""
    result.error = "the worker of task \(task) \(how) without a result\(tail)"
    return result
  }
}

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive lock on one study, so that one process at a time runs it: an advisory `flock` on
/// a small file beside the database, which the system releases when the process ends, however it
/// ends. A second lock on the same study, from this process or another, fails at once.
public final class StudyLock: Sendable {
  /// The lock file.
  public let path: String
  private let descriptor: Int32

  /// Takes the lock on `path`, creating the file and its folder.
  ///
  /// - Throws: ``RunRegistryError/Kind/studyBusy`` when the lock is held;
  ///   ``RunRegistryError/Kind/cannotOpen`` when the file cannot be created.
  init(path: String, studyName: String) throws(RunRegistryError) {
    self.path = path
    let folder = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw RunRegistryError(
        .cannotOpen, "cannot create the lock file \(path) of study \"\(studyName)\": \(String(cString: strerror(errno)))")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw RunRegistryError(
        .studyBusy,
        "study \"\(studyName)\" is being run by another process (or another cell of this session); "
          + "wait for it to finish or stop it, or give this study another name")
    }
    descriptor = fd
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}

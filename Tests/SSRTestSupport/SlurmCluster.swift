import Foundation

/// The Slurm cluster of this machine, for tests that submit jobs (`scripts/start-slurm.sh`
/// starts a one-node cluster; CI does so before the tests).
public enum SlurmCluster {
  /// Whether `sinfo` lists a node that takes jobs (idle or partly busy).
  public static var isReady: Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sinfo", "-h", "-o", "%t"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return process.terminationStatus == 0 && output.split(separator: "\n").contains { $0 == "idle" || $0 == "mix" }
  }
}

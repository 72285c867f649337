// swift-tools-version:6.0
import Foundation
import PackageDescription

/// On x86-64, the numeric layers are compiled for x86-64-v3 (AVX2 and FMA: Intel since Haswell,
/// AMD since Excavator/Zen) when the building machine has those instructions, which makes their
/// vector loops (elementwise ops, LIF neurons, layer norm, Adam) about twice as wide. The
/// executables check the CPU at load time and stop with a message on a CPU without them (a binary
/// copied elsewhere). `SSR_PORTABLE=1` builds for the x86-64 baseline instead.
let buildsForAVX2: Bool = {
  #if arch(x86_64)
    if Context.environment["SSR_PORTABLE"].map({ !$0.isEmpty && $0 != "0" }) ?? false { return false }
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let flags = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return false }
    // The features LLVM's "haswell" CPU enables (x86-64-v3), as Linux names them.
    let present = Set(flags.split(separator: " ").map(String.init))
    return ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm"].allSatisfy(present.contains)  // abm: LZCNT
  #else
    return false
  #endif
}()

/// `-O` even in debug builds (see the numeric targets below), plus the CPU level chosen above.
let numericFlags: [SwiftSetting] = [.unsafeFlags(["-O"] + (buildsForAVX2 ? ["-target-cpu", "haswell"] : []))]
let vectorFlags: [SwiftSetting] = buildsForAVX2 ? [.unsafeFlags(["-target-cpu", "haswell"])] : []

// Debian 12: apt-get install -y libedit-dev libopenblas-dev zlib1g-dev libjpeg62-turbo-dev libpng-dev libsqlite3-dev pkg-config
let package = Package(
  name: "SSR",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "SSRLib", targets: ["SSRLib"]),
    .executable(name: "ssr-run", targets: ["SSRRun"]),
    .executable(name: "ssr-repl", targets: ["SSRRepl"]),
    .executable(name: "ssr-bench", targets: ["SSRBench"]),
    .executable(name: "ssr-serve", targets: ["SSRServe"]),
    .executable(name: "ssr-device", targets: ["SSRDeviceTool"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    // The item server (ssr-serve): HTTP, bearer tokens, SQLite, logs, metrics, graceful shutdown.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
  ],
  targets: [
    // MARK: - C libraries (Debian -dev packages, found through pkg-config)
    .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CLibJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
    .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    // JPEG and PNG decoding whose errors return instead of exiting (libjpeg's default handler calls exit()).
    .target(name: "CImageCodecs", dependencies: ["CLibJPEG", "CLibPNG"]),
    // Picks OpenBLAS's fastest kernel at load time when the CPU is misdetected (see SSRTensor/BLAS.swift).
    .target(
      name: "CBLASCoreSelect", dependencies: ["COpenBLAS"],
      cSettings: buildsForAVX2 ? [.define("SSR_REQUIRE_AVX2_FMA")] : []),

    // MARK: - Library layers (a lower layer never imports a higher one)
    .target(name: "SSRCore"),
    // The numeric layers are compiled with optimisation even in debug builds: their kernels are
    // loops over buffers that run 10-30x slower unoptimised, which would make the model tests
    // (which train small models) take many minutes.
    .target(
      name: "SSRTensor", dependencies: ["SSRCore", "COpenBLAS", "CBLASCoreSelect"], swiftSettings: numericFlags),
    .target(name: "SSRNN", dependencies: ["SSRTensor"], swiftSettings: numericFlags),
    .target(name: "SSRData", dependencies: ["SSRCore", "CZlib"]),
    // The run registry: runs and studies in SQLite (plain values and JSON; no model types).
    .target(name: "SSRRuns", dependencies: ["SSRCore", .product(name: "GRDB", package: "GRDB.swift")]),
    .target(name: "SSRModels", dependencies: ["SSRNN", "SSRTensor"], swiftSettings: vectorFlags),
    .target(name: "SSREval", dependencies: ["SSRCore", "SSRData", "SSRTensor", "SSRNN", "SSRModels", "SSRDevice"], swiftSettings: vectorFlags),
    .target(
      name: "SSRNotebook",
      dependencies: [
        "SSRCore", "SSRData", "SSRTensor", "SSRNN", "SSRModels", "SSREval", "SSRRuns", "SSRDevice", "SSRDeviceClient", "SSRMultimodal",
        .product(name: "Ink", package: "Ink"),
      ]),
    .target(name: "SSRMultimodal", dependencies: ["SSRCore", "SSRTensor", "SSRNN", "CImageCodecs"], swiftSettings: vectorFlags),
    // The on-device runtime: loads an exported model and ranks items without the autograd tape
    // (optimised in debug builds too, like the numeric layers: its kernels are loops over buffers).
    .target(name: "SSRDevice", dependencies: ["SSRCore", "SSRTensor", "SSRNN", "SSRModels"], swiftSettings: numericFlags),
    // The device's side of server–device collaboration: the HTTP client of ssr-serve, a device
    // that plays requests against it, and an ssr-serve started on loopback (ssr-device, notebooks).
    .target(name: "SSRDeviceClient", dependencies: ["SSRCore", "SSRDevice", "SSREval", "SSRModels"]),
    // The item server behind ssr-serve: the SQLite item database and the HTTP application.
    .target(
      name: "SSRServer",
      dependencies: [
        "SSRCore", "SSRData", "SSRTensor", "SSRDevice",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ]),
    // The bounded load test of ssr-serve on loopback (a blocking HTTP/1.1 client; used by the command and a test).
    .target(name: "SSRServeLoad", dependencies: ["SSRCore"]),
    .target(
      name: "SSRLib",
      dependencies: ["SSRCore", "SSRData", "SSRDevice", "SSRTensor", "SSRNN", "SSRModels", "SSREval", "SSRRuns", "SSRMultimodal", "SSRNotebook"]),

    // MARK: - Executables
    .executableTarget(
      name: "SSRRun",
      dependencies: ["SSRLib", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .executableTarget(
      name: "SSRServe",
      dependencies: [
        "SSRServer", "SSRServeLoad", "SSRCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ]),
    .executableTarget(
      name: "SSRDeviceTool",
      dependencies: ["SSRDeviceClient", "SSRDevice", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(name: "SSRBench", dependencies: ["SSRDevice", "SSRTensor", "SSRNN", "SSRCore", "SSRData", "SSRModels", "SSREval", "SSRMultimodal"]),
    .executableTarget(
      name: "SSRRepl",
      dependencies: ["SSRLib", "SSRCore", "CLibEdit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),

    // MARK: - Tests
    // Helpers shared by the test targets: random tensors, seeded generators, gradient checks, closeness.
    .target(name: "SSRTestSupport", dependencies: ["SSRTensor"], path: "Tests/SSRTestSupport", swiftSettings: numericFlags),
    .testTarget(name: "SSRCoreTests", dependencies: ["SSRCore"]),
    .testTarget(name: "SSRRunsTests", dependencies: ["SSRRuns", "SSRCore", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(name: "SSREvalTests", dependencies: ["SSREval", "SSRModels", "SSRNN", "SSRTensor", "SSRData", "SSRCore"]),
    .testTarget(name: "SSRTensorTests", dependencies: ["SSRTensor", "SSRNN", "SSRCore", "SSRTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "SSRNNTests", dependencies: ["SSRNN", "SSRTensor", "SSRTestSupport"]),
    .testTarget(
      name: "SSRModelsTests", dependencies: ["SSRModels", "SSREval", "SSRData", "SSRNN", "SSRTensor", "SSRCore", "SSRTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "SSRDataTests", dependencies: ["SSRData", "SSRCore"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "SSRNotebookTests", dependencies: ["SSRNotebook", "SSRCore", "SSRTensor", "SSREval", "SSRModels", "SSRRuns", "SSRDevice", "SSRTestSupport"]),
    .testTarget(
      name: "SSRMultimodalTests", dependencies: ["SSRMultimodal", "SSRTensor", "SSRTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "SSRDeviceTests", dependencies: ["SSRDevice", "SSREval", "SSRModels", "SSRTensor", "SSRData"]),
    .testTarget(
      name: "SSRServerTests",
      dependencies: [
        "SSRServer", "SSRServeLoad", "SSRDevice", "SSRModels", "SSRTensor", "SSRCore",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(name: "SSRToolsTests", dependencies: ["SSRNotebook", "SSRRuns", "SSRRun", "SSRRepl", "SSRTestSupport"]),
  ]
)

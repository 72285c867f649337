// swift-tools-version:6.0
import PackageDescription

// Debian 12: apt-get install -y libedit-dev libopenblas-dev zlib1g-dev pkg-config
let package = Package(
  name: "SSR",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "SSRLib", targets: ["SSRLib"]),
    .executable(name: "ssr-run", targets: ["SSRRun"]),
    .executable(name: "ssr-repl", targets: ["SSRRepl"]),
    .executable(name: "ssr-bench", targets: ["SSRBench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
  ],
  targets: [
    // MARK: - C libraries (Debian -dev packages, found through pkg-config)
    .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // Picks OpenBLAS's fastest kernel at load time when the CPU is misdetected (see SSRTensor/BLAS.swift).
    .target(name: "CBLASCoreSelect", dependencies: ["COpenBLAS"]),

    // MARK: - Library layers (a lower layer never imports a higher one)
    .target(name: "SSRCore"),
    // The numeric layers are compiled with optimisation even in debug builds: their kernels are
    // loops over buffers that run 10-30x slower unoptimised, which would make the model tests
    // (which train small models) take many minutes.
    .target(
      name: "SSRTensor", dependencies: ["SSRCore", "COpenBLAS", "CBLASCoreSelect"], swiftSettings: [.unsafeFlags(["-O"])]),
    .target(name: "SSRNN", dependencies: ["SSRTensor"], swiftSettings: [.unsafeFlags(["-O"])]),
    .target(name: "SSRData", dependencies: ["SSRCore", "CZlib"]),
    .target(name: "SSRModels", dependencies: ["SSRNN", "SSRTensor"]),
    .target(name: "SSREval", dependencies: ["SSRCore", "SSRData", "SSRTensor", "SSRModels"]),
    .target(
      name: "SSRNotebook",
      dependencies: ["SSRCore", "SSRData", "SSRTensor", "SSRModels", "SSREval", .product(name: "Ink", package: "Ink")]),
    .target(name: "SSRLib", dependencies: ["SSRCore", "SSRData", "SSRTensor", "SSRNN", "SSRModels", "SSREval", "SSRNotebook"]),

    // MARK: - Executables
    .executableTarget(
      name: "SSRRun",
      dependencies: ["SSRLib", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .executableTarget(name: "SSRBench", dependencies: ["SSRTensor", "SSRCore", "SSRData", "SSRModels", "SSREval"]),
    .executableTarget(
      name: "SSRRepl",
      dependencies: ["SSRLib", "CLibEdit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),

    // MARK: - Tests
    .testTarget(name: "SSRCoreTests", dependencies: ["SSRCore"]),
    .testTarget(name: "SSREvalTests", dependencies: ["SSREval", "SSRModels", "SSRNN", "SSRTensor", "SSRData"]),
    .testTarget(name: "SSRTensorTests", dependencies: ["SSRTensor", "SSRCore"], exclude: ["Fixtures"]),
    .testTarget(name: "SSRModelsTests", dependencies: ["SSRModels", "SSREval", "SSRData", "SSRNN", "SSRTensor"], exclude: ["Fixtures"]),
    .testTarget(name: "SSRDataTests", dependencies: ["SSRData", "SSRCore"], resources: [.copy("Fixtures")]),
    .testTarget(name: "SSRNotebookTests", dependencies: ["SSRNotebook"]),
    .testTarget(name: "SSRToolsTests", dependencies: ["SSRNotebook", "SSRRun", "SSRRepl"]),
  ]
)

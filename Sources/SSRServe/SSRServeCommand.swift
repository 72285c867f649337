import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import SSRServer

/// `ssr-serve`: builds an item server's data directory and serves it over HTTP.
@main
struct SSRServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ssr-serve",
    abstract: "Serve item details, item features and exported on-device models over HTTP.",
    discussion: """
      ssr-serve init --data DIR --model EXPORT…   builds DIR/items.sqlite from a dataset and exported models
      ssr-serve run --data DIR [--port P]         serves it on 127.0.0.1 (Ctrl-C or SIGTERM stops it gracefully)
      ssr-serve load-test --data DIR              measures a server it starts on loopback (load, then hostile requests)
      """,
    subcommands: [Init.self, Run.self, LoadTestCommand.self])
}

extension SSRServeCommand {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build a data directory: the dataset's items and side information, item features and exported models.")

    @Option(help: "The data directory to create or update.")
    var data: String

    @Option(help: ArgumentHelp("An exported model's directory (exportModel); served under the directory's name. Repeatable.", valueName: "DIR"))
    var model: [String] = []

    @Option(help: "The dataset whose items the models rank (default: the first model's).")
    var dataset: String?

    @Option(help: "Where the dataset is: its folder or a data root (default: the manifest's data roots).")
    var datasetPath: String?

    @Option(help: "The dataset manifest (default: the one SSR finds).")
    var manifest: String?

    @Option(help: "A safetensors file with one [N, width] (or [N + 1, width]) float matrix of item features.")
    var features: String?

    func run() throws {
      do {
        let summary = try ServeInit.run(
          data: data, exports: model, dataset: dataset, datasetPath: datasetPath, manifest: manifest, features: features)
        print(summary)
      } catch {
        FileHandle.standardError.write(Data("ssr-serve init: \(error)\n".utf8))
        throw ExitCode(1)
      }
    }
  }

  struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve a data directory built by init.")

    @Option(help: "The data directory built by init.")
    var data: String

    @Option(help: "The address to bind (a non-loopback address needs --token).")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port; the one chosen is printed).")
    var port = 8080

    @Option(help: "A bearer token every request but /healthz must carry (default: $SSR_SERVE_TOKEN).")
    var token: String?

    @Option(help: "The largest request body, in bytes.")
    var maxBody = 64 * 1024

    @Option(help: "The most item ids one request may name.")
    var maxIds = 1000

    @Option(help: "Seconds a request may take before the server answers 503.")
    var timeout = 10.0

    @Option(help: "The log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Flag(help: "Stop gracefully when standard input ends (for a parent process that starts the server: it stops with it).")
    var stopOnEof = false

    func run() async throws {
      if stopOnEof {
        // SIGTERM is what the service group stops on gracefully; standard input ends when the
        // parent closes its end of the pipe or dies, however it dies.
        Thread.detachNewThread {
          while !FileHandle.standardInput.availableData.isEmpty {}
          kill(getpid(), SIGTERM)
        }
      }
      var configuration = ServerConfiguration()
      configuration.host = host
      configuration.port = port
      configuration.token = token ?? ProcessInfo.processInfo.environment["SSR_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
      configuration.maxBodyBytes = maxBody
      configuration.maxIDs = maxIds
      configuration.requestTimeout = timeout
      let level = Logger.Level(rawValue: logLevel) ?? .info
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
      }
      let metrics = ServerMetrics()
      MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
      let logger = Logger(label: "ssr-serve")
      let shownHost = host.contains(":") ? "[\(host)]" : host
      do {
        let database = try ItemDatabase(directory: data)
        let app = try ItemServer.application(
          database: database, configuration: configuration, metrics: metrics, logger: logger,
          onListening: { port in
            FileHandle.standardOutput.write(Data("ssr-serve listening on http://\(shownHost):\(port)\n".utf8))
          })
        try await app.runService()
      } catch let error as ServerSetupError {
        FileHandle.standardError.write(Data("ssr-serve run: \(error)\n".utf8))
        throw ExitCode(1)
      }
    }
  }
}

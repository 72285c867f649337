import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// The item server: the Hummingbird application over an ``ItemDatabase``.
public enum ItemServer {
  /// The router with every endpoint and middleware (errors as JSON, timeouts, metrics,
  /// `Server-Timing`, request logs and, with a token, bearer authentication).
  public static func router(
    database: ItemDatabase, configuration: ServerConfiguration, metrics: ServerMetrics
  ) throws -> Router<ServerContext> {
    let state = try ServerState(database: database, configuration: configuration)
    let router = Router(context: ServerContext.self)
    router.add(middleware: MetricsRecordingMiddleware(metrics: metrics))
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ServerTimingMiddleware())
    router.add(middleware: TimeoutMiddleware(seconds: configuration.requestTimeout))
    router.get("/healthz") { _, _ in
      try Routes.json(Health(status: "ok", items: state.itemCount, features: state.feature?.width ?? 0))
    }
    if let token = configuration.token {
      let guarded = router.group()
        .add(middleware: tokenAuthenticator(token))
        .add(middleware: RequireTokenMiddleware())
      Routes.add(to: guarded, state: state, metrics: metrics)
    } else {
      Routes.add(to: router, state: state, metrics: metrics)
    }
    return router
  }

  /// The application: validates `configuration` (a non-loopback address needs a token), then
  /// serves HTTP/1.1 with an idle timeout; `onListening` gets the bound port.
  public static func application(
    database: ItemDatabase, configuration: ServerConfiguration, metrics: ServerMetrics = ServerMetrics(), logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
  ) throws -> some ApplicationProtocol {
    try configuration.validate()
    let router = try router(database: database, configuration: configuration, metrics: metrics)
    return Application(
      router: router,
      server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ssr-serve"),
      onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
      logger: logger)
  }
}

struct Health: Encodable {
  let status: String
  let items: Int
  let features: Int
}

import Foundation
import Hummingbird
import Prometheus

/// The server's Prometheus metrics: requests, latencies and bytes per route and status, served
/// at `/metrics` in the text exposition format.
public final class ServerMetrics: Sendable {
  /// The registry `/metrics` emits.
  public let registry: PrometheusCollectorRegistry

  /// A fresh registry (use one per server, or `MetricsSystem.bootstrap` it for library metrics).
  public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
    self.registry = registry
  }

  static var requests: MetricNameDescriptor {
    MetricNameDescriptor(
    namespace: "ssr", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests answered")
  }
  static var duration: MetricNameDescriptor {
    MetricNameDescriptor(
    namespace: "ssr", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "time to answer a request")
  }
  static var received: MetricNameDescriptor {
    MetricNameDescriptor(
    namespace: "ssr", subsystem: "http", metricName: "request_body", unitName: "bytes_total", helpText: "request body bytes received")
  }
  static var sent: MetricNameDescriptor {
    MetricNameDescriptor(
    namespace: "ssr", subsystem: "http", metricName: "response_body", unitName: "bytes_total", helpText: "response body bytes sent")
  }
  static let buckets: [Duration] = [
    .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
    .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
  ]

  /// Counts one answered request.
  func record(method: String, route: String, status: Int, duration: Duration, received: Int, sent: Int) {
    let labels = [("method", method), ("route", route), ("status", String(status))]
    registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
    registry.makeDurationHistogram(descriptor: Self.duration, labels: [("route", route)], buckets: Self.buckets).record(duration)
    registry.makeCounter(descriptor: Self.received, labels: [("route", route)]).increment(by: Int64(received))
    registry.makeCounter(descriptor: Self.sent, labels: [("route", route)]).increment(by: Int64(sent))
  }

  /// The metrics in Prometheus' text format.
  public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

/// Records every request (after errors became JSON answers) in ``ServerMetrics``.
struct MetricsRecordingMiddleware<Context: RequestContext>: RouterMiddleware {
  let metrics: ServerMetrics

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    let start = ContinuousClock.now
    let response = try await next(request, context)
    // Label by the matched route pattern, never the raw path (ids would make unbounded series).
    let route = context.endpointPath ?? "unmatched"
    let received = request.headers[.contentLength].flatMap { Int($0) } ?? 0
    metrics.record(
      method: request.method.rawValue, route: route, status: response.status.code, duration: ContinuousClock.now - start,
      received: received, sent: response.body.contentLength ?? 0)
    return response
  }
}

import TenantMockCore
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends requests to an `https://` base URL through `URLSession`, without
/// following redirects. Used to verify contracts against the real vendor.
///
/// `URLSession` may add header fields of its own (such as a form
/// `Content-Type` for a body sent without one), so cases that depend on a
/// missing header are only faithful over `SocketHTTPTransport`.
public struct URLSessionTransport: ContractTransport {
    public let baseURL: URL
    public var timeout: Double

    public init(baseURL: URL, timeout: Double = 30) {
        self.baseURL = baseURL
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        guard let url = URL(string: base + request.target) else {
            throw TransportError("cannot form a URL from \(base) and \(request.target)")
        }
        var urlRequest = URLRequest(url: url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for field in request.headers { urlRequest.addValue(field.value, forHTTPHeaderField: field.name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }

        let outcome = Outcome()
        let session = URLSession(configuration: .ephemeral, delegate: RedirectRefuser(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: urlRequest) { data, response, error in
            outcome.set(data: data, response: response as? HTTPURLResponse, error: error)
            done.signal()
        }
        task.resume()
        done.wait()
        return try outcome.response()
    }

    /// Refuses every redirect so a 301 comes back as it is.
    final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }

    /// The completion handler's result, handed across threads.
    final class Outcome: Sendable {
        let value = Mutex<Result<HTTPResponse, TransportError>>(.failure(TransportError("no answer")))

        func set(data: Data?, response: HTTPURLResponse?, error: (any Error)?) {
            let result: Result<HTTPResponse, TransportError>
            if let response {
                var headers = HTTPHeaders()
                for (name, value) in response.allHeaderFields { headers.add(name: "\(name)", value: "\(value)") }
                result = .success(HTTPResponse(status: response.statusCode, headers: headers, body: Array(data ?? Data())))
            } else {
                let unreachable: Set<URLError.Code> = [.cannotFindHost, .dnsLookupFailed, .cannotConnectToHost,
                                                       .notConnectedToInternet]
                let kind: TransportError.Kind = (error as? URLError).map { unreachable.contains($0.code) } == true
                    ? .noConnection : .exchange
                result = .failure(TransportError("no HTTP answer: \(error.map { "\($0)" } ?? "unknown error")", kind: kind))
            }
            value.withLock { $0 = result }
        }

        func response() throws(TransportError) -> HTTPResponse {
            try value.withLock { $0 }.get()
        }
    }
}

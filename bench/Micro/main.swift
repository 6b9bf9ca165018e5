// Micro-benchmarks of the engine (not a test): the cost of creating a tenant
// from a loaded fixture, of one request handled in-process (direct API), and of
// parsing request bodies of 1,000 to 100,000 fields (filter "parse:").
//
//   swift run -c release tenantmock-bench [iterations] [filter]
//
// With a filter, only the measurements whose name contains it run (with the baseline).
//
// Prints the median and p99 of per-operation time over several batches, and a
// baseline (copying a 1 KiB [UInt8] array) measured in the same run, so figures
// can be compared across noisy machines as ratios.
import Foundation
import Synchronization
import TenantMock
import TenantMockServer

func nowNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Runs `body` `batches` × `perBatch` times; returns per-operation nanoseconds of each batch, sorted.
func measure(batches: Int = 30, perBatch: Int, _ body: (Int) -> Void) -> [Double] {
    var results: [Double] = []
    var counter = 0
    for _ in 0..<batches {
        let start = nowNanoseconds()
        for _ in 0..<perBatch {
            body(counter)
            counter += 1
        }
        results.append(Double(nowNanoseconds() - start) / Double(perBatch))
    }
    return results.sorted()
}

func report(_ name: String, _ samples: [Double], baseline: Double? = nil) {
    let median = samples[samples.count / 2]
    let p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
    var line = "\(name.padding(toLength: 46, withPad: " ", startingAt: 0)) median \(String(format: "%8.2f", median / 1000)) µs   p99(batches) \(String(format: "%8.2f", p99 / 1000)) µs"
    if let baseline { line += String(format: "   = %.1f× baseline", median / baseline) }
    print(line)
}

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 2_000
let filter = CommandLine.arguments.dropFirst(2).first
func selected(_ name: String) -> Bool { filter.map { name.contains($0) } ?? true }

let emulator: Emulator
do {
    emulator = try Emulator.makeDefault()
} catch {
    print("cannot load the default fixtures: \(error)")
    exit(1)
}

// Baseline: a fixed amount of plain work, to express the rest as ratios.
let kilobyte = [UInt8](repeating: 7, count: 1024)
var sink = 0
let baselineSamples = measure(perBatch: iterations) { i in
    var copy = kilobyte
    copy[i & 1023] = 1
    sink &+= Int(copy[(i + 1) & 1023])
}
let baseline = baselineSamples[baselineSamples.count / 2]
report("baseline: copy and touch a 1 KiB array", baselineSamples)

// Tenant creation from each loaded fixture (copy-on-write), then deletion outside the timing.
for fixture in emulator.fixtures.all where selected("create tenant from fixture \(fixture.name)") {
    var created: [String] = []
    let samples = measure(perBatch: iterations) { i in
        let id = "bench-\(fixture.tenantID)-\(i)"
        _ = try? emulator.tenants.create(id: id, from: fixture)
        created.append(id)
    }
    for id in created { try? emulator.tenants.delete(id) }
    report("create tenant from fixture \(fixture.name)", samples, baseline: baseline)
}

// In-process requests through the direct API: addressing → routing → handler → response.
// Rate limits are lifted so every request runs the whole route (not a 429 after the first thousand);
// each request's status is checked once, before timing.
for tenant in emulator.tenants.all {
    tenant.rateLimiter.setPolicy(RateLimitPolicy(limit: 1_000_000_000, windowSeconds: 1))
}
let requests: [(String, HTTPRequest)] = BenchRequests.all(emulator: emulator)
for (name, request) in requests where selected("handle: \(name)") {
    let status = emulator.handle(request).status
    print("\(name): answers \(status)")
    let samples = measure(perBatch: iterations) { _ in sink &+= emulator.handle(request).status }
    report("handle: \(name)", samples, baseline: baseline)
}

/// A request as a client sends it on a connection (`Host: 127.0.0.1`, as wrk does).
func wireBytes(of request: HTTPRequest) -> [UInt8] {
    var head = "\(request.method) \(request.target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    for field in request.headers.fields { head += "\(field.name): \(field.value)\r\n" }
    if !request.body.isEmpty { head += "Content-Length: \(request.body.count)\r\n" }
    return Array((head + "\r\n").utf8) + request.body
}

// The same requests as they arrive on a connection: raw HTTP/1.1 bytes parsed by the
// server's parser, handled, and the answer encoded, as an event loop does between its
// read and its write (no system call). "wire: parse and encode" answers a fixed 204
// without the emulator: the server's own share of a request.
for (name, request) in requests where selected("wire: \(name)") || selected("wire: parse and encode") {
    let wire = wireBytes(of: request)
    var parser = HTTPRequestParser()
    var output: [UInt8] = []
    var dates = HTTPDateCache()
    let date = dates.current()
    func roundTrip(_ handle: (HTTPRequest) -> HTTPResponse) -> Int {
        wire.withUnsafeBytes { parser.feed($0) }
        guard case .request(let parsed)? = parser.next() else { return -1 }
        let response = handle(parsed.request)
        HTTPResponseEncoder.encode(response, isHead: false, persistence: .keepAliveByDefault, date: date, into: &output)
        output.removeAll(keepingCapacity: true)
        return response.status
    }
    let fixed = HTTPResponse.empty(204)
    if selected("wire: parse and encode") {
        print("wire: parse and encode (\(name)): answers \(roundTrip { _ in fixed })")
        let samples = measure(perBatch: iterations) { _ in sink &+= roundTrip { _ in fixed } }
        report("wire: parse and encode (\(name.prefix(24)))", samples, baseline: baseline)
    }
    if selected("wire: \(name)") {
        print("wire: \(name): answers \(roundTrip { emulator.handle($0) })")
        let samples = measure(perBatch: iterations) { _ in sink &+= roundTrip { emulator.handle($0) } }
        report("wire: \(name)", samples, baseline: baseline)
    }
}

// The wire path on several threads at once against one tenant, as the event loops run it:
// CPU time per request on each thread (CLOCK_THREAD_CPUTIME_ID), so what the threads cost
// each other (locks, shared counters, cache lines moving between cores) shows against one
// thread. "threads: <name>" runs 1 and 2 threads.
func threadCPUNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}
for (name, request) in requests where selected("threads: \(name)") {
    let wire = wireBytes(of: request)
    let perThread = iterations * 30
    for threads in [1, 2] {
        let cpu = Mutex<[Double]>([])
        let group = DispatchGroup()
        let wall = nowNanoseconds()
        for _ in 0..<threads {
            group.enter()
            Thread {
                var parser = HTTPRequestParser()
                var output: [UInt8] = []
                var dates = HTTPDateCache()
                let date = dates.current()
                let start = threadCPUNanoseconds()
                for _ in 0..<perThread {
                    wire.withUnsafeBytes { parser.feed($0) }
                    guard case .request(let parsed)? = parser.next() else { continue }
                    let response = emulator.handle(parsed.request)
                    HTTPResponseEncoder.encode(response, isHead: false, persistence: .keepAliveByDefault, date: date,
                                               into: &output)
                    output.removeAll(keepingCapacity: true)
                }
                let used = Double(threadCPUNanoseconds() - start) / Double(perThread)
                cpu.withLock { $0.append(used) }
                group.leave()
            }.start()
        }
        group.wait()
        let seconds = Double(nowNanoseconds() - wall) / 1e9
        let each = cpu.withLock { $0 }.map { String(format: "%.2f", $0 / 1000) }.joined(separator: ", ")
        print("threads: \(name.prefix(40)) ×\(threads): CPU µs/request per thread [\(each)], "
              + String(format: "%.0f requests/s in all", Double(threads * perThread) / seconds))
    }
}
if sink == 42 { print("") }

// Body parsing at growing sizes: time per field (bench/Micro/ParserBench.swift).
ParserBench.all(emulator: emulator, selected: selected)

// Breakdown of tenant creation: the copy-on-write tenant alone, without the registry.
for fixture in emulator.fixtures.all where selected("makeTenant alone \(fixture.name)") {
    let samples = measure(perBatch: iterations) { i in sink &+= fixture.makeTenant(id: "x\(i)").id.count }
    report("makeTenant alone \(fixture.name)", samples, baseline: baseline)
}

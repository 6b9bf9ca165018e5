import Foundation
import TenantMock
import TenantMockAuth0

/// Body parsing at growing sizes: time per field (or per key) should stay flat from
/// 1,000 to 100,000, the parsers being linear in the body. Forms are timed through the
/// form decoder with its 1,000-part limit lifted (with the limit, anything past part
/// 1,000 is not read), JSON objects through the strict engine parser (Auth0 bodies,
/// fixtures) and through CruxConnect's login route (the Python-compatible decoder).
enum ParserBench {
    static let sizes = [1_000, 3_000, 10_000, 30_000, 100_000]

    /// Prints one line per size: the median over `batches` of the time of one parse,
    /// divided by the number of fields. Each batch parses about 300,000 fields in all.
    static func run(_ name: String, fields: (Int) -> String, parse: (String) -> Int) {
        for count in sizes {
            let text = fields(count)
            let repeats = max(1, 300_000 / count)
            var checksum = 0
            let samples = measure(batches: 7, perBatch: repeats) { _ in checksum &+= parse(text) }
            let median = samples[samples.count / 2]
            let perField = median / Double(count)
            print("\(name.padding(toLength: 58, withPad: " ", startingAt: 0)) \(String(format: "%7d", count)) fields"
                  + "  \(String(format: "%9.2f", median / 1_000_000)) ms/parse  \(String(format: "%7.1f", perField)) ns/field"
                  + "  (\(text.utf8.count) bytes, check \(checksum % 10))")
        }
    }

    static func all(emulator: Emulator, selected: (String) -> Bool) {
        let repeated = "parse: form, one name repeated (a=1&a=1…)"
        if selected(repeated) {
            run(repeated, fields: { Array(repeating: "a=1", count: $0).joined(separator: "&") }) {
                RequestBody.form($0, maxParts: .max)["a"]?.arrayValue?.count ?? 0
            }
        }
        let distinct = "parse: form, distinct names (f0=1&f1=1…)"
        if selected(distinct) {
            run(distinct, fields: { (0..<$0).map { "f\($0)=1" }.joined(separator: "&") }) {
                RequestBody.form($0, maxParts: .max).objectValue?.count ?? 0
            }
        }
        let nested = "parse: form, nested names (p[i][k]=1)"
        if selected(nested) {
            run(nested, fields: { (0..<$0).map { "p[\($0 / 2)][k\($0 % 2)]=1" }.joined(separator: "&") }) {
                RequestBody.form($0, maxParts: .max)["p"]?.arrayValue?.count ?? 0
            }
        }
        let object = { (count: Int) in "{" + (0..<count).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}" }
        let strict = "parse: JSON object keys, JSONParser (strict)"
        if selected(strict) {
            run(strict, fields: object) { text in
                (try? JSONParser(options: .strict).parse(text))?.objectValue?.count ?? -1
            }
        }
        let login = "parse: JSON object keys, CruxConnect login (400)"
        if selected(login), emulator.tenants.tenant("crux") != nil {
            // No username or password among the keys: DRF's 400, after the whole body is decoded.
            run(login, fields: object) { text in
                emulator.handle(HTTPRequest(method: "POST", target: "/organizations/user-login/",
                                            headers: ["Content-Type": "application/json"], body: Array(text.utf8))).status
            }
        }
        let token = "parse: form via POST /oauth/token (first 1,000 parts read)"
        if selected(token), emulator.tenants.tenant("acme") != nil {
            run(token, fields: { Array(repeating: "a=1", count: $0).joined(separator: "&") }) { text in
                emulator.handle(HTTPRequest(method: "POST", target: "/oauth/token",
                                            headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                            body: Array(text.utf8))).status
            }
        }
    }
}

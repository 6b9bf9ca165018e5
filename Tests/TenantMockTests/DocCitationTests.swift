import Foundation
import XCTest

/// README.md and docs/*.md cite only sources a user can open: vendor pages, recording files,
/// issues, framework source files, or `inferred`. The project's internal notes and seed files
/// (`shared/…`, `seed 002`, `000_b6702f025244e57a.txt`, `reference auth0.md`,
/// `reference cruxconnect.md` and its `§` sections, `auth0-research`, the brief) are not
/// published, so a citation of them fails here with the file and line.
final class DocCitationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The internal forms found in one line (empty when it cites nothing internal). A section
    /// sign alone is not one: the docs cite RFC sections (`RFC 9112 §9.3`).
    static func internalCitations(in line: String) -> [String] {
        let lower = line.lowercased()
        var found = ["shared/", "reference auth0", "reference cruxconnect", "reference/cruxconnect",
                     "reference §", "auth0-research", "research §", "auth0-oas-in-scope"].filter { lower.contains($0) }
        let patterns = [(#"\bbrief\b"#, "brief"), (#"\bseeds? `?\d{3}"#, "seed NNN"), (#"\d{3}_[0-9a-f]{16}"#, "a seed file")]
        for (pattern, form) in patterns where lower.firstMatch(of: try! Regex(pattern)) != nil {
            found.append(form)
        }
        return found
    }

    static func documents() throws -> [String] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return ["README.md"] + docs
    }

    func testDocsCiteNoInternalNotes() throws {
        let files = try Self.documents()
        XCTAssertGreaterThanOrEqual(files.count, 5)
        var offences: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let forms = Self.internalCitations(in: String(line))
                if !forms.isEmpty {
                    offences.append("\(file):\(index + 1): cites \(forms.joined(separator: ", ")): \(line)")
                }
            }
        }
        XCTAssertEqual(offences, [], "cite the public source (page URL, recording file, issue, framework file at a version) or say inferred:\n" + offences.joined(separator: "\n"))
    }

    /// The forms the check must catch, and public citations it must leave alone.
    func testTheCheckKnowsTheInternalForms() {
        for cited in ["see `shared/seeds/`", "201 (seed 004, recorded)", "seed `003_17996c998d1782d5.txt`",
                         "(reference auth0.md, Messages)", "`reference/cruxconnect.md` §6", "(research §1.4)",
                         "auth0-research.md", "crux brief: a caller", "DRF 3.7 defaults, reference §6"] {
            XCTAssertNotEqual(Self.internalCitations(in: cited), [], cited)
        }
        for fine in ["inferred (RFC 6749 §5.2)", "**Persistence** (RFC 9112 §9.3)", "--seed 1", "the seed data of a tenant",
                     "each briefly", "| dialect | routes | reference |", "a dangling reference (a user's role)",
                     "go-auth0 v1.45.0 `TestUserManager_Roles.yaml`"] {
            XCTAssertEqual(Self.internalCitations(in: fine), [], fine)
        }
    }
}

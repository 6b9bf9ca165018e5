@testable import TenantMockCrux
import XCTest

/// The model's values keep value semantics although their parts share a box until changed.
final class CruxModelTests: XCTestCase {
    func testACopyOfAUserChangesAloneAndEqualityComparesTheParts() {
        let person = CruxPerson(uuid: "p", firstName: "Ada", lastName: "L", email: "ada@example.com", phone: nil,
                                jobTitle: nil)
        let original = CruxUser(uuid: "u", orgUUID: "o", person: person, status: "ACTIVE", username: "ada",
                                password: "pw", permissions: ["a"])
        var copy = original
        XCTAssertEqual(copy, original)
        copy.permissions.insert("b")
        copy.status = "DEACTIVATED"
        copy.person.firstName = "Grace"
        copy.password = nil
        XCTAssertEqual(original.permissions, ["a"])
        XCTAssertEqual(original.status, "ACTIVE")
        XCTAssertEqual(original.person.firstName, "Ada")
        XCTAssertEqual(original.password, "pw")
        XCTAssertTrue(original.isActive)
        XCTAssertFalse(copy.isActive)
        XCTAssertNotEqual(copy, original)
        let rebuilt = CruxUser(uuid: "u", orgUUID: "o", person: person, status: "ACTIVE", username: "ada",
                               password: "pw", permissions: ["a"])
        XCTAssertEqual(rebuilt, original, "equal parts in different boxes are equal")
    }
}

import XCTest

final class TenantMockServerTestsPlaceholder: XCTestCase {}

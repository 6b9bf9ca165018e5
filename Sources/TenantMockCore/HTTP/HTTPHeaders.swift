/// HTTP header fields in their received order, looked up case-insensitively.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in order, names as sent.
    public private(set) var fields: [(name: String, value: String)]

    public init() { fields = [] }

    public init(_ fields: [(name: String, value: String)]) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of `name`, or `nil`. Setting replaces every field of that name
    /// (or removes them, for `nil`).
    public subscript(name: String) -> String? {
        get {
            for field in fields where field.name.equalsIgnoringASCIICase(name) { return field.value }
            return nil
        }
        set {
            if let index = fields.firstIndex(where: { $0.name.equalsIgnoringASCIICase(name) }) {
                fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
                if let newValue { fields.insert((name: name, value: newValue), at: Swift.min(index, fields.count)) }
            } else if let newValue {
                append(name, newValue)
            }
        }
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Adds a field, keeping any existing ones of the same name.
    public mutating func add(name: String, value: String) { append(name, value) }

    /// Appends a field; the first one reserves room for a few more (one allocation for a typical header set).
    private mutating func append(_ name: String, _ value: String) {
        if fields.capacity == 0 { fields.reserveCapacity(8) }
        fields.append((name: name, value: value))
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) { fields.removeAll { $0.name.equalsIgnoringASCIICase(name) } }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name.equalsIgnoringASCIICase($1.name) && $0.value == $1.value }
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality, without allocating.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        let contiguous = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                for k in 0..<x.count where x[k] != y[k] {
                    let lx = (x[k] >= 65 && x[k] <= 90) ? x[k] + 32 : x[k]
                    let ly = (y[k] >= 65 && y[k] <= 90) ? y[k] + 32 : y[k]
                    if lx != ly { return false }
                }
                return true
            }
        }
        if let contiguous = contiguous ?? nil { return contiguous }
        var i = a.startIndex, j = b.startIndex
        while i != a.endIndex {
            let x = a[i], y = b[j]
            if x != y {
                let lx = (x >= 65 && x <= 90) ? x + 32 : x
                let ly = (y >= 65 && y <= 90) ? y + 32 : y
                if lx != ly { return false }
            }
            a.formIndex(after: &i)
            b.formIndex(after: &j)
        }
        return true
    }
}

import TenantMockCore

/// How Python names and prints decoded JSON values, for DRF messages that
/// embed them (`Expected a list of items but got type "str".`, `"abc" is not a valid UUID.`).
enum PythonRepr {
    /// `type(value).__name__` of the value `json.loads` produces.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "NoneType"
        case .bool: return "bool"
        case .number(.int): return "int"
        case .number(.double): return "float"
        case .string: return "str"
        case .array: return "list"
        case .object: return "dict"
        }
    }

    /// `str(value)`: strings as they are, everything else as `repr`.
    static func str(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return repr(value)
    }

    /// `repr(value)`: `None`, `True`, `1.5`, `'a'`, `['a', 1]`, `{'k': None}`.
    ///
    /// Does not recurse: a body may nest 950 levels (``PythonJSONDecoder/maxDepth``), and
    /// a recursive printer overflowed an event loop's 1 MiB stack on one of those in a
    /// debug build. The containers being printed wait in `open`, with the position of
    /// the next item to print.
    static func repr(_ value: JSONValue) -> String {
        var out = ""
        var open: [(container: JSONValue, next: Int)] = []
        var pending: JSONValue? = value
        while true {
            if let item = pending {
                pending = nil
                switch item {
                case .array(let items) where !items.isEmpty:
                    out += "["
                    open.append((item, 0))
                case .object(let o) where !o.isEmpty:
                    out += "{"
                    open.append((item, 0))
                default:
                    out += scalarRepr(item)
                }
            }
            // The next item of the innermost container, or its end.
            guard let last = open.indices.last else { return out }
            let (container, next) = open[last]
            if case .array(let items) = container {
                guard next < items.count else {
                    out += "]"
                    open.removeLast()
                    continue
                }
                if next > 0 { out += ", " }
                pending = items[next]
            } else if case .object(let o) = container {
                guard next < o.count else {
                    out += "}"
                    open.removeLast()
                    continue
                }
                if next > 0 { out += ", " }
                out += quoted(o.members[next].key) + ": "
                pending = o.members[next].value
            }
            open[last].next += 1
        }
    }

    /// `repr` of a value that holds no other: a scalar, `[]` or `{}`.
    private static func scalarRepr(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .number(.int(let i)): return String(i)
        case .number(.double(let d)): return d.isFinite ? "\(d)" : (d > 0 ? "inf" : "-inf")
        case .string(let s): return quoted(s)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// Python's string `repr`: single quotes unless the text has a `'` and no `"`.
    static func quoted(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(c) == quote { out += "\\" + String(quote) }
                else if c.value < 0x20 || c.value == 0x7F { out += "\\x" + (c.value < 16 ? "0" : "") + String(c.value, radix: 16) }
                else { out.unicodeScalars.append(c) }
            }
        }
        out.append(quote)
        return out
    }
}

// Types.swift — static types of the Phantom language (PhantomCompiler, checker).
//
// The language's types are few (LANGUAGE.md §2): a class (ints and strings are the
// classes `.internal.int` and `.internal.string`), an array of some element type,
// `void`, and "untyped" (`var x` with no type). Numbers are objects as far as the type
// system goes; where a value lives — boxed on the object stack or unboxed on the integer
// stack — is a property of an expression, not of its type, and CodeGen.swift tracks it.
// The class table (ClassTable.swift) answers ancestry for assignability.

/// A static type.
indirect enum PhType: Equatable, Sendable, CustomStringConvertible {
    case void
    /// `var x` with no type: any object.
    case untyped
    /// A class, by absolute name (".internal.int", ".test.point").
    case object(String)
    /// `T []`; the element of `void []` is untyped.
    case array(PhType)
    /// The type of an expression that already has an error; nothing is reported about it.
    case error

    static let int = PhType.object(NumericKind.int.className)
    static let string = PhType.object(ClassNames.string)
    static let object = PhType.object(ClassNames.object)

    /// The numeric kind of `.internal.int/long/float/double`, else nil.
    var numeric: NumericKind? {
        guard case .object(let name) = self else { return nil }
        return NumericKind(className: name)
    }

    var isError: Bool { self == .error }

    var description: String {
        switch self {
        case .void: "void"
        case .untyped: "untyped"
        case .object(let name):
            switch name {
            case ClassNames.int: "int"
            case ClassNames.long: "long"
            case ClassNames.float: "float"
            case ClassNames.double: "double"
            case ClassNames.string: "string"
            default: name
            }
        case .array(let element): "\(element) []"
        case .error: "<error>"
        }
    }
}

/// Names the compiler knows without looking them up.
enum ClassNames {
    static let object = ".internal.object"
    static let void = ".internal.void"
    static let int = ".internal.int"
    static let long = ".internal.long"
    static let float = ".internal.float"
    static let double = ".internal.double"
    static let string = ".internal.string"
    static let array = ".internal.container.array"
    static let classClass = ".internal.class"
}

/// The four numeric types, widest last (LANGUAGE.md §6.1: int < long < float < double).
enum NumericKind: Int, Comparable, Sendable {
    case int, long, float, double

    init?(className: String) {
        switch className {
        case ClassNames.int: self = .int
        case ClassNames.long: self = .long
        case ClassNames.float: self = .float
        case ClassNames.double: self = .double
        default: return nil
        }
    }

    static func < (a: NumericKind, b: NumericKind) -> Bool { a.rawValue < b.rawValue }

    var className: String {
        switch self {
        case .int: ClassNames.int
        case .long: ClassNames.long
        case .float: ClassNames.float
        case .double: ClassNames.double
        }
    }

    var type: PhType { .object(className) }

    /// Integer-stack cells a value of this kind takes.
    var cells: Int { self == .long || self == .double ? 2 : 1 }

    /// The type prefix that makes an integer instruction work on this kind.
    var prefix: UInt8? {
        switch self {
        case .int: nil
        case .long: 0x5C
        case .float: 0x5D
        case .double: 0x5E
        }
    }

    /// The conversion opcode whose *source* is this kind (`fromi`, `froml`, …).
    var fromOpcode: UInt8 {
        switch self {
        case .int: 0x74
        case .long: 0x75
        case .float: 0x76
        case .double: 0x77
        }
    }

    var isIntegral: Bool { self == .int || self == .long }
}

// AST.swift — the syntax tree of a Phantom source file (PhantomCompiler, front end).
//
// The parser (Parser.swift) builds it from tokens (Lexer.swift); the checker and code
// generator (Checker.swift, CodeGen.swift) read it. It records what was written and
// where, nothing resolved: names stay as text, types stay as written, and every node
// carries the place of its first token so that any diagnostic can point at it.
//
// The grammar is LANGUAGE.md §3–5. Forms the original parses but gives no meaning
// (`static`, `*expr` types, custom containers, `.=`) are kept as nodes so that the
// checker can reject them with a message at the right place.

/// A place in a source file: 1-based line and 1-based byte column.
public struct SourceLocation: Equatable, Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A dotted class name as written: `.internal.int`, `os.time`, `.internal."class"`.
public struct QualifiedName: Equatable, Sendable {
    /// Written with a leading dot.
    public var isAbsolute: Bool
    /// The components, quoted ones unquoted.
    public var components: [String]
    public var location: SourceLocation

    public init(isAbsolute: Bool, components: [String], location: SourceLocation) {
        self.isAbsolute = isAbsolute
        self.components = components
        self.location = location
    }

    /// The name as written, quotes dropped: ".internal.int", "os.time".
    public var text: String { (isAbsolute ? "." : "") + components.joined(separator: ".") }
}

/// A type as written (LANGUAGE.md §3.3 `Type`).
public struct TypeSyntax: Equatable, Sendable {
    public enum Base: Equatable, Sendable {
        case void
        /// A class name (`int` and `string` included; they are resolved later).
        case named(QualifiedName)
        /// `*expr`: parsed, treated as untyped.
        case starExpression
    }

    /// How the brackets after the base were written, if at all.
    public enum Container: Equatable, Sendable {
        /// No brackets.
        case none
        /// `T []`: an array.
        case array
        /// `T[Cls]` or `T[*expr]`: a custom container, parsed but inert.
        case custom
    }

    public var base: Base
    public var container: Container
    /// Written with `static` (ignored, as in the original).
    public var isStatic: Bool
    public var location: SourceLocation

    public init(base: Base, container: Container = .none, isStatic: Bool = false, location: SourceLocation) {
        self.base = base
        self.container = container
        self.isStatic = isStatic
        self.location = location
    }
}

// MARK: - Declarations

/// One parsed `.ph` file: its top-level items in source order.
public struct SourceUnit: Sendable {
    public var file: SourceFile
    public var items: [TopItem]

    public init(file: SourceFile, items: [TopItem]) {
        self.file = file
        self.items = items
    }
}

/// A top-level item (LANGUAGE.md §3.1). Order matters: `package` applies to what
/// follows it, and a class may use only classes parsed before it.
public enum TopItem: Sendable {
    case package(QualifiedName)
    case importClass(QualifiedName)
    /// `attribute …;`: syntax only.
    case attribute(SourceLocation)
    case classDecl(ClassDecl)
}

/// `class` or `interface` with its members.
public struct ClassDecl: Sendable {
    public var name: QualifiedName
    public var isInterface: Bool
    public var extends: QualifiedName?
    public var implements: [QualifiedName]
    public var members: [Member]
    /// The `class`/`interface` keyword.
    public var location: SourceLocation
    /// The closing `}`.
    public var endLocation: SourceLocation

    public init(
        name: QualifiedName, isInterface: Bool, extends: QualifiedName?, implements: [QualifiedName],
        members: [Member], location: SourceLocation, endLocation: SourceLocation
    ) {
        self.name = name
        self.isInterface = isInterface
        self.extends = extends
        self.implements = implements
        self.members = members
        self.location = location
        self.endLocation = endLocation
    }
}

/// A class member, in declaration order (a field may not reuse an earlier method's name).
public enum Member: Sendable {
    case field(FieldDecl)
    case method(MethodDecl)
}

/// A declared name with an optional type: a field (`var name : T;` or the C-style
/// `T name;`) or a parameter (`var name [: T]`).
public struct VariableDecl: Sendable {
    public var name: String
    /// nil for `var name` with no type (untyped).
    public var type: TypeSyntax?
    /// The name.
    public var location: SourceLocation

    public init(name: String, type: TypeSyntax?, location: SourceLocation) {
        self.name = name
        self.type = type
        self.location = location
    }
}

public typealias FieldDecl = VariableDecl
public typealias ParameterDecl = VariableDecl

/// A method: `T name(params) [N] { … }` or, in an interface or native stub, `… ;`.
public struct MethodDecl: Sendable {
    public var name: String
    public var returnType: TypeSyntax
    public var parameters: [ParameterDecl]
    /// The explicit `[N]`, if written.
    public var ordinal: Int?
    public var ordinalLocation: SourceLocation?
    /// nil when the method ends in `;`.
    public var body: Block?
    /// The method name.
    public var location: SourceLocation

    public init(
        name: String, returnType: TypeSyntax, parameters: [ParameterDecl], ordinal: Int?,
        ordinalLocation: SourceLocation?, body: Block?, location: SourceLocation
    ) {
        self.name = name
        self.returnType = returnType
        self.parameters = parameters
        self.ordinal = ordinal
        self.ordinalLocation = ordinalLocation
        self.body = body
        self.location = location
    }
}

// MARK: - Statements

/// `{ … }` with the place of its closing brace (the line of a method's final `ret`).
public struct Block: Sendable {
    public var statements: [Statement]
    public var location: SourceLocation
    public var endLocation: SourceLocation

    public init(statements: [Statement], location: SourceLocation, endLocation: SourceLocation) {
        self.statements = statements
        self.location = location
        self.endLocation = endLocation
    }
}

/// A statement and the place of its first token.
public struct Statement: Sendable {
    public indirect enum Kind: Sendable {
        case block(Block)
        /// `var name : T;` (a local; hoisted to the whole method).
        case variable(name: String, type: TypeSyntax)
        case ifElse(condition: Expression, then: Statement, otherwise: Statement?)
        case whileLoop(condition: Expression, body: Statement)
        /// `do A while (C) B`; `tail` is nil for the C-style `do A while (C);`.
        case doWhile(body: Statement, condition: Expression, tail: Statement?)
        case switchStatement(subject: Expression, items: [SwitchItem])
        case breakStatement
        case continueStatement
        case returnStatement(Expression?)
        case throwStatement(Expression)
        case tryCatch(body: Statement, catchType: TypeSyntax, name: String, nameLocation: SourceLocation, handler: Statement)
        case foreach(name: String, collection: Expression, body: Statement)
        case expression(Expression)
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// One element of a `switch` body, in source order.
public enum SwitchItem: Sendable {
    case caseLabel(Expression, SourceLocation)
    case defaultLabel(SourceLocation)
    case statement(Statement)
}

// MARK: - Expressions

/// Binary operators (LANGUAGE.md §5.2, §6.2).
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case bitOr = "|", bitAnd = "&"
    case logicalAnd = "&&", logicalOr = "||"
    case equal = "==", notEqual = "!="
    case less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">="
    case identical = ":==", notIdentical = ":!="
}

/// An expression and the place of its first token (for a binary one, its operator).
public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case name(String)
        case null
        case this
        /// Already truncated to 32 bits (LANGUAGE.md §1), and negated for `-N`.
        case integer(Int32)
        /// The bytes of a string literal, escapes decoded.
        case string([UInt8])
        /// `import "path"`: the file's bytes at compile time.
        case importFile(path: String)
        /// `( e )`: kept because a parenthesised expression may take a postfix.
        case parenthesized(Expression)
        /// `(T) rest`: covers the whole following `Logical`.
        case cast(TypeSyntax, Expression)
        /// `recv.name(args)`, or `name(args)` (receiver nil, meaning `this`).
        case call(receiver: Expression?, name: String, arguments: [Expression])
        /// `recv.N(args)`.
        case ordinalCall(receiver: Expression, ordinal: Int, arguments: [Expression])
        /// `recv.*(nameExpr)(args)`: call by runtime name (opt-in extension, §10.3).
        case dynamicCall(receiver: Expression, name: Expression, arguments: [Expression])
        case index(Expression, Expression)
        case assign(target: Expression, value: Expression)
        /// `target .= value`: parsed, rejected ("not implemented").
        case dotAssign(target: Expression, value: Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// Prefix `!`.
        case not(Expression)
        /// Postfix `~`.
        case bitNot(Expression)
        /// `new T(args)` and `new T[]()`.
        case new(TypeSyntax, arguments: [Expression])
        /// `new *(cls) [: T] (args)`: the arguments are kept but never evaluated.
        case newDynamic(classObject: Expression, staticType: TypeSyntax?, arguments: [Expression])
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

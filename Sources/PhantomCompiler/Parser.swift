// Parser.swift — builds the syntax tree of one `.ph` file (PhantomCompiler, front end).
//
// Recursive descent over LANGUAGE.md §3–5, one function per rule; tokens come from
// Lexer.swift, the tree is AST.swift, and the checker (Checker.swift, CodeGen.swift)
// gives it meaning. The parser decides only what the grammar decides, with one
// exception: a parenthesised type name at the start of an expression is told apart
// from a parenthesised expression by looking at the tokens (§5.3), since no class
// table exists yet.
//
// Errors: a syntax error is reported as "expected X, found Y" at the offending token,
// then `SyntaxError` unwinds to the nearest recovery point — the statement, the class
// member or the top-level item — which skips to a `;` or past a closing `}` and goes
// on. To keep cascades short, nothing is reported twice at one token, nor at an
// `.invalid` token (the lexer has already spoken).
//
// Termination and the stack: every loop consumes a token per turn, so the parser ends
// on any input. Nesting of statements and expressions, and the height of expression
// trees (which later passes walk recursively), are limited to `Parser.maximumNesting`.
// Operator chains are parsed by loops, so the stack grows only with real nesting; at
// the limit the parser needs about 0.5 MB of stack in a release build and 2 MB in a
// debug build (measured on x86-64), well inside a default 8 MB thread.

/// Parses a source file into a `SourceUnit`.
public enum Parser {
    /// How deeply statements and expressions may nest (blocks, parentheses, arguments,
    /// operators), in the parser and in the tree it builds, so that no recursion over
    /// the tree comes near the stack's end.
    public static let maximumNesting = 256

    /// The file's top-level items; lexical and syntax errors go to `diagnostics` in
    /// source order. Items with errors are left out or kept partially.
    public static func parse(_ file: SourceFile, diagnostics: inout DiagnosticList) -> SourceUnit {
        var state = ParserState(file: file)
        let items = state.parseUnit()
        state.flushDiagnostics(into: &diagnostics)
        return SourceUnit(file: file, items: items)
    }
}

/// Thrown once a syntax error has been reported, to unwind to a recovery point.
struct SyntaxError: Error {}

/// The parser's position in one file's tokens, and what it has reported.
struct ParserState {
    let file: SourceFile
    /// Never empty: the last token is `.endOfFile`.
    let tokens: [Token]
    var position = 0
    /// Current statement/expression nesting (see `Parser.maximumNesting`).
    var depth = 0
    var lexicalDiagnostics = DiagnosticList()
    var syntaxDiagnostics = DiagnosticList()
    /// The token the last syntax error was reported at, to report each token once.
    var lastErrorPosition = -1
    var seenPackage = false
    /// How many times parsing gave up on a construct and recovered; each must have left
    /// a diagnostic (the fuzz tests check this).
    var recoveries = 0

    init(file: SourceFile) {
        self.file = file
        tokens = Lexer.tokenize(file, diagnostics: &lexicalDiagnostics)
    }

    /// Lexical and syntax errors, merged in source order.
    func flushDiagnostics(into diagnostics: inout DiagnosticList) {
        let merged = (lexicalDiagnostics.all + syntaxDiagnostics.all).enumerated().sorted {
            ($0.element.location, $0.offset) < ($1.element.location, $1.offset)
        }
        for (_, diagnostic) in merged {
            diagnostics.error(diagnostic.message, in: file, at: diagnostic.location)
        }
    }

    // MARK: - Tokens

    var current: Token { tokens[position] }
    var atEnd: Bool { current.kind == .endOfFile }

    func token(at index: Int) -> Token { tokens[min(max(index, 0), tokens.count - 1)] }

    /// Moves on one token (never past `.endOfFile`) and returns the one left behind.
    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func isPunctuator(_ punctuator: Punctuator, at index: Int? = nil) -> Bool {
        token(at: index ?? position).kind == .punctuator(punctuator)
    }

    func isKeyword(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    mutating func accept(_ punctuator: Punctuator) -> Bool {
        guard isPunctuator(punctuator) else { return false }
        advance()
        return true
    }

    mutating func acceptKeyword(_ keyword: Keyword) -> Bool {
        guard isKeyword(keyword) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func expect(_ punctuator: Punctuator, _ context: String, note: String = "") throws(SyntaxError) -> Token {
        guard isPunctuator(punctuator) else { throw fail("expected '\(punctuator.rawValue)' \(context)", note: note) }
        return advance()
    }

    mutating func expectKeyword(_ keyword: Keyword, _ context: String) throws(SyntaxError) {
        guard acceptKeyword(keyword) else { throw fail("expected '\(keyword.rawValue)' \(context)") }
    }

    mutating func expectIdentifier(_ what: String) throws(SyntaxError) -> (String, SourceLocation) {
        guard case .identifier(let name) = current.kind else {
            let reserved = if case .keyword = current.kind { " (a reserved word)" } else { "" }
            throw fail("expected \(what)", note: reserved)
        }
        return (name, advance().location)
    }

    static func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier(let name): "identifier '\(name)'"
        case .keyword(let keyword): "'\(keyword.rawValue)'"
        case .integer: "integer literal"
        case .string: "string literal"
        case .punctuator(let punctuator): "'\(punctuator.rawValue)'"
        case .invalid: "invalid token"
        case .endOfFile: "end of file"
        }
    }

    // MARK: - Errors and recovery

    /// Reports "`expected`, found <token>`note`" at the current token and returns the
    /// error to throw.
    mutating func fail(_ expected: String, note: String = "") -> SyntaxError {
        failHere("\(expected), found \(Self.describe(current))\(note)")
    }

    /// Reports `message` at the token at `index` (default: the current one) and returns
    /// the error to throw. Silent at a token already reported on, or an invalid one.
    mutating func failHere(_ message: String, at index: Int? = nil) -> SyntaxError {
        let index = index ?? position
        let token = token(at: index)
        // After an unterminated string or comment, the end of the file is no news.
        let afterInvalid = token.kind == .endOfFile && self.token(at: index - 1).kind == .invalid
        if index != lastErrorPosition, token.kind != .invalid, !afterInvalid {
            syntaxDiagnostics.error(message, in: file, at: token.location)
        }
        lastErrorPosition = index
        return SyntaxError()
    }

    /// An error about something well formed but not allowed; parsing goes on.
    mutating func report(_ message: String, at location: SourceLocation) {
        syntaxDiagnostics.error(message, in: file, at: location)
    }

    /// Skips to just after a `;`, or just after the `}` that closes a brace opened while
    /// skipping, or to a `}` closing an enclosing block (left for its owner), whichever
    /// comes first. Used inside class bodies and method bodies.
    mutating func synchronize() {
        recoveries += 1
        var braces = 0
        while !atEnd {
            switch current.kind {
            case .punctuator(.semicolon) where braces == 0:
                advance()
                return
            case .punctuator(.leftBrace):
                braces += 1
            case .punctuator(.rightBrace):
                if braces == 0 { return }
                braces -= 1
                if braces == 0 {
                    advance()
                    return
                }
            default:
                break
            }
            advance()
        }
    }

    /// Skips to just after a `;` at brace depth 0, or to the keyword of the next
    /// top-level item.
    mutating func synchronizeTopLevel(from start: Int) {
        recoveries += 1
        var braces = 0
        while !atEnd {
            switch current.kind {
            case .punctuator(.semicolon) where braces == 0:
                advance()
                return
            case .punctuator(.leftBrace):
                braces += 1
            case .punctuator(.rightBrace):
                braces = max(0, braces - 1)
            default:
                if startsTopItem, braces == 0, position != start { return }
            }
            advance()
        }
    }

    /// Counts one level of nesting; too many is an error.
    mutating func enter() throws(SyntaxError) {
        guard depth < Parser.maximumNesting else { throw nestingTooDeep() }
        depth += 1
    }

    mutating func nestingTooDeep() -> SyntaxError {
        failHere("nesting too deep (more than \(Parser.maximumNesting) levels)")
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Top level (§3.1)

    mutating func parseUnit() -> [TopItem] {
        var items: [TopItem] = []
        while !atEnd {
            if accept(.semicolon) { continue }
            let start = position
            do {
                let (item, what) = try parseTopItem()
                if let item { items.append(item) }
                if !accept(.semicolon) {
                    _ = fail("expected ';' after \(what) (every top-level item ends in ';')")
                    if !startsTopItem { synchronizeTopLevel(from: position) }
                }
            } catch {
                synchronizeTopLevel(from: start)
            }
            if position == start { advance() }
        }
        return items
    }

    var startsTopItem: Bool {
        switch current.kind {
        case .keyword(.class), .keyword(.interface), .keyword(.package), .keyword(.import), .keyword(.attribute): true
        default: false
        }
    }

    /// One item without its `;`, and what it is for messages. nil if it was rejected.
    mutating func parseTopItem() throws(SyntaxError) -> (TopItem?, String) {
        let keyword = current
        switch keyword.kind {
        case .keyword(.package):
            advance()
            let name = try parseName()
            defer { seenPackage = true }
            if !name.isAbsolute {
                report("a package name must be absolute (start with '.')", at: name.location)
                return (nil, "'package'")
            }
            if seenPackage {
                report("only one 'package' is allowed per file", at: keyword.location)
                return (nil, "'package'")
            }
            return (.package(name), "'package'")
        case .keyword(.import):
            advance()
            let name = try parseName()
            if !name.isAbsolute {
                report("an imported class needs an absolute name (starting with '.')", at: name.location)
                return (nil, "'import'")
            }
            return (.importClass(name), "'import'")
        case .keyword(.attribute):
            advance()
            repeat { try parseAttribute(isDefinition: true) } while accept(.comma)
            return (.attribute(keyword.location), "'attribute'")
        case .keyword(.class), .keyword(.interface):
            let declaration = try parseClass()
            return (.classDecl(declaration), "the \(declaration.isInterface ? "interface" : "class") body")
        default:
            throw fail("expected 'class', 'interface', 'package', 'import' or 'attribute'")
        }
    }

    // MARK: - Names and attributes (§3.1, §3.2)

    /// `["."] Comp {"." Comp}`, where a component is an identifier or a string.
    mutating func parseName() throws(SyntaxError) -> QualifiedName {
        let location = current.location
        let isAbsolute = accept(.dot)
        var components = [try parseNameComponent(afterDot: isAbsolute)]
        while accept(.dot) { components.append(try parseNameComponent(afterDot: true)) }
        return QualifiedName(isAbsolute: isAbsolute, components: components, location: location)
    }

    mutating func parseNameComponent(afterDot: Bool) throws(SyntaxError) -> String {
        switch current.kind {
        case .identifier(let name):
            advance()
            return name
        case .string(let bytes):
            advance()
            return String(decoding: bytes, as: UTF8.self)
        case .keyword(let keyword) where afterDot:
            // `.internal.class`: taken as written, so that the name gives one error.
            _ = fail("expected a name component", note: " (quote a reserved word: \"\(keyword.rawValue)\")")
            advance()
            return keyword.rawValue
        case .keyword(let keyword):
            throw fail("expected a name", note: " ('\(keyword.rawValue)' is reserved)")
        case .punctuator(.star):
            throw fail("expected a name component", note: " (there are no wildcard imports)")
        default:
            throw fail(afterDot ? "expected a name component" : "expected a name")
        }
    }

    var startsName: Bool {
        switch current.kind {
        case .identifier, .string, .punctuator(.dot): true
        default: false
        }
    }

    /// `["~"] ClassRef { "+" | "*" | "!->" | "->!" | "!" }`. The arrows and `~` are each
    /// allowed only in one of a definition and a use.
    mutating func parseAttribute(isDefinition: Bool) throws(SyntaxError) {
        if isPunctuator(.tilde) {
            if isDefinition { report("'~' is not allowed in an attribute definition", at: current.location) }
            advance()
        }
        _ = try parseName()
        while case .punctuator(let punctuator) = current.kind,
            [.plus, .star, .bang, .bangArrow, .arrowBang].contains(punctuator)
        {
            if !isDefinition, punctuator == .bangArrow || punctuator == .arrowBang {
                report("'\(punctuator.rawValue)' is allowed only in an attribute definition", at: current.location)
            }
            advance()
        }
    }

    /// `("@"|"attribute") Attr {"," Attr}`, possibly repeated; parsed and discarded.
    /// A comma continues the list only if an attribute follows, since in a parameter
    /// list the comma may belong to the next parameter. Returns whether any was found.
    @discardableResult
    mutating func parseAttributes() throws(SyntaxError) -> Bool {
        var found = false
        while isPunctuator(.at) || isKeyword(.attribute) {
            found = true
            advance()
            try parseAttribute(isDefinition: false)
            while isPunctuator(.comma), startsAttribute(at: position + 1) {
                advance()
                try parseAttribute(isDefinition: false)
            }
        }
        return found
    }

    func startsAttribute(at index: Int) -> Bool {
        switch token(at: index).kind {
        case .identifier, .string, .punctuator(.dot), .punctuator(.tilde): true
        default: false
        }
    }

    // MARK: - Types (§3.3)

    /// `["static"] ("void" | "*" Expr | ClassRef) ["[" ["*" Expr | ClassRef] "]"] [Attrs]`.
    mutating func parseType() throws(SyntaxError) -> TypeSyntax {
        let location = current.location
        let isStatic = acceptKeyword(.static)
        let base: TypeSyntax.Base
        if acceptKeyword(.void) {
            base = .void
        } else if accept(.star) {
            _ = try parseExpression()
            base = .starExpression
        } else if startsName {
            base = .named(try parseName())
        } else {
            throw fail("expected a type")
        }
        var container = TypeSyntax.Container.none
        if accept(.leftBracket) {
            if accept(.rightBracket) {
                container = .array
            } else {
                if accept(.star) { _ = try parseExpression() } else { _ = try parseName() }
                try expect(.rightBracket, "after a container class")
                container = .custom
            }
        }
        try parseAttributes()
        return TypeSyntax(base: base, container: container, isStatic: isStatic, location: location)
    }

    // MARK: - Classes and members (§3.3)

    mutating func parseClass() throws(SyntaxError) -> ClassDecl {
        let keyword = advance()
        let isInterface = keyword.kind == .keyword(.interface)
        let name = try parseName()
        try parseAttributes()
        var extends: QualifiedName?
        var implements: [QualifiedName] = []
        while true {
            if acceptKeyword(.extends) {
                let parent = try parseName()
                if extends == nil {
                    extends = parent
                } else {
                    report("a class can have only one 'extends'", at: parent.location)
                }
            } else if acceptKeyword(.implements) {
                implements.append(try parseName())
            } else {
                break
            }
        }
        try expect(.leftBrace, "to open the body of '\(name.text)'")
        var members: [Member] = []
        while !isPunctuator(.rightBrace), !atEnd {
            let start = position
            do {
                if let member = try parseMember(inInterface: isInterface) { members.append(member) }
            } catch {
                synchronize()
            }
            if position == start, !isPunctuator(.rightBrace) { advance() }
        }
        let end = current.location
        if !accept(.rightBrace) { _ = fail("expected '}' to close the body of '\(name.text)'") }
        return ClassDecl(
            name: name, isInterface: isInterface, extends: extends, implements: implements, members: members,
            location: keyword.location, endLocation: end)
    }

    /// One member; nil for a rejected stray `;`.
    mutating func parseMember(inInterface: Bool) throws(SyntaxError) -> Member? {
        if isPunctuator(.semicolon) {
            _ = fail("expected a member declaration", note: " (no ';' after a method body or inside a class)")
            advance()
            return nil
        }
        if isKeyword(.var) {
            let keyword = advance()
            let (name, location) = try expectIdentifier("a field name after 'var'")
            let type = try accept(.colon) ? parseType() : nil
            try parseAttributes()
            try expect(.semicolon, "after field '\(name)'")
            if inInterface { report("an interface cannot have fields", at: keyword.location) }
            return .field(FieldDecl(name: name, type: type, location: location))
        }
        guard startsName || isKeyword(.void) || isKeyword(.static) || isPunctuator(.star) else {
            throw fail("expected a member declaration ('var name : type;' or a method)")
        }
        let type = try parseType()
        try parseAttributes()
        let (name, location) = try expectIdentifier("a member name")
        if accept(.semicolon) {
            if inInterface { report("an interface cannot have fields", at: location) }
            return .field(FieldDecl(name: name, type: type, location: location))
        }
        guard isPunctuator(.leftParen) else { throw fail("expected ';' or '(' after member '\(name)'") }
        return .method(try parseMethod(name: name, returnType: type, location: location))
    }

    /// From the `(` of `T name ( [Param {, Param}] ) [ "[" Int "]" ] [Attrs] (Block | ";")`.
    mutating func parseMethod(name: String, returnType: TypeSyntax, location: SourceLocation) throws(SyntaxError)
        -> MethodDecl
    {
        advance()
        var parameters: [ParameterDecl] = []
        if !accept(.rightParen) {
            repeat {
                guard acceptKeyword(.var) else {
                    let note = startsName ? " (C-style parameters are not supported)" : ""
                    throw fail("expected a parameter 'var name : type'", note: note)
                }
                let (parameter, location) = try expectIdentifier("a parameter name after 'var'")
                let type = try accept(.colon) ? parseType() : nil
                try parseAttributes()
                parameters.append(ParameterDecl(name: parameter, type: type, location: location))
            } while accept(.comma)
            try expect(.rightParen, "after the parameters of '\(name)'")
        }
        let attributesFirst = try parseAttributes()
        var ordinal: Int?
        var ordinalLocation: SourceLocation?
        if isPunctuator(.leftBracket) {
            if attributesFirst {
                report("expected the method ordinal '[N]' before the attributes", at: current.location)
            }
            advance()
            guard case .integer(let value) = current.kind else { throw fail("expected a method ordinal") }
            let place = advance().location
            if value < 0 { report("a method ordinal cannot be negative", at: place) }
            ordinal = Int(value)
            ordinalLocation = place
            try expect(.rightBracket, "after the method ordinal")
            try parseAttributes()
        }
        var body: Block?
        if isPunctuator(.leftBrace) {
            body = try parseBlock()
        } else if !accept(.semicolon) {
            throw fail("expected '{' or ';' after the header of method '\(name)'")
        }
        return MethodDecl(
            name: name, returnType: returnType, parameters: parameters, ordinal: ordinal,
            ordinalLocation: ordinalLocation, body: body, location: location)
    }

    // MARK: - Statements (§4)

    mutating func parseBlock() throws(SyntaxError) -> Block {
        let open = try expect(.leftBrace, "to open a block")
        var statements: [Statement] = []
        while !isPunctuator(.rightBrace), !atEnd {
            let start = position
            if let statement = parseStatementRecovering() { statements.append(statement) }
            if position == start, !isPunctuator(.rightBrace) { advance() }
        }
        let close = try expect(.rightBrace, "to close the block")
        return Block(statements: statements, location: open.location, endLocation: close.location)
    }

    /// A statement, or nil after reporting an error and skipping past it.
    mutating func parseStatementRecovering() -> Statement? {
        do {
            return try parseStatement()
        } catch {
            synchronize()
            return nil
        }
    }

    /// Dispatches on the first token. Each form has its own function, which keeps this
    /// frame, on the stack once per nesting level, small.
    mutating func parseStatement() throws(SyntaxError) -> Statement {
        try enter()
        defer { leave() }
        let location = current.location
        let kind: Statement.Kind
        switch current.kind {
        case .punctuator(.leftBrace): kind = .block(try parseBlock())
        case .punctuator(.semicolon):
            throw fail("expected a statement", note: " (there is no empty statement; write '{}')")
        case .keyword(.var): kind = try parseLocalVariable()
        case .keyword(.if): kind = try parseIf()
        case .keyword(.while): kind = try parseWhile()
        case .keyword(.do): kind = try parseDoWhile()
        case .keyword(.switch): kind = try parseSwitch()
        case .keyword(.break), .keyword(.continue): kind = try parseJump()
        case .keyword(.return), .keyword(.throw): kind = try parseReturnOrThrow()
        case .keyword(.try): kind = try parseTryCatch()
        case .keyword(.foreach): kind = try parseForeach()
        default: kind = try parseExpressionStatement()
        }
        return Statement(kind, at: location)
    }

    /// `"var" Ident ":" Type [Attrs] ";"`: unlike a field, a local must be typed.
    mutating func parseLocalVariable() throws(SyntaxError) -> Statement.Kind {
        advance()
        let (name, _) = try expectIdentifier("a variable name after 'var'")
        try expect(.colon, "and a type after local variable '\(name)'", note: " (locals must be typed)")
        let type = try parseType()
        try expect(.semicolon, "after the declaration of '\(name)'")
        return .variable(name: name, type: type)
    }

    mutating func parseIf() throws(SyntaxError) -> Statement.Kind {
        advance()
        let condition = try parseCondition("if")
        let then = try parseStatement()
        let otherwise = try acceptKeyword(.else) ? parseStatement() : nil
        return .ifElse(condition: condition, then: then, otherwise: otherwise)
    }

    mutating func parseWhile() throws(SyntaxError) -> Statement.Kind {
        advance()
        let condition = try parseCondition("while")
        return .whileLoop(condition: condition, body: try parseStatement())
    }

    /// `"do" Stmt "while" "(" Expr ")" (";" | Stmt)` (quirk Q1).
    mutating func parseDoWhile() throws(SyntaxError) -> Statement.Kind {
        advance()
        let body = try parseStatement()
        try expectKeyword(.while, "after the body of 'do'")
        let condition = try parseCondition("while")
        let tail = try accept(.semicolon) ? nil : parseStatement()
        return .doWhile(body: body, condition: condition, tail: tail)
    }

    mutating func parseSwitch() throws(SyntaxError) -> Statement.Kind {
        advance()
        let subject = try parseCondition("switch")
        return .switchStatement(subject: subject, items: try parseSwitchBody())
    }

    mutating func parseJump() throws(SyntaxError) -> Statement.Kind {
        let isBreak = advance().kind == .keyword(.break)
        try expect(.semicolon, isBreak ? "after 'break'" : "after 'continue'")
        return isBreak ? .breakStatement : .continueStatement
    }

    mutating func parseReturnOrThrow() throws(SyntaxError) -> Statement.Kind {
        let isReturn = advance().kind == .keyword(.return)
        if isReturn, accept(.semicolon) { return .returnStatement(nil) }
        let value = try parseExpression()
        try expect(.semicolon, isReturn ? "after 'return'" : "after 'throw'")
        return isReturn ? .returnStatement(value) : .throwStatement(value)
    }

    /// `"try" Stmt "catch" "(" Type Ident ")" Stmt`: one catch, no finally.
    mutating func parseTryCatch() throws(SyntaxError) -> Statement.Kind {
        advance()
        let body = try parseStatement()
        try expectKeyword(.catch, "after the body of 'try'")
        try expect(.leftParen, "after 'catch'")
        let type = try parseType()
        let (name, nameLocation) = try expectIdentifier("a variable name after the caught type")
        try expect(.rightParen, "after the caught variable")
        let handler = try parseStatement()
        return .tryCatch(body: body, catchType: type, name: name, nameLocation: nameLocation, handler: handler)
    }

    mutating func parseForeach() throws(SyntaxError) -> Statement.Kind {
        advance()
        try expect(.leftParen, "after 'foreach'")
        let (name, _) = try expectIdentifier("a variable name in 'foreach'")
        try expectKeyword(.in, "after the 'foreach' variable")
        let collection = try parseExpression()
        try expect(.rightParen, "after the 'foreach' collection")
        return .foreach(name: name, collection: collection, body: try parseStatement())
    }

    mutating func parseExpressionStatement() throws(SyntaxError) -> Statement.Kind {
        if let (type, name) = cStyleDeclaration {
            throw failHere("expected a statement, found a C-style declaration (write 'var \(name) : \(type);')")
        }
        let expression = try parseExpression()
        try expect(.semicolon, "after the expression")
        return .expression(expression)
    }

    /// `"(" Expr ")"` after `if`, `while` and `switch`.
    mutating func parseCondition(_ keyword: String) throws(SyntaxError) -> Expression {
        try expect(.leftParen, "after '\(keyword)'")
        let condition = try parseExpression()
        try expect(.rightParen, "after the '\(keyword)' condition")
        return condition
    }

    /// The type and name of a C-style local such as `int x;` here — `Name ["[" "]"]
    /// Ident`, never an expression — or nil. Quirk Q22, where `Ident Type Ident;`
    /// declared a local, falls under it too.
    var cStyleDeclaration: (type: String, name: String)? {
        var index = position
        var type = ""
        if isPunctuator(.dot, at: index) {
            type = "."
            index += 1
        }
        guard case .identifier(let first) = token(at: index).kind else { return nil }
        type += first
        index += 1
        while isPunctuator(.dot, at: index) {
            switch token(at: index + 1).kind {
            case .identifier(let component): type += "." + component
            case .string(let bytes): type += ".\"" + String(decoding: bytes, as: UTF8.self) + "\""
            default: return nil
            }
            index += 2
        }
        if isPunctuator(.leftBracket, at: index), isPunctuator(.rightBracket, at: index + 1) {
            type += "[]"
            index += 2
        }
        guard case .identifier(let name) = token(at: index).kind else { return nil }
        return (type, name)
    }

    /// `"{" { "case" Expr ":" | "default" ":" | Stmt } "}"`.
    mutating func parseSwitchBody() throws(SyntaxError) -> [SwitchItem] {
        try expect(.leftBrace, "to open the 'switch' body")
        var items: [SwitchItem] = []
        while !isPunctuator(.rightBrace), !atEnd {
            let start = position
            let location = current.location
            if acceptKeyword(.case) {
                do {
                    let value = try parseExpression()
                    try expect(.colon, "after the 'case' value")
                    items.append(.caseLabel(value, location))
                } catch {
                    synchronize()
                }
            } else if acceptKeyword(.default) {
                if accept(.colon) {
                    items.append(.defaultLabel(location))
                } else {
                    _ = fail("expected ':' after 'default'")
                    synchronize()
                }
            } else if let statement = parseStatementRecovering() {
                items.append(.statement(statement))
            }
            if position == start, !isPunctuator(.rightBrace) { advance() }
        }
        try expect(.rightBrace, "to close the 'switch' body")
        return items
    }

    // MARK: - Expressions (§5)
    //
    // Operator chains and `!` are parsed by loops, not recursion, so the parser's stack
    // grows only with parentheses, arguments, subscripts and assignments. The tree's
    // height is tracked all the same (`Parsed`) and limited together with the nesting
    // above it, because the checker and code generator recurse over the tree.

    /// `Expr = "(" CastType ")" Logical | Logical`.
    mutating func parseExpression() throws(SyntaxError) -> Expression {
        try parseNestedExpression().expression
    }

    mutating func parseNestedExpression() throws(SyntaxError) -> Parsed {
        try enter()
        defer { leave() }
        return try isPunctuator(.leftParen) && isCast ? parseCast() : parseLogical()
    }

    /// `"(" CastType ")" Logical`: the cast covers the whole following Logical.
    mutating func parseCast() throws(SyntaxError) -> Parsed {
        let open = advance()
        let typeLocation = current.location
        let base: TypeSyntax.Base = try acceptKeyword(.void) ? .void : .named(parseName())
        try expect(.rightParen, "after the cast type")
        let operand = try parseLogical()
        let type = TypeSyntax(base: base, location: typeLocation)
        return try make(.cast(type, operand.expression), at: open.location, over: operand.height)
    }

    static let builtinCastNames: Set<String> = ["int", "long", "float", "double", "string"]

    /// Whether the `(` here opens a cast (§5.3): `( Name )` where the name is a built-in
    /// type or could not be an expression (absolute or dotted), or is a plain identifier
    /// followed by something that can only start an operand. `(x) - 1` and `(f)(y)` stay
    /// expressions; `(int) -1` is a cast. Built-in names are casts only before an
    /// operand too, so that `(int)` alone or `(int) + 1` read a variable named `int`.
    var isCast: Bool {
        var index = position + 1
        let isAbsolute = isPunctuator(.dot, at: index)
        if isAbsolute { index += 1 }
        var components: [Token.Kind] = []
        if !isAbsolute, token(at: index).kind == .keyword(.void) {
            components.append(token(at: index).kind)
            index += 1
        } else {
            while true {
                switch token(at: index).kind {
                case .identifier, .string: components.append(token(at: index).kind)
                default: return false
                }
                index += 1
                guard isPunctuator(.dot, at: index) else { break }
                index += 1
            }
        }
        guard isPunctuator(.rightParen, at: index) else { return false }
        let next = token(at: index + 1).kind
        if isAbsolute || components.count > 1 { return true }
        switch components.first {
        case .keyword(.void): return Self.startsOperand(next, includingMinusAndParen: true)
        case .identifier(let name):
            return Self.startsOperand(next, includingMinusAndParen: Self.builtinCastNames.contains(name))
        default: return false
        }
    }

    static func startsOperand(_ kind: Token.Kind, includingMinusAndParen: Bool) -> Bool {
        switch kind {
        case .identifier, .integer, .string, .keyword(.null), .keyword(.this), .keyword(.new), .keyword(.import),
            .punctuator(.bang):
            true
        case .punctuator(.minus), .punctuator(.leftParen): includingMinusAndParen
        default: false
        }
    }

    /// The binary operators by punctuator, with their level, loosest first (§5.2):
    /// `&& ||` 0, comparisons 1, `:== :!=` 2, `+ -` 3, `* / %` 4, `| &` 5. All are
    /// left-associative.
    static let binaryOperators: [Punctuator: (BinaryOperator, level: Int)] = [
        .ampersandAmpersand: (.logicalAnd, 0), .pipePipe: (.logicalOr, 0),
        .equalEqual: (.equal, 1), .bangEqual: (.notEqual, 1), .less: (.less, 1), .greater: (.greater, 1),
        .lessEqual: (.lessEqual, 1), .greaterEqual: (.greaterEqual, 1),
        .colonEqualEqual: (.identical, 2), .colonBangEqual: (.notIdentical, 2),
        .plus: (.add, 3), .minus: (.subtract, 3),
        .star: (.multiply, 4), .slash: (.divide, 4), .percent: (.remainder, 4),
        .pipe: (.bitOr, 5), .ampersand: (.bitAnd, 5),
    ]

    /// The level of `| &`, which postfix `~` closes: `a|b~` is `~(a|b)`, `a*b~` is `a*(~b)`.
    static let bitLevel = 5

    /// An operator waiting for its right operand.
    typealias PendingOperator = (op: BinaryOperator, level: Int, location: SourceLocation)

    /// `Logical = "!" Logical | Cmp { ("&&"|"||") Cmp }` with everything below it down
    /// to Bit, by operator precedence. A leading `!` covers all the rest: `!x && y` is
    /// `!(x && y)`.
    mutating func parseLogical() throws(SyntaxError) -> Parsed {
        var bangs: [SourceLocation] = []
        while isPunctuator(.bang) { bangs.append(advance().location) }
        var operands = [try parseUnary()]
        var operators: [PendingOperator] = []
        while case .punctuator(let punctuator) = current.kind {
            if punctuator == .tilde {
                advance()
                try reduce(&operands, &operators, downTo: Self.bitLevel)
                let operand = operands.removeLast()
                let kind = Expression.Kind.bitNot(operand.expression)
                operands.append(try make(kind, at: operand.expression.location, over: operand.height))
                continue
            }
            guard let (op, level) = Self.binaryOperators[punctuator] else { break }
            try reduce(&operands, &operators, downTo: level)
            operators.append((op, level, advance().location))
            operands.append(try parseUnary())
        }
        try reduce(&operands, &operators, downTo: 0)
        var result = operands[0]
        for location in bangs.reversed() {
            result = try make(.not(result.expression), at: location, over: result.height)
        }
        return result
    }

    /// Combines pending operators of `level` or tighter with their operands; there is
    /// always one more operand than operators.
    mutating func reduce(_ operands: inout [Parsed], _ operators: inout [PendingOperator], downTo level: Int)
        throws(SyntaxError)
    {
        while let top = operators.last, top.level >= level {
            operators.removeLast()
            let right = operands.removeLast()
            let left = operands.removeLast()
            let kind = Expression.Kind.binary(top.op, left.expression, right.expression)
            operands.append(try make(kind, at: top.location, over: max(left.height, right.height)))
        }
    }

    /// `Unary = String | "import" String | Int | "-" Int | New | Postfix [("="|".=") Expr]`.
    mutating func parseUnary() throws(SyntaxError) -> Parsed {
        let start = current
        let literal: Expression.Kind
        switch start.kind {
        case .string(let bytes):
            advance()
            literal = .string(bytes)
        case .integer(let value):
            advance()
            literal = .integer(value)
        case .punctuator(.minus):
            literal = try parseNegativeInteger()
        case .keyword(.import):
            literal = try parseImportFile()
        case .keyword(.new):
            let new = try parseNew()
            try rejectPostfix(after: "'new'")
            return new
        case .punctuator(.bang):
            let note = " ('!' covers the rest of the expression and may only start it; write '(!x)')"
            throw fail("expected an operand", note: note)
        default:
            return try parseAssignment()
        }
        try rejectPostfix(after: "a literal")
        return try make(literal, at: start.location)
    }

    /// `"-" Int`: only a literal can be negated, and the result wraps to 32 bits.
    mutating func parseNegativeInteger() throws(SyntaxError) -> Expression.Kind {
        advance()
        guard case .integer(let value) = current.kind else {
            throw fail("expected an integer literal after '-'", note: " (only literals can be negated; write '0 - x')")
        }
        advance()
        return .integer(0 &- value)
    }

    /// `"import" String`: the named file's bytes, read when the tree is compiled.
    mutating func parseImportFile() throws(SyntaxError) -> Expression.Kind {
        advance()
        guard case .string(let bytes) = current.kind else { throw fail("expected a file name string after 'import'") }
        advance()
        return .importFile(path: String(decoding: bytes, as: UTF8.self))
    }

    /// Literals and `new` take no postfix: `"a".concat("b")` must be `("a").concat("b")`.
    mutating func rejectPostfix(after what: String) throws(SyntaxError) {
        if isPunctuator(.dot) || isPunctuator(.leftParen) || isPunctuator(.leftBracket) {
            let note = " (\(what) cannot take a call or subscript; put it in parentheses)"
            throw fail("expected an operator", note: note)
        }
    }

    /// `Postfix [("="|".=") Expr]`: the target is not checked here.
    mutating func parseAssignment() throws(SyntaxError) -> Parsed {
        let target = try parsePostfix()
        let isDot = isPunctuator(.dotEqual)
        guard isDot || isPunctuator(.equal) else { return target }
        advance()
        let value = try parseNestedExpression()
        let kind: Expression.Kind =
            isDot
            ? .dotAssign(target: target.expression, value: value.expression)
            : .assign(target: target.expression, value: value.expression)
        return try make(kind, at: target.expression.location, over: max(target.height, value.height))
    }

    /// `Postfix = Atom { "." (Ident|Int) Args | Args | "[" Expr "]" }`, Atom = Ident |
    /// null | this | "(" Expr ")". Args may follow only a bare identifier.
    mutating func parsePostfix() throws(SyntaxError) -> Parsed {
        let start = current
        var result: Parsed
        switch start.kind {
        case .identifier(let name):
            advance()
            result = try make(.name(name), at: start.location)
            if isPunctuator(.leftParen) {
                let arguments = try parseArguments(after: "the method name")
                result = try make(
                    .call(receiver: nil, name: name, arguments: arguments.expressions), at: start.location,
                    over: arguments.height)
            }
        case .keyword(.null):
            advance()
            result = try make(.null, at: start.location)
        case .keyword(.this):
            advance()
            result = try make(.this, at: start.location)
        case .punctuator(.leftParen):
            advance()
            let inner = try parseNestedExpression()
            try expect(.rightParen, "to close the parenthesis")
            result = try make(.parenthesized(inner.expression), at: start.location, over: inner.height)
        default:
            throw fail("expected an expression")
        }
        while true {
            if accept(.dot) {
                result = try parseMemberCall(on: result)
            } else if accept(.leftBracket) {
                let index = try parseNestedExpression()
                try expect(.rightBracket, "after the index")
                let kind = Expression.Kind.index(result.expression, index.expression)
                result = try make(kind, at: start.location, over: max(result.height, index.height))
            } else if isPunctuator(.leftParen) {
                throw fail("only a method name can be called", note: " (not the result of a call or a parenthesis)")
            } else {
                return result
            }
        }
    }

    /// After `receiver.`: `name(args)`, `N(args)` or `*(nameExpr)(args)`.
    mutating func parseMemberCall(on receiver: Parsed) throws(SyntaxError) -> Parsed {
        let location = receiver.expression.location
        switch current.kind {
        case .identifier(let name):
            advance()
            let arguments = try parseArguments(
                after: "method name '\(name)'", note: " (there is no field access syntax)")
            let kind = Expression.Kind.call(receiver: receiver.expression, name: name, arguments: arguments.expressions)
            return try make(kind, at: location, over: max(receiver.height, arguments.height))
        case .integer(let ordinal):
            let ordinalLocation = advance().location
            if ordinal < 0 { report("a method ordinal cannot be negative", at: ordinalLocation) }
            let arguments = try parseArguments(after: "method ordinal \(ordinal)")
            let kind = Expression.Kind.ordinalCall(
                receiver: receiver.expression, ordinal: Int(ordinal), arguments: arguments.expressions)
            return try make(kind, at: location, over: max(receiver.height, arguments.height))
        case .punctuator(.star):
            advance()
            try expect(.leftParen, "after '.*'")
            let name = try parseNestedExpression()
            try expect(.rightParen, "after the method name expression")
            let arguments = try parseArguments(after: "'.*(name)'")
            let kind = Expression.Kind.dynamicCall(
                receiver: receiver.expression, name: name.expression, arguments: arguments.expressions)
            return try make(kind, at: location, over: max(receiver.height, name.height, arguments.height))
        default:
            throw fail("expected a method name or ordinal after '.'")
        }
    }

    /// `Args = "(" [Expr {"," Expr}] ")"`: commas are required (Q21 is not kept).
    mutating func parseArguments(after what: String, note: String = "") throws(SyntaxError)
        -> (expressions: [Expression], height: Int)
    {
        try expect(.leftParen, "after \(what)", note: note)
        var arguments: [Expression] = []
        var height = 0
        if accept(.rightParen) { return (arguments, height) }
        while true {
            let argument = try parseNestedExpression()
            arguments.append(argument.expression)
            height = max(height, argument.height)
            if accept(.comma) { continue }
            if accept(.rightParen) { return (arguments, height) }
            throw fail("expected ',' or ')' in the arguments")
        }
    }

    /// `New = "new" (Type | "*" "(" Expr ")" [":" Type]) Args`.
    mutating func parseNew() throws(SyntaxError) -> Parsed {
        let keyword = advance()
        if accept(.star) {
            try expect(.leftParen, "after 'new *'")
            let classObject = try parseNestedExpression()
            try expect(.rightParen, "after the class expression of 'new *'")
            let staticType = try accept(.colon) ? parseType() : nil
            let arguments = try parseArguments(after: "'new *(…)'")
            let kind = Expression.Kind.newDynamic(
                classObject: classObject.expression, staticType: staticType, arguments: arguments.expressions)
            return try make(kind, at: keyword.location, over: max(classObject.height, arguments.height))
        }
        let type = try parseType()
        let arguments = try parseArguments(after: "the class name in 'new'")
        return try make(.new(type, arguments: arguments.expressions), at: keyword.location, over: arguments.height)
    }

    /// A node over children of height at most `childHeight` (0 for a leaf). Its height
    /// plus the nesting around it must stay within `Parser.maximumNesting`.
    mutating func make(_ kind: Expression.Kind, at location: SourceLocation, over childHeight: Int = 0)
        throws(SyntaxError) -> Parsed
    {
        let height = childHeight + 1
        guard depth + height <= Parser.maximumNesting + 1 else { throw nestingTooDeep() }
        return Parsed(expression: Expression(kind, at: location), height: height)
    }
}

/// An expression with the height of its tree (a leaf is 1).
struct Parsed {
    var expression: Expression
    var height: Int
}

// CodeGen.swift — Phantom bytecode for method bodies (PhantomCompiler, back end).
//
// One `MethodGen` per method, after the checker (Checker.swift) has fixed every class's
// fields and ordinals. It type-checks the body as it generates it, because the types
// decide the code (LANGUAGE.md §6–7): where a number lives, which prefix an operator
// takes, which overload a call reaches.
//
// Expressions have no control flow (`&&` and `||` do not short-circuit, §6.2), so each
// one is generated into a `Fragment` of straight-line bytes that records its static type
// and whether its value sits unboxed on the integer stack (`onInts`) or as an object.
// Operators look at both operand fragments before gluing them together with the
// conversions they need. Statements emit fragments into the method's code and add the
// jumps, through labels patched when the method ends.
//
// Frame layout (BYTECODE.md §2): arguments in object cells 0…n−1, object locals after
// them, numeric locals from integer cell 0 (long and double take two cells), hidden
// temporaries (switch subjects, float comparisons) after the named ones. The prologue
// is `arg_count n` and one `stack_reserve` per 255 cells; a constructor then calls its
// parent's no-argument constructor; every method ends with `summon_null; ret`.
//
// Where this code differs from plc's, on purpose: a switch keeps its subject in a hidden
// local instead of on the stack (plc's stack bugs, Q19, cannot happen); `break` and
// `continue` pop the catchers of the try blocks they leave; `!=` on numbers gives 0/1;
// long/float/double equality compares exactly (Q18); numeric arguments and results are
// converted to the declared numeric type; `stack_reserve` reserves exactly the locals.
// Docs/Compiler.md lists these choices.

import PhantomCore

/// Straight-line bytecode with helpers for the operands' encodings (big-endian).
struct Code {
    var bytes: [UInt8] = []

    mutating func op(_ opcode: Opcode) { bytes.append(opcode.rawValue) }
    mutating func byte(_ value: UInt8) { bytes.append(value) }
    mutating func i32(_ value: Int) {
        let v = UInt32(truncatingIfNeeded: value)
        bytes += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
    mutating func prefixed(_ kind: NumericKind, _ opcode: Opcode) {
        if let prefix = kind.prefix { bytes.append(prefix) }
        op(opcode)
    }
    mutating func append(_ other: Code) { bytes += other.bytes }

    /// A call through the method table: the short `call_XX n` form when it fits.
    mutating func call(ordinal: Int, arguments: Int) {
        if ordinal < 32 && arguments < 16 {
            bytes += [0xA0 + UInt8(ordinal), UInt8(arguments)]
        } else {
            op(.call32bit)
            i32(ordinal)
            i32(arguments)
        }
    }

    mutating func integer(_ value: Int32) {
        switch value {
        case 0: op(.iconst0)
        case 1: op(.iconst1)
        case 2...255: op(.iconst8bit); byte(UInt8(value))
        default: op(.iconst32bit); i32(Int(value))
        }
    }
}

/// An expression's code and where its value ends up.
struct Fragment {
    var code = Code()
    var type: PhType
    /// The value is unboxed on the integer stack, of this kind; nil: one object.
    var onInts: NumericKind?
    /// The literal `null` (stores of it need no cast).
    var isNull = false

    init(_ type: PhType, onInts: NumericKind? = nil) {
        self.type = type
        self.onInts = onInts
    }

    static let error = Fragment(.error)

    /// The numeric kind of the value, boxed or not.
    var numeric: NumericKind? { onInts ?? type.numeric }
    /// The type overload resolution sees.
    var argumentType: PhType { isNull ? .object : type }
}

/// The string constants of one class (`c` records), shared by its methods.
final class ConstantPool {
    private(set) var constants: [ClassFile.Constant] = []
    private var ids: [[UInt8]: Int32] = [:]

    func id(of bytes: [UInt8]) -> Int32 {
        if let id = ids[bytes] { return id }
        let id = Int32(constants.count)
        ids[bytes] = id
        constants.append(ClassFile.Constant(id: id, type: .string, value: bytes))
        return id
    }
}

/// Generates one method.
final class MethodGen {
    /// A named local or parameter.
    struct Local {
        var type: PhType
        var slot: Int
        /// On the integer stack (numeric locals only; parameters are always objects).
        var kind: NumericKind?
    }

    /// An enclosing loop or switch, for `break` and `continue`.
    struct Breakable {
        var breakLabel: Int
        /// nil for a switch (`continue` goes to the loop around it).
        var continueLabel: Int?
        var tryDepth: Int
    }

    let checker: Checker
    let source: SourceClass
    let method: MethodInfo
    let decl: MethodDecl?
    let constants: ConstantPool
    /// File reading for `import "path"`, and the opt-in extensions.
    let options: PhantomCompiler.Options

    private var code = Code()
    private var lines: [ClassFile.LineMap.Entry] = []
    private var labels: [Int?] = []
    private var fixups: [(field: Int, label: Int)] = []
    private var numericLocals: [String: Local] = [:]
    private var objectLocals: [String: Local] = [:]
    private var objectCells = 0
    private var intCells = 0
    private var breakables: [Breakable] = []
    private var tryDepth = 0

    private var table: ClassTable { checker.table }
    private var file: SourceFile { source.file }
    private var className: String { source.info.name }

    init(
        checker: Checker, source: SourceClass, method: MethodInfo, decl: MethodDecl?, constants: ConstantPool,
        options: PhantomCompiler.Options
    ) {
        self.checker = checker
        self.source = source
        self.method = method
        self.decl = decl
        self.constants = constants
        self.options = options
    }

    private func error(_ message: String, at location: SourceLocation) {
        checker.diagnostics.error(message, in: file, at: location)
    }

    private func warning(_ message: String, at location: SourceLocation) {
        checker.diagnostics.warning(message, in: file, at: location)
    }

    // MARK: - The method

    /// The method's code and line map.
    func generate() -> (code: [UInt8], lines: [ClassFile.LineMap.Entry]) {
        let body = decl?.body
        if body == nil && decl != nil { return ([Opcode.ret.rawValue], []) }
        let arguments = method.parameters.count
        for (index, name) in method.parameterNames.enumerated() {
            objectLocals[name] = Local(type: method.parameters[index], slot: index, kind: nil)
        }
        if let body { hoist(body.statements) }
        if let body {
            for statement in body.statements { generate(statement) }
            mark(body.endLocation.line)
        }
        code.op(.summonNull)
        code.op(.ret)
        resolveLabels()

        var prologue = Code()
        prologue.op(.argCount)
        prologue.byte(UInt8(arguments))
        var objects = objectCells
        var ints = intCells
        while objects > 0 || ints > 0 {
            let o = min(objects, 255)
            let i = min(ints, 255)
            prologue.op(.stackReserve)
            prologue.byte(UInt8(o))
            prologue.byte(UInt8(i))
            objects -= o
            ints -= i
        }
        if method.isConstructor, let (parent, ordinal) = checker.parentConstructor(of: source.info) {
            prologue.op(.summonThis)
            summon(parent, into: &prologue)
            prologue.op(.staticInvoke)
            prologue.i32(ordinal)
            prologue.i32(0)
            prologue.op(.osDrop)
        }
        let shift = Int64(prologue.bytes.count)
        let line = Int32(decl?.location.line ?? source.decl.location.line)
        var map = [ClassFile.LineMap.Entry(ip: 0, line: line)]
        for entry in lines {
            let moved = ClassFile.LineMap.Entry(ip: entry.ip + shift, line: entry.line)
            if map.last?.ip == moved.ip { map[map.count - 1] = moved } else { map.append(moved) }
        }
        return (prologue.bytes + code.bytes, map)
    }

    /// Notes the source line of the code that follows.
    private func mark(_ line: Int) {
        let ip = Int64(code.bytes.count)
        if let last = lines.last {
            if last.line == Int32(line) { return }
            if last.ip == ip { lines.removeLast() }
        }
        lines.append(ClassFile.LineMap.Entry(ip: ip, line: Int32(line)))
    }

    // MARK: - Locals (§4: method-scoped and hoisted; the last declaration wins)

    private func hoist(_ statements: [Statement]) {
        for statement in statements { hoist(statement) }
    }

    private func hoist(_ statement: Statement) {
        switch statement.kind {
        case .block(let block): hoist(block.statements)
        case .variable(let name, let syntax):
            declareLocal(name, type: checker.resolveType(syntax, in: source))
        case .ifElse(_, let then, let otherwise):
            hoist(then)
            if let otherwise { hoist(otherwise) }
        case .whileLoop(_, let body): hoist(body)
        case .doWhile(let body, _, let tail):
            hoist(body)
            if let tail { hoist(tail) }
        case .switchStatement(_, let items):
            for case .statement(let inner) in items { hoist(inner) }
        case .tryCatch(let body, let catchType, let name, _, let handler):
            hoist(body)
            // The caught object itself: an object local whatever its class (§8).
            declareLocal(name, type: catchClass(catchType), isObject: true)
            hoist(handler)
        case .foreach(_, _, let body): hoist(body)
        case .breakStatement, .continueStatement, .returnStatement, .throwStatement, .expression: break
        }
    }

    private func declareLocal(_ name: String, type: PhType, isObject: Bool = false) {
        if let kind = type.numeric, !isObject {
            numericLocals[name] = Local(type: type, slot: intCells, kind: kind)
            intCells += kind.cells
        } else {
            objectLocals[name] = Local(type: type, slot: method.parameters.count + objectCells, kind: nil)
            objectCells += 1
        }
    }

    /// A hidden integer-stack cell (or two) of the method.
    private func temporary(_ kind: NumericKind) -> Int {
        defer { intCells += kind.cells }
        return intCells
    }

    private func catchClass(_ syntax: TypeSyntax) -> PhType {
        checker.resolveType(syntax, in: source)
    }

    // MARK: - Labels

    private func newLabel() -> Int {
        labels.append(nil)
        return labels.count - 1
    }

    private func bind(_ label: Int) { labels[label] = code.bytes.count }

    /// An instruction with a rel32 operand aimed at `label`.
    private func jump(_ opcode: Opcode, to label: Int) {
        code.op(opcode)
        fixups.append((code.bytes.count, label))
        code.i32(0)
    }

    private func resolveLabels() {
        for (field, label) in fixups {
            let target = labels[label] ?? field
            let displacement = UInt32(truncatingIfNeeded: target - field)
            code.bytes[field] = UInt8(displacement >> 24)
            code.bytes[field + 1] = UInt8((displacement >> 16) & 0xFF)
            code.bytes[field + 2] = UInt8((displacement >> 8) & 0xFF)
            code.bytes[field + 3] = UInt8(displacement & 0xFF)
        }
    }

    // MARK: - Statements

    private func generate(_ statement: Statement) {
        mark(statement.location.line)
        switch statement.kind {
        case .block(let block):
            for inner in block.statements { generate(inner) }
        case .variable:
            break
        case .ifElse(let condition, let then, let otherwise):
            code.append(self.condition(condition).code)
            let elseLabel = newLabel()
            jump(.jz, to: elseLabel)
            generate(then)
            if let otherwise {
                let end = newLabel()
                jump(.jmp, to: end)
                bind(elseLabel)
                generate(otherwise)
                bind(end)
            } else {
                bind(elseLabel)
            }
        case .whileLoop(let condition, let body):
            let top = newLabel()
            let end = newLabel()
            bind(top)
            code.append(self.condition(condition).code)
            jump(.jz, to: end)
            loop(Breakable(breakLabel: end, continueLabel: top, tryDepth: tryDepth)) { generate(body) }
            jump(.jmp, to: top)
            bind(end)
        case .doWhile(let body, let condition, let tail):
            // §4: run A; leave if C is 0; run B; repeat. `continue` goes back to A.
            let top = newLabel()
            let end = newLabel()
            bind(top)
            loop(Breakable(breakLabel: end, continueLabel: top, tryDepth: tryDepth)) {
                generate(body)
                code.append(self.condition(condition).code)
                jump(.jz, to: end)
                if let tail { generate(tail) }
            }
            jump(.jmp, to: top)
            bind(end)
        case .switchStatement(let subject, let items):
            switchStatement(subject, items)
        case .breakStatement:
            guard let target = breakables.last else {
                error("'break' outside a loop or switch", at: statement.location)
                return
            }
            popCatchers(to: target.tryDepth)
            jump(.jmp, to: target.breakLabel)
        case .continueStatement:
            guard let target = breakables.last(where: { $0.continueLabel != nil }), let label = target.continueLabel else {
                error("'continue' outside a loop", at: statement.location)
                return
            }
            popCatchers(to: target.tryDepth)
            jump(.jmp, to: label)
        case .returnStatement(let value):
            if let value {
                // §4: numbers are boxed (and converted to a declared numeric type); objects
                // are returned as they are, with no cast.
                let result = expression(value)
                if let kind = method.returnType.numeric, result.numeric != nil {
                    code.append(boxed(number(result, kind, at: value.location)).code)
                } else {
                    code.append(boxed(result).code)
                }
            } else {
                code.op(.summonNull)
            }
            code.op(.ret)
        case .throwStatement(let value):
            code.append(boxed(expression(value)).code)
            code.op(.throw)
        case .tryCatch(let body, let catchType, let name, _, let handler):
            tryCatch(body, catchType, name, handler)
        case .foreach:
            error("'foreach' is not supported (the original compiles it to a call of a bogus ordinal)", at: statement.location)
        case .expression(let value):
            expressionStatement(value)
        }
    }

    private func loop(_ context: Breakable, _ body: () -> Void) {
        breakables.append(context)
        body()
        breakables.removeLast()
    }

    private func popCatchers(to depth: Int) {
        for _ in depth..<max(depth, tryDepth) { code.op(.popCatcher) }
    }

    /// `try S catch (T v) H` (BYTECODE.md §6, the plc pattern).
    private func tryCatch(_ body: Statement, _ catchType: TypeSyntax, _ name: String, _ handler: Statement) {
        let type = catchClass(catchType)
        switch type {
        case .object(let name): summon(name, into: &code)
        case .array: summon(ClassNames.array, into: &code)
        case .error: break
        default:
            error("a catch clause needs a class, not \(type)", at: catchType.location)
        }
        let handlerLabel = newLabel()
        let end = newLabel()
        jump(.pushCatcher, to: handlerLabel)
        tryDepth += 1
        generate(body)
        tryDepth -= 1
        code.op(.popCatcher)
        jump(.jmp, to: end)
        bind(handlerLabel)
        if let local = objectLocals[name] {
            code.op(.osSet32)
            code.i32(local.slot)
        } else {
            code.op(.osDrop)
        }
        generate(handler)
        bind(end)
    }

    /// `switch`: the subject in a hidden local, each case tested in source order (§4).
    private func switchStatement(_ subject: Expression, _ items: [SwitchItem]) {
        let slot = temporary(.int)
        code.append(switchValue(subject).code)
        code.op(.isSet32)
        code.i32(slot)
        var caseLabels: [Int] = []
        var defaultLabel: Int?
        for item in items {
            switch item {
            case .caseLabel(let value, _):
                let label = newLabel()
                caseLabels.append(label)
                code.op(.isGet32)
                code.i32(slot)
                code.append(switchValue(value).code)
                code.op(.isublu)
                jump(.jz, to: label)
            case .defaultLabel(let location):
                if defaultLabel != nil { error("more than one 'default' in a switch", at: location) }
                defaultLabel = newLabel()
            case .statement:
                break
            }
        }
        let end = newLabel()
        jump(.jmp, to: defaultLabel ?? end)
        var nextCase = 0
        loop(Breakable(breakLabel: end, continueLabel: nil, tryDepth: tryDepth)) {
            for item in items {
                switch item {
                case .caseLabel:
                    bind(caseLabels[nextCase])
                    nextCase += 1
                case .defaultLabel:
                    if let defaultLabel, labels[defaultLabel] == nil { bind(defaultLabel) }
                case .statement(let statement):
                    generate(statement)
                }
            }
        }
        bind(end)
    }

    /// A switch subject or case: converted to int, objects unboxed unchecked (Q4).
    private func switchValue(_ value: Expression) -> Fragment {
        let fragment = expression(value)
        if fragment.type.isError { return fragment }
        if fragment.numeric != nil { return number(fragment, .int, at: value.location) }
        warning("switch on a value of type \(fragment.type), which is not a number", at: value.location)
        var result = fragment
        result.code.op(.o2i)
        result.onInts = .int
        result.type = .int
        return result
    }

    private func expressionStatement(_ value: Expression) {
        if case .assign(let target, let source) = value.kind {
            code.append(assignment(target, source, wantValue: false, at: value.location).code)
            return
        }
        let fragment = expression(value)
        code.append(fragment.code)
        drop(fragment, into: &code)
    }

    private func drop(_ fragment: Fragment, into out: inout Code) {
        if fragment.type.isError { return }
        if let kind = fragment.onInts {
            out.prefixed(kind, .isDrop)
        } else {
            out.op(.osDrop)
        }
    }

    // MARK: - Conversions (§6.1)

    /// The value as one object: numbers on the integer stack are boxed.
    private func boxed(_ fragment: Fragment) -> Fragment {
        guard let kind = fragment.onInts else { return fragment }
        var result = fragment
        result.code.prefixed(kind, .i2o)
        result.onInts = nil
        result.type = kind.type
        return result
    }

    /// The value unboxed and converted to `kind` on the integer stack.
    private func number(_ fragment: Fragment, _ kind: NumericKind, at location: SourceLocation) -> Fragment {
        if fragment.type.isError { return fragment }
        var result = fragment
        guard let source = fragment.numeric else {
            error("expected a number, found a value of type \(fragment.type)", at: location)
            return .error
        }
        if fragment.onInts == nil { result.code.prefixed(source, .o2i) }
        if source != kind {
            if let prefix = kind.prefix { result.code.byte(prefix) }
            result.code.byte(source.fromOpcode)
        }
        result.onInts = kind
        result.type = kind.type
        result.isNull = false
        return result
    }

    /// A value as an int 0/1 or any non-zero int for true (conditions, `!`, `&&`, `||`).
    private func truth(_ fragment: Fragment, at location: SourceLocation, strict: Bool) -> Fragment {
        if fragment.type.isError { return fragment }
        guard let kind = fragment.numeric else {
            if strict {
                error("expected a number, found a value of type \(fragment.type)", at: location)
                return .error
            }
            // §4: conditions unbox objects unchecked, with only a warning.
            warning("condition of type \(fragment.type) is not a number", at: location)
            var result = fragment
            result.code.op(.o2i)
            result.onInts = .int
            result.type = .int
            return result
        }
        var result = number(fragment, kind, at: location)
        if kind != .int {
            result.code.prefixed(kind, .iconst0)
            equality(kind, into: &result.code)
            result.code.op(.logNot)
            result.onInts = .int
            result.type = .int
        }
        return result
    }

    private func condition(_ value: Expression) -> Fragment {
        truth(expression(value), at: value.location, strict: false)
    }

    /// Two values of `kind` on the integer stack → int 1 if equal, else 0. Exact for
    /// every kind (Q18): long by a 64-bit difference, float/double by ≥ and ≤ (NaN ≠ NaN).
    private func equality(_ kind: NumericKind, into out: inout Code) {
        switch kind {
        case .int:
            out.op(.isublu)
            out.op(.logNot)
        case .long:
            out.prefixed(.long, .isublu)
            out.prefixed(.long, .logNot)
            out.op(.froml)
        case .float, .double:
            let right = temporary(kind)
            let left = temporary(kind)
            out.prefixed(kind, .isSet32); out.i32(right)
            out.prefixed(kind, .isSet32); out.i32(left)
            for comparison in [Opcode.ige, .ile] {
                out.prefixed(kind, .isGet32); out.i32(left)
                out.prefixed(kind, .isGet32); out.i32(right)
                out.prefixed(kind, comparison)
            }
            out.op(.logAnd)
        }
    }

    /// A value stored into something of type `target` (a field, a local, an argument, a
    /// result or an array element), as an object: §5.4 conversions on store. A number on
    /// the integer stack may become an object argument, result or element (boxed), but
    /// not a non-numeric field or local (`o = 5` is an error, §5.4): `isStore`.
    private func converted(_ fragment: Fragment, to target: PhType, at location: SourceLocation, isStore: Bool = false) -> Fragment {
        if fragment.type.isError || target.isError { return fragment.type.isError ? fragment : boxed(fragment) }
        if let kind = target.numeric, fragment.numeric != nil {
            return boxed(number(fragment, kind, at: location))
        }
        if let kind = fragment.onInts {
            switch target {
            case .void:
                return boxed(fragment)
            case .untyped where !isStore:
                return boxed(fragment)
            case .object(let name) where !isStore && table.isAncestor(name, of: kind.className):
                return boxed(fragment)
            default:
                error("cannot assign a number to a value of type \(target)", at: location)
                return .error
            }
        }
        if fragment.isNull || fragment.type == .void { return fragment }
        switch target {
        case .untyped, .void:
            return fragment
        case .object(let name):
            // Everything is an object: a cast to .internal.object could only fail on null.
            if name == ClassNames.object { return fragment }
            if case .object(let have) = fragment.type, table.isAncestor(name, of: have) { return fragment }
            if case .array = fragment.type, name == ClassNames.object { return fragment }
            var result = fragment
            summon(name, into: &result.code)
            result.code.op(.cast)
            result.type = target
            return result
        case .array:
            if fragment.type == target { return fragment }
            if case .array(let element) = target, element == .untyped, case .array = fragment.type { return fragment }
            var result = fragment
            summon(ClassNames.array, into: &result.code)
            result.code.op(.cast)
            result.type = target
            return result
        case .error:
            return fragment
        }
    }

    /// The instruction that pushes class `name`.
    private func summon(_ name: String, into out: inout Code) {
        switch name {
        case ClassNames.int: out.op(.summonIntClass)
        case ClassNames.string: out.op(.summonStringClass)
        case ClassNames.classClass: out.op(.summonClassClass)
        case ClassNames.array: out.op(.summonArrayClass)
        default:
            out.op(.summonByName)
            out.i32(name.utf8.count)
            out.bytes += Array(name.utf8)
        }
    }

    // MARK: - Expressions

    private func expression(_ e: Expression) -> Fragment {
        switch e.kind {
        case .name(let name):
            return load(name, at: e.location)
        case .null:
            var f = Fragment(.object)
            f.code.op(.summonNull)
            f.isNull = true
            return f
        case .this:
            var f = Fragment(.object(className))
            f.code.op(.summonThis)
            return f
        case .integer(let value):
            var f = Fragment(.int, onInts: .int)
            f.code.integer(value)
            return f
        case .string(let bytes):
            return constant(bytes)
        case .importFile(let path):
            guard let bytes = options.readFile(path, file) else {
                error("cannot read the file '\(path)' named by import", at: e.location)
                return .error
            }
            return constant(bytes)
        case .parenthesized(let inner):
            return expression(inner)
        case .cast(let syntax, let value):
            return cast(syntax, value, at: e.location)
        case .call(let receiver, let name, let arguments):
            return call(receiver, name, arguments, at: e.location)
        case .ordinalCall(let receiver, let ordinal, let arguments):
            // The parser reports a negative ordinal (a literal that wrapped); the VM's
            // method tables end at 65535, as declared ordinals do.
            guard ordinal >= 0, ordinal <= 65_535 else {
                if ordinal > 65_535 { error("ordinal \(ordinal) is out of range (0...65535)", at: e.location) }
                return .error
            }
            var f = boxed(expression(receiver))
            let args = arguments.map { boxed(expression($0)) }
            for arg in args { f.code.append(arg.code) }
            if f.type.isError || args.contains(where: { $0.type.isError }) { return .error }
            f.code.call(ordinal: ordinal, arguments: args.count)
            f.type = .untyped
            f.isNull = false
            return f
        case .dynamicCall(let receiver, let name, let arguments):
            var f = Fragment(.untyped)
            for argument in arguments { f.code.append(boxed(expression(argument)).code) }
            f.code.op(.iconst32bit)
            f.code.i32(arguments.count)
            f.code.append(boxed(expression(receiver)).code)
            let nameFragment = expression(name)
            if nameFragment.type != .string && !nameFragment.type.isError {
                error("the method name of a dynamic call must be a string", at: name.location)
            }
            f.code.append(nameFragment.code)
            f.code.op(.dynamicInvoke)
            return f
        case .index(let base, let index):
            return indexLoad(base, index, at: e.location)
        case .assign(let target, let value):
            return assignment(target, value, wantValue: true, at: e.location)
        case .dotAssign:
            error("'.=' is not implemented", at: e.location)
            return .error
        case .binary(let op, let left, let right):
            return binary(op, left, right, at: e.location)
        case .not(let value):
            var f = truth(expression(value), at: value.location, strict: true)
            if f.type.isError { return f }
            f.code.op(.logNot)
            return f
        case .bitNot(let value):
            let f = expression(value)
            if f.type.isError { return f }
            guard let kind = f.numeric, kind.isIntegral else {
                error("operator '~' needs an int or long operand; this one has type \(f.type)", at: e.location)
                return .error
            }
            var result = number(f, kind, at: e.location)
            result.code.prefixed(kind, .inot)
            return result
        case .new(let syntax, let arguments):
            return new(syntax, arguments, at: e.location)
        case .newDynamic(let classObject, let staticType, let arguments):
            _ = arguments  // §7.5: never evaluated
            var f = boxed(expression(classObject))
            if f.type.isError { return f }
            f.code.op(.new)
            if let staticType {
                f.type = checker.resolveType(staticType, in: source)
            }
            f.isNull = false
            return f
        }
    }

    private func constant(_ bytes: [UInt8]) -> Fragment {
        var f = Fragment(.string)
        f.code.op(.constPool)
        f.code.i32(Int(constants.id(of: bytes)))
        return f
    }

    /// What a bare name means (§5.4): a field (own, then inherited), a numeric local, an
    /// object local or parameter — fields shadow the others.
    private enum NameBinding {
        case field(FieldInfo)
        case local(Local)
    }

    private func binding(_ name: String) -> NameBinding? {
        if let field = table.field(name, in: className) { return .field(field) }
        if let local = numericLocals[name] { return .local(local) }
        if let local = objectLocals[name] { return .local(local) }
        return nil
    }

    private func load(_ name: String, at location: SourceLocation) -> Fragment {
        guard let binding = binding(name) else {
            error("'\(name)' is not defined", at: location)
            return .error
        }
        switch binding {
        case .field(let field):
            var f = Fragment(field.type)
            loadField(field.slot, into: &f.code)
            return f
        case .local(let local):
            if let kind = local.kind {
                var f = Fragment(local.type, onInts: kind)
                f.code.prefixed(kind, .isGet32)
                f.code.i32(local.slot)
                return f
            }
            var f = Fragment(local.type)
            f.code.op(.osGet32)
            f.code.i32(local.slot)
            return f
        }
    }

    private func loadField(_ slot: Int, into out: inout Code) {
        fieldInstruction(slot, short: .osLoad8, long: .osLoad32, into: &out)
    }

    private func storeField(_ slot: Int, into out: inout Code) {
        fieldInstruction(slot, short: .osSave8, long: .osSave32, into: &out)
    }

    /// The one-byte-operand form for the first 256 slots, the 32-bit one beyond.
    private func fieldInstruction(_ slot: Int, short: Opcode, long: Opcode, into out: inout Code) {
        if slot < 256 {
            out.op(short)
            out.byte(UInt8(slot))
        } else {
            out.op(long)
            out.i32(slot)
        }
    }

    /// `target = value`; as an expression its value is the stored value (§5.4). With
    /// `wantValue` false (a statement) the value is not kept; the caller uses the code.
    private func assignment(_ target: Expression, _ value: Expression, wantValue: Bool, at location: SourceLocation) -> Fragment {
        switch target.kind {
        case .name(let name):
            guard let binding = binding(name) else {
                _ = expression(value)
                error("'\(name)' is not defined", at: target.location)
                return .error
            }
            let stored = expression(value)
            if stored.type.isError { return stored }
            switch binding {
            case .field(let field):
                var f = converted(stored, to: field.type, at: value.location, isStore: true)
                if f.type.isError { return f }
                if wantValue { f.code.op(.osDup) }
                storeField(field.slot, into: &f.code)
                f.type = field.type
                return f
            case .local(let local):
                if let kind = local.kind {
                    var source = stored
                    if stored.numeric == nil {
                        // An untyped value (an ordinal call's result, say) or a plain object
                        // is cast to the local's class at run time, then unboxed (§5.4).
                        guard stored.type == .untyped || stored.type == .object else {
                            error("cannot assign a value of type \(stored.type) to the \(local.type) local '\(name)'", at: value.location)
                            return .error
                        }
                        source = converted(stored, to: local.type, at: value.location)
                    }
                    var f = number(source, kind, at: value.location)
                    if wantValue { f.code.prefixed(kind, .isDup) }
                    f.code.prefixed(kind, .isSet32)
                    f.code.i32(local.slot)
                    return f
                }
                var f = converted(stored, to: local.type, at: value.location, isStore: true)
                if f.type.isError { return f }
                if wantValue { f.code.op(.osDup) }
                f.code.op(.osSet32)
                f.code.i32(local.slot)
                f.type = local.type
                f.isNull = false
                return f
            }
        case .index(let base, let index):
            if wantValue {
                error("an array element store has no value", at: location)
                return .error
            }
            // §6.3: a, then v, then i.
            let array = expression(base)
            guard let element = elementType(of: array, base: base) else { return .error }
            var f = array
            let stored = converted(expression(value), to: element, at: value.location)
            let position = boxed(expression(index))
            if stored.type.isError || position.type.isError { return .error }
            f.code.append(stored.code)
            f.code.append(position.code)
            f.code.call(ordinal: 11, arguments: 2)
            f.code.op(.osDrop)
            return f
        default:
            _ = expression(value)
            error("cannot assign to this expression", at: target.location)
            return .error
        }
    }

    /// The element type of a subscripted value, or nil after an error (§7.6).
    private func elementType(of array: Fragment, base: Expression) -> PhType? {
        if array.type.isError { return nil }
        if case .index = base.kind {
            error("an array element cannot be subscripted (a[i][j])", at: base.location)
            return nil
        }
        switch array.type {
        case .array(let element): return element
        case .untyped: return .untyped
        default:
            error("cannot subscript a value of type \(array.type)", at: base.location)
            return nil
        }
    }

    private func indexLoad(_ base: Expression, _ index: Expression, at location: SourceLocation) -> Fragment {
        let array = expression(base)
        guard let element = elementType(of: array, base: base) else { return .error }
        let position = boxed(expression(index))
        if position.type.isError { return .error }
        var f = array
        f.code.append(position.code)
        f.code.call(ordinal: 10, arguments: 1)
        f.type = element
        return f
    }

    // MARK: - Operators (§6.2)

    private func binary(_ op: BinaryOperator, _ leftExpression: Expression, _ rightExpression: Expression, at location: SourceLocation) -> Fragment {
        let left = expression(leftExpression)
        let right = expression(rightExpression)
        if left.type.isError || right.type.isError { return .error }
        switch op {
        case .identical, .notIdentical:
            var f = boxed(left)
            f.code.append(boxed(right).code)
            f.code.op(op == .identical ? .osEq : .osNeq)
            return result(f, .int)
        case .equal, .notEqual:
            return equals(op, left, right, at: location)
        case .logicalAnd, .logicalOr:
            var f = truth(left, at: leftExpression.location, strict: true)
            let r = truth(right, at: rightExpression.location, strict: true)
            if f.type.isError || r.type.isError { return .error }
            f.code.append(r.code)
            f.code.op(op == .logicalAnd ? .logAnd : .logOr)
            return result(f, .int)
        default:
            break
        }
        guard let lk = left.numeric, let rk = right.numeric else {
            let culprit = left.numeric == nil ? left : right
            error("operator '\(op.rawValue)' needs numbers, found a value of type \(culprit.type)", at: location)
            return .error
        }
        let kind = max(lk, rk)
        var f = number(left, kind, at: location)
        f.code.append(number(right, kind, at: location).code)
        switch op {
        case .add: f.code.prefixed(kind, .isum)
        case .subtract: f.code.prefixed(kind, .isublu)
        case .multiply: f.code.prefixed(kind, .imul)
        case .divide: f.code.prefixed(kind, .idivlu)
        case .remainder: f.code.prefixed(kind, .iremlu)
        case .bitOr, .bitAnd:
            guard kind.isIntegral else {
                error("operator '\(op.rawValue)' needs int or long operands; this one has type \(kind.type)", at: location)
                return .error
            }
            f.code.prefixed(kind, op == .bitOr ? .ior : .iand)
        case .less: f.code.prefixed(kind, .ilt); return result(f, .int)
        case .greater: f.code.prefixed(kind, .igt); return result(f, .int)
        case .lessEqual: f.code.prefixed(kind, .ile); return result(f, .int)
        case .greaterEqual: f.code.prefixed(kind, .ige); return result(f, .int)
        default: break
        }
        return result(f, kind)
    }

    private func result(_ fragment: Fragment, _ kind: NumericKind) -> Fragment {
        var f = fragment
        f.type = kind.type
        f.onInts = kind
        f.isNull = false
        return f
    }

    /// `==` / `!=`: numeric subtraction when both values are on the integer stack, else
    /// `left.equals(right)` on boxed, promoted values (§6.2).
    private func equals(_ op: BinaryOperator, _ left: Fragment, _ right: Fragment, at location: SourceLocation) -> Fragment {
        let numericKinds = (left.numeric, right.numeric)
        if let lk = left.onInts, let rk = right.onInts {
            let kind = max(lk, rk)
            var f = number(left, kind, at: location)
            f.code.append(number(right, kind, at: location).code)
            equality(kind, into: &f.code)
            if op == .notEqual { f.code.op(.logNot) }
            return result(f, .int)
        }
        var l = left
        var r = right
        if case (let lk?, let rk?) = numericKinds {
            let kind = max(lk, rk)
            l = number(left, kind, at: location)
            r = number(right, kind, at: location)
        }
        var f = boxed(l)
        f.code.append(boxed(r).code)
        f.code.call(ordinal: 4, arguments: 1)
        f.code.op(.o2i)
        if op == .notEqual { f.code.op(.logNot) }
        return result(f, .int)
    }

    /// `(T) value` (§5.3): numbers convert, objects get a checked class cast.
    private func cast(_ syntax: TypeSyntax, _ value: Expression, at location: SourceLocation) -> Fragment {
        let target = checker.resolveType(castSyntax(syntax), in: source)
        let f = expression(value)
        if f.type.isError || target.isError { return .error }
        if let kind = target.numeric {
            if f.numeric != nil { return number(f, kind, at: location) }
            var result = f
            summon(kind.className, into: &result.code)
            result.code.op(.cast)
            result.type = target
            result.isNull = false
            return result
        }
        switch target {
        case .void, .untyped:
            var result = boxed(f)
            result.type = .untyped
            return result
        default:
            if f.onInts != nil {
                guard case .object(let name) = target, let kind = f.onInts, table.isAncestor(name, of: kind.className) else {
                    error("cannot cast a number to \(target)", at: location)
                    return .error
                }
                var result = boxed(f)
                result.type = target
                return result
            }
            var result = f
            switch target {
            case .object(let name): summon(name, into: &result.code)
            default: summon(ClassNames.array, into: &result.code)
            }
            result.code.op(.cast)
            result.type = target
            result.isNull = false
            return result
        }
    }

    /// Cast spellings (§5.3): `long`/`float`/`double` mean the `.internal` classes (which
    /// must still be imported), and `internal.x` may omit its leading dot.
    private func castSyntax(_ syntax: TypeSyntax) -> TypeSyntax {
        guard case .named(let name) = syntax.base, !name.isAbsolute, let first = name.components.first else { return syntax }
        var result = syntax
        if name.components.count == 1, ["long", "float", "double"].contains(first) {
            result.base = .named(QualifiedName(isAbsolute: true, components: ["internal", first], location: name.location))
        } else if first == "internal" {
            result.base = .named(QualifiedName(isAbsolute: true, components: name.components, location: name.location))
        }
        return result
    }

    // MARK: - Calls and new (§7)

    private func call(_ receiver: Expression?, _ name: String, _ arguments: [Expression], at location: SourceLocation) -> Fragment {
        var f: Fragment
        if let receiver {
            f = boxed(expression(receiver))
        } else {
            f = Fragment(.object(className))
            f.code.op(.summonThis)
        }
        let args = arguments.map { expression($0) }
        if f.type.isError || args.contains(where: { $0.type.isError }) { return .error }
        let receiverClass: String
        switch f.type {
        case .object(let name): receiverClass = name
        case .array: receiverClass = ClassNames.array
        default:
            error("cannot call '\(name)' on a value of type \(f.type); use an ordinal call or a cast", at: location)
            return .error
        }
        let types = args.map(\.argumentType)
        guard let target = table.resolveMethod(name, arguments: types, in: receiverClass) else {
            let shown = types.map(\.description).joined(separator: ", ")
            if options.lenientOverloads, let loose = table.resolveMethod(name, arity: args.count, in: receiverClass) {
                warning(
                    "no method '\(name)' of class '\(receiverClass)' takes arguments (\(shown)); calling '\(loose.signatureText)' by name and arity",
                    at: location)
                for arg in args { f.code.append(boxed(arg).code) }
                f.code.call(ordinal: loose.ordinal, arguments: args.count)
                f.type = loose.returnType
                f.isNull = false
                return f
            }
            if table.hasMethod(named: name, in: receiverClass) {
                error("no method '\(name)' of class '\(receiverClass)' takes arguments (\(shown))", at: location)
            } else {
                error("method '\(name)' is not defined in class '\(receiverClass)'", at: location)
            }
            return .error
        }
        for (arg, parameter) in zip(args, target.parameters) {
            f.code.append(converted(arg, to: parameter, at: location).code)
        }
        f.code.call(ordinal: target.ordinal, arguments: args.count)
        f.type = target.returnType
        f.isNull = false
        return f
    }

    private func new(_ syntax: TypeSyntax, _ arguments: [Expression], at location: SourceLocation) -> Fragment {
        let type = checker.resolveType(syntax, in: source)
        if type.isError { return .error }
        if syntax.container == .custom {
            error("custom containers (T[Class]) are not supported", at: location)
            return .error
        }
        var f = Fragment(type)
        switch type {
        case .array:
            if !arguments.isEmpty { error("'new T[]()' takes no arguments", at: location) }
            f.code.op(.summonArrayClass)
            f.code.op(.new)
            return f
        case .object(let name):
            guard let info = table.lookup(name) else { return .error }
            summon(name, into: &f.code)
            f.code.op(.new)
            if info.isNative {
                if !arguments.isEmpty {
                    error("the native class '\(name)' takes no constructor arguments", at: location)
                    return .error
                }
                return f
            }
            let args = arguments.map { expression($0) }
            if args.contains(where: { $0.type.isError }) { return .error }
            guard let constructor = table.resolveMethod("<init>", arguments: args.map(\.argumentType), in: name) else {
                let shown = args.map(\.argumentType.description).joined(separator: ", ")
                error("class '\(name)' has no constructor taking (\(shown))", at: location)
                return .error
            }
            for (arg, parameter) in zip(args, constructor.parameters) {
                f.code.append(converted(arg, to: parameter, at: location).code)
            }
            f.code.op(.osPull32)
            f.code.i32(args.count)
            summon(name, into: &f.code)
            f.code.op(.staticInvoke)
            f.code.i32(constructor.ordinal)
            f.code.i32(args.count)
            f.code.op(.osDrop)
            return f
        default:
            error("cannot create a value of type \(type)", at: location)
            return .error
        }
    }
}

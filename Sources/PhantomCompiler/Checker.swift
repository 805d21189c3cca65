// Checker.swift — declarations: classes, fields, methods, ordinals, constructors
// (PhantomCompiler, checker).
//
// Runs between the parser (Parser.swift) and the code generator (CodeGen.swift), over
// all sources of one run at once:
//  1. register every class of every source, so that sources may import each other;
//  2. walk the top-level items in run order, noting where each class becomes visible
//     (declared, imported, or named by `extends`) — a class may use only what is visible
//     at its place (LANGUAGE.md §3.1, §9), which makes forward references in one file
//     errors while imports across files work in any order;
//  3. resolve each class after its parent: field slots continue the parent's (Q14:
//     cumulative), methods get ordinals (§3.4), constructors become `<init>` with the
//     parent's no-argument constructor chained (§3.5), a default constructor is added;
//  4. check `implements` (§3.6).
// Names resolve as §3.1 says: a relative name means `<package>.<name>`, and a leading
// `int` or `string` component means the built-in class.

/// A class declared in this run's sources, with the context its names resolve in.
final class SourceClass {
    let decl: ClassDecl
    let file: SourceFile
    let package: String?
    /// Place in the run's item order (visibility).
    let position: Int
    let info: ClassInfo
    /// Each method declaration with what it resolved to; the default constructor has none.
    var methods: [(decl: MethodDecl?, info: MethodInfo)] = []
    var state = State.declared

    enum State { case declared, resolving, resolved }

    init(decl: ClassDecl, file: SourceFile, package: String?, position: Int, info: ClassInfo) {
        self.decl = decl
        self.file = file
        self.package = package
        self.position = position
        self.info = info
    }
}

/// The declaration checker: the class table plus visibility and diagnostics.
final class Checker {
    let table: ClassTable
    var diagnostics = DiagnosticList()
    private(set) var sources: [SourceClass] = []
    /// Where each class became visible in run order.
    private var visibleFrom: [String: Int] = [:]
    private var byName: [String: SourceClass] = [:]
    /// Imports that failed: their later uses are not reported again.
    private var failedImports: Set<String> = []
    /// Declaring the VM's native stubs (InternalStubs.swift): `.internal.*` names are
    /// allowed, methods need no bodies, and every class is visible to every other.
    private let definingStubs: Bool

    /// Always visible (§9 auto-imports; `[]` implies the array class).
    static let autoImported: Set<String> = [
        ClassNames.object, ClassNames.void, ClassNames.int, ClassNames.string, ClassNames.array,
    ]

    init(table: ClassTable, definingStubs: Bool = false) {
        self.table = table
        self.definingStubs = definingStubs
    }

    // MARK: - Phases 1 and 2: classes and visibility

    /// Registers the classes of `units` and notes visibility, in run order.
    func declare(_ units: [SourceUnit]) {
        var position = 0
        var pending: [(ClassDecl, SourceFile, String?, Int)] = []
        for unit in units {
            var package: String?
            for item in unit.items {
                position += 1
                switch item {
                case .package(let name):
                    package = name.text
                case .importClass, .attribute:
                    break
                case .classDecl(let decl):
                    pending.append((decl, unit.file, package, position))
                }
            }
        }
        for (decl, file, package, position) in pending {
            guard let name = resolveClassName(decl.name, package: package, in: file) else { continue }
            if name.hasPrefix(".internal.") && !definingStubs {
                diagnostics.error("the package .internal belongs to the VM; '\(name)' cannot be defined here", in: file, at: decl.name.location)
                continue
            }
            if byName[name] != nil || table.lookup(name)?.origin == .stub {
                diagnostics.error("class '\(name)' is defined twice", in: file, at: decl.name.location)
                continue
            }
            let info = ClassInfo(name: name, origin: definingStubs ? .stub : .source)
            info.isInterface = decl.isInterface
            table.add(info)
            let source = SourceClass(decl: decl, file: file, package: package, position: position, info: info)
            byName[name] = source
            sources.append(source)
            visibleFrom[name] = position
        }
        // Imports, now that every class of the run can be found.
        position = 0
        for unit in units {
            var package: String?
            for item in unit.items {
                position += 1
                switch item {
                case .package(let name): package = name.text
                case .importClass(let name): importClass(name, package: package, in: unit.file, at: position)
                case .attribute, .classDecl: break
                }
            }
        }
    }

    private func importClass(_ name: QualifiedName, package: String?, in file: SourceFile, at position: Int) {
        guard let full = Self.className(name, package: package) else { return }
        guard table.lookup(full) != nil else {
            let why = table.loadFailure(full).map { ": \($0)" } ?? " (no source in this run and no class file on the class path)"
            diagnostics.error("cannot find class '\(full)'\(why)", in: file, at: name.location)
            failedImports.insert(full)
            return
        }
        visibleFrom[full] = min(visibleFrom[full] ?? Int.max, position)
    }

    /// The absolute name a written class name means (§3.1), or nil for a relative name
    /// with no package in force (reported by `resolveClassName`).
    static func className(_ name: QualifiedName, package: String?) -> String? {
        if name.isAbsolute { return name.text == ClassNames.void ? ClassNames.object : name.text }
        let first = name.components.first ?? ""
        if first == "int" || first == "string" {
            let rest = name.components.dropFirst().map { "." + $0 }.joined()
            return (first == "int" ? ClassNames.int : ClassNames.string) + rest
        }
        guard let package else { return nil }
        return package + "." + name.components.joined(separator: ".")
    }

    /// `className`, reporting a relative name used with no package in force.
    func resolveClassName(_ name: QualifiedName, package: String?, in file: SourceFile) -> String? {
        if let full = Self.className(name, package: package) { return full }
        diagnostics.error("relative class name '\(name.text)' with no package in force", in: file, at: name.location)
        return nil
    }

    /// Whether `name` may be used at `position` by `user` (its own name is always usable).
    func isVisible(_ name: String, at position: Int, user: String) -> Bool {
        if definingStubs || name == user || Self.autoImported.contains(name) { return true }
        if let from = visibleFrom[name] { return from <= position }
        return false
    }

    /// Resolves a class name used in `source`: it must exist and be visible.
    func usableClass(_ name: QualifiedName, in source: SourceClass) -> String? {
        guard let full = resolveClassName(name, package: source.package, in: source.file) else { return nil }
        guard table.lookup(full) != nil, isVisible(full, at: source.position, user: source.info.name) else {
            if failedImports.contains(full) { return nil }
            let what = full.hasPrefix(".internal.") ? "type" : "class"
            diagnostics.error("\(what) '\(full)' is not defined - forgot to import?", in: source.file, at: name.location)
            return nil
        }
        return full
    }

    /// The type a written type means in `source`; `.error` after a reported error.
    func resolveType(_ syntax: TypeSyntax?, in source: SourceClass) -> PhType {
        guard let syntax else { return .untyped }
        let base: PhType
        switch syntax.base {
        case .void: base = .void
        case .starExpression: base = .untyped
        case .named(let name):
            guard let full = usableClass(name, in: source) else { return .error }
            base = full == ClassNames.object && name.text == ClassNames.void ? .object(ClassNames.object) : .object(full)
        }
        switch syntax.container {
        case .none: return base
        case .array: return .array(base == .void ? .untyped : base)
        case .custom: return .untyped
        }
    }

    // MARK: - Phase 3: members and ordinals

    /// Resolves every source class, parents first.
    func resolveAll() {
        for source in sources { resolve(source) }
        for source in sources { checkInterfaces(source) }
    }

    private func resolve(_ source: SourceClass) {
        switch source.state {
        case .resolved: return
        case .resolving:
            diagnostics.error("class '\(source.info.name)' inherits from itself", in: source.file, at: source.decl.name.location)
            return
        case .declared: source.state = .resolving
        }
        defer { source.state = .resolved }
        let info = source.info
        var parent: ClassInfo?
        if let extends = source.decl.extends, let name = resolveClassName(extends, package: source.package, in: source.file) {
            // `extends` also imports (§3.1).
            visibleFrom[name] = min(visibleFrom[name] ?? Int.max, source.position)
            if let parentSource = byName[name] {
                if parentSource.file.path == source.file.path && parentSource.position > source.position {
                    diagnostics.error("class '\(name)' is not defined - forgot to import? (it is declared later in this file)", in: source.file, at: extends.location)
                }
                resolve(parentSource)
            }
            if let found = table.lookup(name), found !== info {
                if found.isNative && found.name != ClassNames.object {
                    diagnostics.error("cannot extend the native class '\(name)'", in: source.file, at: extends.location)
                } else {
                    parent = found
                    info.hasExplicitParent = true
                }
            } else if table.lookup(name) == nil {
                diagnostics.error("class '\(name)' is not defined - forgot to import?", in: source.file, at: extends.location)
            }
        }
        for written in source.decl.implements {
            if let name = usableClass(written, in: source) { info.interfaces.append(name) }
        }
        let base = info.name == ClassNames.object ? nil : parent ?? table.lookup(ClassNames.object)
        info.parentName = base?.name
        info.fieldCount = base?.fieldCount ?? 0
        let inheritedSlots = base?.methodSlots ?? 16
        declareMembers(source, inheritedSlots: inheritedSlots)
        checkParentConstructor(source)
    }

    private func declareMembers(_ source: SourceClass, inheritedSlots: Int) {
        let info = source.info
        let file = source.file
        var methods: [(decl: MethodDecl, info: MethodInfo, location: SourceLocation)] = []
        for member in source.decl.members {
            switch member {
            case .field(let field):
                if source.decl.isInterface {
                    diagnostics.error("an interface cannot have fields", in: file, at: field.location)
                    continue
                }
                if info.fields.contains(where: { $0.name == field.name }) {
                    diagnostics.error("duplicate field '\(field.name)'", in: file, at: field.location)
                    continue
                }
                if let inherited = info.parentName.flatMap({ table.field(field.name, in: $0) }) {
                    diagnostics.error("duplicate field '\(inherited.name)': it is already defined in a parent class", in: file, at: field.location)
                    continue
                }
                if methods.contains(where: { $0.decl.name == field.name }) {
                    diagnostics.error("duplicate name '\(field.name)': a method declared before this field has it", in: file, at: field.location)
                    continue
                }
                let type = resolveType(field.type, in: source)
                info.fields.append(FieldInfo(name: field.name, type: type, slot: info.fieldCount))
                info.fieldCount += 1
            case .method(let method):
                if let resolved = declareMethod(method, in: source) { methods.append((method, resolved, method.location)) }
            }
        }
        // Duplicate signatures and explicit ordinals.
        var kept: [(decl: MethodDecl, info: MethodInfo, location: SourceLocation)] = []
        for m in methods {
            if kept.contains(where: { $0.info.name == m.info.name && $0.info.parameters == m.info.parameters }) {
                diagnostics.error("duplicate method '\(m.info.signatureText)'", in: file, at: m.location)
                continue
            }
            if let ordinal = m.decl.ordinal, kept.contains(where: { $0.decl.ordinal == ordinal }) {
                diagnostics.error("duplicate ordinal [\(ordinal)]", in: file, at: m.decl.ordinalLocation ?? m.location)
                continue
            }
            kept.append(m)
        }
        assignOrdinals(source, kept, inheritedSlots: inheritedSlots)
    }

    /// Resolves one method's types; constructors become `<init>`.
    private func declareMethod(_ method: MethodDecl, in source: SourceClass) -> MethodInfo? {
        let file = source.file
        let isConstructor = method.name == source.info.shortName
        if isConstructor, method.returnType.base != .void || method.returnType.container != .none {
            diagnostics.error("constructor '\(method.name)' must be void", in: file, at: method.location)
            return nil
        }
        if source.decl.isInterface, method.body != nil {
            diagnostics.error("an interface method has no body", in: file, at: method.location)
        } else if !source.decl.isInterface, method.body == nil, !definingStubs {
            diagnostics.error("method '\(method.name)' needs a body", in: file, at: method.location)
        }
        if let ordinal = method.ordinal, ordinal < 0 || ordinal > 65_535 {
            diagnostics.error("ordinal [\(ordinal)] is out of range (0...65535)", in: file, at: method.ordinalLocation ?? method.location)
            return nil
        }
        if method.parameters.count > 255 {
            diagnostics.error("too many parameters (at most 255)", in: file, at: method.location)
            return nil
        }
        var names: Set<String> = []
        for parameter in method.parameters where !names.insert(parameter.name).inserted {
            diagnostics.error("duplicate parameter '\(parameter.name)'", in: file, at: parameter.location)
        }
        let parameters = method.parameters.map { resolveType($0.type, in: source) }
        let returnType = resolveType(method.returnType, in: source)
        return MethodInfo(
            name: isConstructor ? "<init>" : method.name, ordinal: method.ordinal ?? -1, isConstructor: isConstructor,
            returnType: returnType, parameters: parameters, parameterNames: method.parameters.map(\.name))
    }

    /// §3.4: overrides take the parent's ordinal, `[N]` is kept, the rest take the lowest
    /// free slots from the parent's count, in declaration order, the default constructor last.
    private func assignOrdinals(
        _ source: SourceClass, _ methods: [(decl: MethodDecl, info: MethodInfo, location: SourceLocation)],
        inheritedSlots: Int
    ) {
        let info = source.info
        var resolved = methods.map { $0.info }
        var used = Set(methods.compactMap { $0.decl.ordinal })
        // Overriding: only along an explicit `extends` chain (which ends at .internal.object).
        let ancestors = info.hasExplicitParent ? table.chain(from: info.parentName ?? ClassNames.object) : []
        for index in resolved.indices {
            let method = resolved[index]
            for ancestor in ancestors {
                guard let overridden = ancestor.methods.first(where: {
                    $0.name == method.name && $0.parameters == method.parameters
                }) else { continue }
                if overridden.returnType != method.returnType && !method.returnType.isError && !overridden.returnType.isError {
                    diagnostics.error(
                        "'\(method.signatureText)' overrides a method of '\(ancestor.name)' with a different return type (\(overridden.returnType))",
                        in: source.file, at: methods[index].location)
                }
                if let explicit = methods[index].decl.ordinal, explicit != overridden.ordinal {
                    used.remove(explicit)
                }
                resolved[index].ordinal = overridden.ordinal
                used.insert(overridden.ordinal)
                break
            }
        }
        var next = inheritedSlots
        func fresh() -> Int {
            while used.contains(next) { next += 1 }
            used.insert(next)
            return next
        }
        for index in resolved.indices where resolved[index].ordinal < 0 { resolved[index].ordinal = fresh() }
        source.methods = zip(methods, resolved).map { ($0.0.decl, $0.1) }
        if !resolved.contains(where: { $0.isConstructor }) && !info.isNative {
            let constructor = MethodInfo(
                name: "<init>", ordinal: -1, isConstructor: true, returnType: .void, parameters: [], parameterNames: [])
            var inherited: MethodInfo?
            for ancestor in ancestors {
                inherited = ancestor.methods.first { $0.isConstructor && $0.parameters.isEmpty }
                if inherited != nil { break }
            }
            var made = constructor
            made.ordinal = inherited?.ordinal ?? fresh()
            source.methods.append((nil, made))
        }
        info.methods = source.methods.map(\.info)
        info.methodSlots = max(inheritedSlots, (info.methods.map(\.ordinal).max() ?? -1) + 1)
    }

    /// §3.5: with a parent other than object, its no-argument constructor must exist;
    /// reported at each constructor that chains to it (or at `extends` for the default one).
    private func checkParentConstructor(_ source: SourceClass) {
        let info = source.info
        guard info.hasExplicitParent, let parentName = info.parentName, parentName != ClassNames.object,
            let parent = table.lookup(parentName)
        else { return }
        if parent.methods.contains(where: { $0.isConstructor && $0.parameters.isEmpty }) { return }
        let message = "the parent class '\(parentName)' has no constructor without arguments to chain to"
        for (decl, method) in source.methods where method.isConstructor {
            diagnostics.error(message, in: source.file, at: decl?.location ?? source.decl.extends?.location ?? source.decl.name.location)
        }
    }

    /// The parent's no-argument constructor that constructors of `info` chain to, if any.
    func parentConstructor(of info: ClassInfo) -> (parent: String, ordinal: Int)? {
        guard info.hasExplicitParent, let parentName = info.parentName, parentName != ClassNames.object,
            let parent = table.lookup(parentName), let constructor = parent.methods.first(where: { $0.isConstructor && $0.parameters.isEmpty })
        else { return nil }
        return (parentName, constructor.ordinal)
    }

    // MARK: - Phase 4: interfaces

    private func checkInterfaces(_ source: SourceClass) {
        if source.decl.isInterface { return }
        var seen: Set<String> = []
        var queue = source.info.interfaces
        while let name = queue.popLast() {
            guard seen.insert(name).inserted, let interface = table.lookup(name) else { continue }
            guard interface.isInterface else {
                diagnostics.error("'\(name)' is not an interface", in: source.file, at: source.decl.location)
                continue
            }
            queue += interface.interfaces
            for required in interface.methods where !required.isConstructor {
                let present = source.info.methods.contains {
                    $0.name == required.name && $0.parameters == required.parameters
                }
                if !present {
                    diagnostics.error(
                        "class '\(source.info.name)' does not implement '\(required.signatureText)' of interface '\(name)'",
                        in: source.file, at: source.decl.name.location)
                }
            }
        }
    }
}

// ClassTable.swift — every class the compiler knows, and questions about them
// (PhantomCompiler, checker).
//
// Classes come from three places: the native stubs (InternalStubs.swift, the VM's
// `.internal.*` method tables written as Phantom declarations), the sources of this run
// (Checker.swift declares them), and class files found on the class path when a source
// imports a class that is not in the run (`ClassTable.load`, reading the signature and
// field records of CLASSFILE.md). All three end up as a `ClassInfo`: its parent, its
// fields with their slots, and its methods with their ordinals and parameter types —
// what LANGUAGE.md §9 says an imported class provides.
//
// The table answers ancestry (§2 assignability) and overload resolution (§7.2).

import PhantomCore

/// A field: a slot of the object, counted across the whole `extends` chain.
struct FieldInfo {
    var name: String
    var type: PhType
    var slot: Int
}

/// A method as callers see it.
struct MethodInfo {
    /// `<init>` for constructors.
    var name: String
    var ordinal: Int
    var isConstructor: Bool
    var returnType: PhType
    var parameters: [PhType]
    var parameterNames: [String]

    var signatureText: String { "\(name)(\(parameters.map(\.description).joined(separator: ", ")))" }
}

/// One class: header, fields and methods.
final class ClassInfo {
    enum Origin { case stub, source, classFile }

    let name: String
    let origin: Origin
    var parentName: String?
    /// Written with `extends` (only such chains are searched for overriding, §3.4).
    var hasExplicitParent = false
    var isInterface = false
    var interfaces: [String] = []
    /// Own fields, in slot order.
    var fields: [FieldInfo] = []
    /// Field slots in the whole chain.
    var fieldCount = 0
    /// Own methods (overrides included).
    var methods: [MethodInfo] = []
    /// Size of the method table, inherited slots included.
    var methodSlots = 0

    init(name: String, origin: Origin) {
        self.name = name
        self.origin = origin
    }

    /// `.internal.*`: implemented by the VM, no constructors run (§9).
    var isNative: Bool { name.hasPrefix(".internal.") }

    /// The last component: the name of the constructor (§3.5).
    var shortName: String {
        if let dot = name.lastIndex(of: ".") { return String(name[name.index(after: dot)...]) }
        return name
    }
}

/// All classes known to one compilation.
final class ClassTable {
    private(set) var classes: [String: ClassInfo] = [:]
    /// Finds `.pc` files by absolute class name (nil: not on the class path).
    let finder: (String) -> ClassFile?
    /// Class-path classes that could not be read, with why (reported at their use).
    private(set) var loadFailures: [String: String] = [:]

    init(finder: @escaping (String) -> ClassFile?) {
        self.finder = finder
    }

    func add(_ info: ClassInfo) { classes[info.name] = info }

    /// The class `name`: already known, or loaded from the class path (with its parents).
    func lookup(_ name: String) -> ClassInfo? {
        let name = name == ClassNames.void ? ClassNames.object : name
        if let known = classes[name] { return known }
        guard loadFailures[name] == nil, let file = finder(name) else { return nil }
        return load(file, as: name)
    }

    func loadFailure(_ name: String) -> String? { loadFailures[name] }

    /// Builds a `ClassInfo` from a class file's C, S and f records (§9).
    private func load(_ file: ClassFile, as name: String) -> ClassInfo? {
        guard file.name == name else {
            loadFailures[name] = "the class file defines '\(file.name)'"
            return nil
        }
        let info = ClassInfo(name: name, origin: .classFile)
        info.parentName = file.parent.isEmpty || file.parent == ClassNames.void ? ClassNames.object : file.parent
        info.hasExplicitParent = info.parentName != ClassNames.object
        classes[name] = info  // before the parent, so a cycle in files ends here
        var parentSlots = 16
        if let parentName = info.parentName, parentName != name {
            guard let parent = lookup(parentName) else {
                classes[name] = nil
                loadFailures[name] = "its parent '\(parentName)' is not on the class path"
                return nil
            }
            parentSlots = parent.methodSlots
        }
        info.fieldCount = Int(file.objectSlots)
        info.fields = file.fields.map { FieldInfo(name: $0.name, type: Self.type(of: $0.type), slot: Int($0.ordinal)) }
        info.methods = file.signatures.map { s in
            MethodInfo(
                name: s.name, ordinal: Int(s.ordinal), isConstructor: s.isConstructor,
                returnType: Self.type(of: s.returnType), parameters: s.arguments.map { Self.type(of: $0.type) },
                parameterNames: s.arguments.map(\.name))
        }
        info.methodSlots = max(Int(file.methodSlots), parentSlots, (info.methods.map(\.ordinal).max() ?? -1) + 1)
        return info
    }

    /// The class-file form of a type (CLASSFILE.md type descriptors).
    static func descriptor(_ type: PhType) -> ClassFile.TypeDescriptor {
        switch type {
        case .void: .void
        case .untyped, .error: .untyped
        case .object(let name): ClassFile.TypeDescriptor(mainClass: name)
        case .array(let element):
            switch element {
            case .object(let name): .array(of: name)
            default: .array(of: "")
            }
        }
    }

    /// The type a class-file descriptor names.
    static func type(of descriptor: ClassFile.TypeDescriptor) -> PhType {
        let main = descriptor.mainClass
        if descriptor.isContainer {
            let element = descriptor.containedClass
            return .array(element.isEmpty || element == ClassNames.void ? .untyped : .object(element))
        }
        if main.isEmpty { return .untyped }
        if main == ClassNames.void { return .void }
        return .object(main)
    }

    // MARK: - Ancestry and assignability

    /// `name` and its ancestors, nearest first, ending at `.internal.object`.
    func chain(from name: String) -> [ClassInfo] {
        var result: [ClassInfo] = []
        var current = lookup(name)
        while let info = current, !result.contains(where: { $0 === info }) {
            result.append(info)
            current = info.parentName.flatMap { lookup($0) }
        }
        if name != ClassNames.object, !result.contains(where: { $0.name == ClassNames.object }),
            let object = lookup(ClassNames.object)
        {
            result.append(object)
        }
        return result
    }

    /// Whether `ancestor` is `name` or one of its parents (everything descends from object).
    func isAncestor(_ ancestor: String, of name: String) -> Bool {
        if ancestor == name || ancestor == ClassNames.object { return true }
        return chain(from: name).contains { $0.name == ancestor }
    }

    /// LANGUAGE.md §2 "Assignability" (dst ← src), used for overloads.
    func isAssignable(to dst: PhType, from src: PhType) -> Bool {
        if dst.isError || src.isError { return true }
        if dst == src { return true }
        if dst == .void || src == .void { return false }
        if dst == .untyped { return true }
        if src == .untyped { return false }
        switch (dst, src) {
        case (.array(let d), .array(let s)): return d == .untyped || isAssignable(to: d, from: s)
        case (.array, _): return false
        case (.object(let d), .array): return d == ClassNames.object
        case (.object(let d), .object(let s)):
            if dst.numeric != nil && src.numeric != nil { return true }
            return isAssignable(class: d, from: s)
        default: return false
        }
    }

    private func isAssignable(class dst: String, from src: String) -> Bool {
        if let info = lookup(dst), info.isInterface { return false }
        return isAncestor(dst, of: src)
    }

    // MARK: - Members

    /// The field `name` of `className` or of an ancestor.
    func field(_ name: String, in className: String) -> FieldInfo? {
        for info in chain(from: className) {
            if let field = info.fields.first(where: { $0.name == name }) { return field }
        }
        return nil
    }

    /// Overload resolution (§7.2): in each class of the chain, an exact signature, else
    /// the first method of that name and arity whose parameters accept the arguments.
    func resolveMethod(_ name: String, arguments: [PhType], in className: String) -> MethodInfo? {
        for info in chain(from: className) {
            let candidates = info.methods.filter { $0.name == name && $0.parameters.count == arguments.count }
            if let exact = candidates.first(where: { $0.parameters == arguments }) { return exact }
            if let fitting = candidates.first(where: { m in
                zip(m.parameters, arguments).allSatisfy { isAssignable(to: $0.0, from: $0.1) }
            }) {
                return fitting
            }
        }
        return nil
    }

    /// The first method of that name and arity along the chain (lenient overloads).
    func resolveMethod(_ name: String, arity: Int, in className: String) -> MethodInfo? {
        for info in chain(from: className) {
            if let method = info.methods.first(where: { $0.name == name && $0.parameters.count == arity }) { return method }
        }
        return nil
    }

    /// Whether `name` has a method of that name at all (for a better message).
    func hasMethod(named name: String, in className: String) -> Bool {
        chain(from: className).contains { $0.methods.contains { $0.name == name } }
    }
}

// Compiler.swift — the Phantom language compiler's entry point (PhantomCompiler).
//
// `.ph` sources in, `.pc` class files out (LANGUAGE.md, CLASSFILE.md). The stages, each
// in its own file:
//   Lexer.swift, Parser.swift   bytes → tokens → syntax tree (AST.swift)
//   Checker.swift               classes, visibility, fields, ordinals, constructors
//   ClassTable.swift            what is known about every class, and overloads
//   CodeGen.swift               method bodies → bytecode, with type checking
//   InternalStubs.swift         the VM's native classes as the compiler sees them
// All sources of one run are compiled together, so they may import each other; classes
// that are not in the run come from class files through `Options.findClass` (the host
// side searches directories, PhantomHost/ClassPath.swift). Nothing is produced when any
// error is found; every problem is a `Diagnostic` with its place.

import PhantomCore

/// The Phantom language compiler (`.ph` → `.pc`).
public enum PhantomCompiler {
    /// The class-file generation our compiler writes (CLASSFILE.md §8).
    public static let classFileGeneration: Character = "D"

    /// The version string every class file carries (CLASSFILE.md §3.1: 17 digits that
    /// nobody parses). A constant, so that the same sources give the same bytes.
    public static let versionStamp = "20261026000000000"

    /// Where the compiler finds what is not in its sources.
    public struct Options {
        /// A class file for an absolute class name (nil if the class path has none).
        public var findClass: (String) -> ClassFile?
        /// The bytes of `import "path"`, named in the given source file (nil if unreadable).
        public var readFile: (String, SourceFile) -> [UInt8]?
        /// LANGUAGE.md §10.3's opt-in extension: a call whose argument types fit no
        /// overload resolves by name and arity, with a warning, and its arguments are
        /// passed as they are (some corpus files need it; the original rejects them).
        public var lenientOverloads: Bool
        /// A source declaring an absolute class name, for classes that are neither in the
        /// run nor found by `findClass` (a source path: they join the run and are compiled).
        public var findSource: (String) -> SourceFile?

        public init(
            findClass: @escaping (String) -> ClassFile? = { _ in nil },
            readFile: @escaping (String, SourceFile) -> [UInt8]? = { _, _ in nil },
            lenientOverloads: Bool = false,
            findSource: @escaping (String) -> SourceFile? = { _ in nil }
        ) {
            self.findClass = findClass
            self.readFile = readFile
            self.lenientOverloads = lenientOverloads
            self.findSource = findSource
        }
    }

    /// The outcome of one run: the class files (none if there were errors) and every
    /// diagnostic, in the order found.
    public struct Result {
        public var classes: [ClassFile]
        public var diagnostics: DiagnosticList
        /// The source each class came from, parallel to `classes`.
        public var sourcePaths: [String]

        public var succeeded: Bool { !diagnostics.hasErrors }
    }

    /// Compiles `files` together.
    public static func compile(_ files: [SourceFile], options: Options = Options()) -> Result {
        var parseDiagnostics = DiagnosticList()
        var units = files.map { Parser.parse($0, diagnostics: &parseDiagnostics) }
        addSourcesFromPath(&units, options: options, diagnostics: &parseDiagnostics)
        let table = ClassTable(finder: options.findClass)
        for info in NativeClasses.shared.classes { table.add(info) }
        let checker = Checker(table: table)
        checker.diagnostics = parseDiagnostics
        checker.declare(units)
        checker.resolveAll()
        var classes: [ClassFile] = []
        var paths: [String] = []
        for source in checker.sources {
            classes.append(classFile(for: source, checker: checker, options: options))
            paths.append(source.file.path)
        }
        if checker.diagnostics.hasErrors { return Result(classes: [], diagnostics: checker.diagnostics, sourcePaths: []) }
        return Result(classes: classes, diagnostics: checker.diagnostics, sourcePaths: paths)
    }

    /// Adds to the run, until nothing more is missing, the sources `options.findSource`
    /// gives for classes that are imported or extended but neither declared in the run
    /// nor available as class files.
    static func addSourcesFromPath(_ units: inout [SourceUnit], options: Options, diagnostics: inout DiagnosticList) {
        var declared: Set<String> = []
        var asked: Set<String> = []
        var next = 0
        while next < units.count {
            let start = next
            next = units.count
            for unit in units[start...] { declared.formUnion(declaredNames(unit)) }
            for unit in units[start...] {
                for name in referencedNames(unit) where !declared.contains(name) && asked.insert(name).inserted {
                    guard !name.hasPrefix(".internal."), options.findClass(name) == nil,
                        let file = options.findSource(name)
                    else { continue }
                    let unit = Parser.parse(file, diagnostics: &diagnostics)
                    declared.formUnion(declaredNames(unit))
                    units.append(unit)
                }
            }
        }
    }

    /// Absolute names of the classes a unit declares (relative ones under its package).
    private static func declaredNames(_ unit: SourceUnit) -> [String] {
        var package: String?
        var names: [String] = []
        for item in unit.items {
            switch item {
            case .package(let name): package = name.text
            case .classDecl(let decl): if let full = Checker.className(decl.name, package: package) { names.append(full) }
            default: break
            }
        }
        return names
    }

    /// Absolute names a unit imports or extends.
    private static func referencedNames(_ unit: SourceUnit) -> [String] {
        var package: String?
        var names: [String] = []
        for item in unit.items {
            switch item {
            case .package(let name): package = name.text
            case .importClass(let name): if let full = Checker.className(name, package: package) { names.append(full) }
            case .classDecl(let decl): if let parent = decl.extends, let full = Checker.className(parent, package: package) { names.append(full) }
            case .attribute: break
            }
        }
        return names
    }

    /// Generates one class's methods and assembles its records.
    static func classFile(for source: SourceClass, checker: Checker, options: Options) -> ClassFile {
        let info = source.info
        let pool = ConstantPool()
        var file = ClassFile(
            name: info.name, parent: info.parentName ?? ClassNames.object, objectSlots: Int32(info.fieldCount),
            methodSlots: Int32(info.methodSlots), version: versionStamp)
        for (decl, method) in source.methods {
            let generator = MethodGen(
                checker: checker, source: source, method: method, decl: decl, constants: pool, options: options)
            let (code, lines) = generator.generate()
            let ordinal = Int32(method.ordinal)
            file.methods.append(ClassFile.Method(name: method.name, ordinal: ordinal, code: code))
            file.signatures.append(
                ClassFile.Signature(
                    name: method.name, ordinal: ordinal, isConstructor: method.isConstructor,
                    returnType: ClassTable.descriptor(method.returnType),
                    arguments: zip(method.parameterNames, method.parameters).map {
                        ClassFile.Signature.Argument(name: $0.0, type: ClassTable.descriptor($0.1))
                    }))
            if !lines.isEmpty { file.lineMaps.append(ClassFile.LineMap(ordinal: ordinal, entries: lines)) }
        }
        file.fields = info.fields.map {
            ClassFile.Field(name: $0.name, ordinal: Int32($0.slot), type: ClassTable.descriptor($0.type))
        }
        file.constants = pool.constants
        return file
    }
}

/// The native classes, declared once from InternalStubs.swift and shared read-only by
/// every compilation.
final class NativeClasses: @unchecked Sendable {
    static let shared = NativeClasses()

    /// Never mutated after `init`.
    let classes: [ClassInfo]
    /// Problems in the stubs themselves (a test asserts there are none).
    let diagnostics: DiagnosticList

    private init() {
        var parse = DiagnosticList()
        let units = InternalStubs.sources.map {
            Parser.parse(SourceFile(path: $0.path, text: $0.text), diagnostics: &parse)
        }
        let table = ClassTable(finder: { _ in nil })
        let checker = Checker(table: table, definingStubs: true)
        checker.diagnostics = parse
        checker.declare(units)
        checker.resolveAll()
        classes = checker.sources.map(\.info)
        diagnostics = checker.diagnostics
    }
}

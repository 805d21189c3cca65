// CompileCommand.swift — `phantom compile FILE.ph|DIR … [-o DIR] [-I DIR …]`: the
// Phantom language compiler on the command line (the work is in PhantomCompiler).
import ArgumentParser
import Foundation
import PhantomCompiler
import PhantomCore
import PhantomHost

/// Compiles sources together into `.pc` class files, one per class, named after the
/// class without its leading dot (`ru.dz.phantom.system.boot.pc`), as plc does.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile Phantom sources (.ph) into class files (.pc).",
        discussion: """
            Every source named, and every .ph file under a directory named, is compiled in \
            one run, so the sources may import each other. Classes they import from \
            elsewhere are read from class files in the -I directories (and the output \
            directory), or, failing that, compiled from sources there named a.b.c.ph or \
            a/b/c.ph for class .a.b.c. Nothing is written if any error is found.
            """)

    @Argument(help: "Source files, or directories whose .ph files (recursively) are compiled.")
    var sources: [String]

    @Option(name: .short, help: "Directory for the class files.")
    var output: String = "."

    @Option(name: .customShort("I"), help: "A directory of class files or sources for imports (repeatable).")
    var include: [String] = []

    @Flag(help: "Resolve a call whose argument types fit no overload by name and arity, with a warning (LANGUAGE.md §10.3).")
    var lenientOverloads = false

    @Flag(name: .long, help: "List each class file written.")
    var verbose = false

    func run() throws {
        var files: [SourceFile] = []
        for path in try Self.expand(sources) {
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure("\(path): cannot read the file") }
            files.append(SourceFile(path: path, bytes: [UInt8](data)))
        }
        let classPath = ClassPath(directories: include + [output, "."])
        let options = PhantomCompiler.Options(
            findClass: { name in classPath.bytes(for: name).flatMap { try? ClassFile.parse($0) } },
            readFile: { path, source in Self.read(path, from: source.path) },
            lenientOverloads: lenientOverloads,
            findSource: { name in Self.source(for: name, in: include + ["."]) })
        let result = PhantomCompiler.compile(files, options: options)
        for diagnostic in result.diagnostics.all {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        guard result.succeeded else {
            let count = result.diagnostics.errors.count
            throw Failure("\(count) error\(count == 1 ? "" : "s"); no class files written")
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        for file in result.classes {
            let path = output + "/" + String(file.name.drop(while: { $0 == "." })) + ".pc"
            guard FileManager.default.createFile(atPath: path, contents: Data(file.serialize())) else {
                throw Failure("\(path): cannot write the class file")
            }
            if verbose { print(path) }
        }
    }

    /// Files as given; directories replaced by their `.ph` files, sorted, recursively.
    static func expand(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Failure("\(path): no such file or directory")
            }
            guard isDirectory.boolValue else {
                result.append(path)
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".ph") }.sorted()
            result += found.map { path + "/" + $0 }
        }
        return result
    }

    /// The source of class `.a.b.c` on the source path: `a.b.c.ph` (the original's
    /// naming) or `a/b/c.ph` (the library's layout) in one of `directories`.
    static func source(for name: String, in directories: [String]) -> SourceFile? {
        let components = name.split(separator: ".").map(String.init)
        guard !components.isEmpty else { return nil }
        for directory in directories {
            for relative in [components.joined(separator: ".") + ".ph", components.joined(separator: "/") + ".ph"] {
                let path = directory + "/" + relative
                if let data = FileManager.default.contents(atPath: path) { return SourceFile(path: path, bytes: [UInt8](data)) }
            }
        }
        return nil
    }

    /// `import "path"`: relative to the source file's directory, then to the working one.
    static func read(_ path: String, from source: String) -> [UInt8]? {
        let directory = (source as NSString).deletingLastPathComponent
        for candidate in path.hasPrefix("/") ? [path] : [directory.isEmpty ? path : directory + "/" + path, path] {
            if let data = FileManager.default.contents(atPath: candidate) { return [UInt8](data) }
        }
        return nil
    }
}

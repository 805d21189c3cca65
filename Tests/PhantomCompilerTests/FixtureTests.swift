// FixtureTests.swift — the language fixtures: every `.ph` file under Fixtures/ is
// compiled, run in a fresh world and compared with the expectations written in its
// comments. The format is described in Fixtures/README.md:
//
//     // expect: text                 one line of console output, in order
//     // expect error: text           a compile error at this line containing text
//     // expect runtime error: text   an uncaught exception whose report contains text
//     // option: lenient-overloads      compile with that opt-in extension
//
// The last class of the file is the entry point: an instance made without a constructor
// runs method 8 with the boot object, as the boot class does on first boot.

import Foundation
import PhantomTestSupport
import Testing

@testable import PhantomCompiler
@testable import PhantomCore

/// One fixture file, named by its path under Fixtures/.
struct Fixture: CustomTestStringConvertible, Sendable {
    let path: String
    var testDescription: String { path }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Every `.ph` under Fixtures/, sorted.
    static func all() -> [Fixture] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var found: [Fixture] = []
        while let next = walker.nextObject() as? String {
            if next.hasSuffix(".ph") { found.append(Fixture(path: next)) }
        }
        return found.sorted { $0.path < $1.path }
    }

    var url: URL { Self.root.appendingPathComponent(path) }
}

/// What a fixture's comments ask for.
struct Expectations {
    var output: [String] = []
    var errors: [(line: Int, text: String)] = []
    var runtimeError: String?

    init(_ file: SourceFile) {
        var line = 0
        for text in String(decoding: file.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            let text = text.hasSuffix("\r") ? text.dropLast() : text
            if let found = Self.value(after: "// expect error: ", in: text) {
                errors.append((line, found))
            } else if let found = Self.value(after: "// expect runtime error: ", in: text) {
                runtimeError = found
            } else if let found = Self.value(after: "// expect: ", in: text) {
                output.append(found)
            } else if text.hasSuffix("// expect:") {
                output.append("")
            }
        }
    }

    private static func value(after marker: String, in line: Substring) -> String? {
        guard let range = line.range(of: marker) else { return nil }
        return String(line[range.upperBound...])
    }
}

/// Compiles and runs one fixture; returns the problems found (empty: it passed).
func check(_ fixture: Fixture) throws -> [String] {
    let file = SourceFile(path: fixture.path, bytes: Array(try Data(contentsOf: fixture.url)))
    let expected = Expectations(file)
    let directory = fixture.url.deletingLastPathComponent()
    let text = String(decoding: file.bytes, as: UTF8.self)
    let options = PhantomCompiler.Options(
        readFile: { path, _ in (try? Data(contentsOf: directory.appendingPathComponent(path))).map { Array($0) } },
        lenientOverloads: text.contains("// option: lenient-overloads"))
    let result = PhantomCompiler.compile([file], options: options)
    let errors = result.diagnostics.errors
    if !expected.errors.isEmpty {
        var problems: [String] = []
        if result.succeeded { problems.append("compiled, but errors were expected") }
        for (line, text) in expected.errors where !errors.contains(where: { $0.location.line == line && $0.message.contains(text) }) {
            problems.append("no error at line \(line) containing '\(text)'")
        }
        for error in errors where !expected.errors.contains(where: { $0.line == error.location.line }) {
            problems.append("unexpected error: \(error.headline)")
        }
        return problems
    }
    guard result.succeeded else { return errors.map { "compile error: \($0.headline)" } }
    guard let entry = result.classes.last else { return ["the fixture defines no class"] }

    let (vm, platform) = try makeTestVM(pages: 16_384)
    let files = Dictionary(result.classes.map { ($0.name, $0.serialize()) }, uniquingKeysWith: { a, _ in a })
    vm.classProvider = { files[$0] }
    guard let cls = try vm.findClass(entry.name) else { return ["class \(entry.name) did not load"] }
    guard case .value(let object) = vm.instantiate(cls) else { return ["cannot instantiate \(entry.name)"] }
    let thread = try vm.startThread(target: object, argument: vm.bootObject)
    vm.heap.release(object)
    vm.run(maxSlices: 20_000)
    var problems: [String] = []
    if vm.threads.contains(where: { !vm.threadEnded($0) }) { problems.append("threads still running after 20,000 slices") }
    let wanted = expected.output.map { $0 + "\n" }.joined()
    if platform.text != wanted {
        problems.append("output:\n\(platform.text)\nexpected:\n\(wanted)")
    }
    if let text = expected.runtimeError {
        if !vm.reports.contains(where: { $0.contains(text) }) {
            problems.append("no uncaught exception containing '\(text)'; reports: \(vm.reports)")
        }
    } else if !vm.reports.isEmpty {
        problems.append("unexpected uncaught exception: \(vm.reports)")
    }
    let damage = vm.heap.verify(externalRefs: [thread])
    if !damage.isEmpty { problems.append("space damaged: \(damage.prefix(3))") }
    vm.heap.release(thread)
    return problems
}

@Suite struct FixtureTests {
    @Test(arguments: Fixture.all())
    func fixture(_ fixture: Fixture) throws {
        let problems = try check(fixture)
        #expect(problems.isEmpty, "\(fixture.path):\n\(problems.joined(separator: "\n"))")
    }

    /// The issue asks for at least 150 fixtures and a regression folder.
    @Test func thereAreEnoughFixtures() {
        let all = Fixture.all()
        #expect(all.count >= 150, "\(all.count) fixtures")
        #expect(FileManager.default.fileExists(atPath: Fixture.root.appendingPathComponent("regression").path))
    }

    /// The native stubs compile cleanly.
    @Test func nativeStubsHaveNoErrors() {
        #expect(NativeClasses.shared.diagnostics.all.isEmpty, "\(NativeClasses.shared.diagnostics.all)")
        #expect(NativeClasses.shared.classes.count >= 30)
    }
}

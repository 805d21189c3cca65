// `phantom disasm` prints a class file as a listing, and names the damage in a bad one.
import Foundation
import Testing
import PhantomCore

@Suite struct DisasmCommandTests {
    /// The method of BYTECODE.md §10 (`phantom.util.hashmap.pos`) with a line map.
    static let pos: [UInt8] = [
        0x73, 0x01, 0x29, 0x01, 0x00, 0x1E, 0, 0, 0, 0, 0xAF, 0x00, 0x41, 0x14, 0x01, 0x41, 0x57, 0x40, 0x08, 0x08,
    ]

    /// Runs `phantom`; returns its exit status, stdout and stderr.
    func run(_ arguments: [String]) throws -> (Int32, String, String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-disasm-\(UUID().uuidString)")
        let output = base.appendingPathExtension("out")
        let errors = base.appendingPathExtension("err")
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        let process = try launchPhantom(arguments, output: output, errors: errors)
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8), try String(contentsOf: errors, encoding: .utf8))
    }

    @Test func listsEveryMethodWithLinesAndConstants() throws {
        var file = ClassFile(name: ".phantom.util.hashmap", parent: ".internal.object", objectSlots: 2, methodSlots: 17)
        file.methods = [ClassFile.Method(name: "pos", ordinal: 16, code: Self.pos)]
        file.lineMaps = [ClassFile.LineMap(ordinal: 16, entries: [.init(ip: 0, line: 40), .init(ip: 12, line: 41)])]
        file.constants = [ClassFile.Constant(id: 0, string: "hello")]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-\(getpid())-hashmap.pc").path
        defer { unlink(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(file.serialize())))
        let (status, text, _) = try run(["disasm", path])
        #expect(status == 0)
        #expect(text.hasPrefix("class .phantom.util.hashmap extends .internal.object\n"))
        #expect(text.contains(".const 0 \"hello\"\n"))
        #expect(text.contains("\nmethod 16 pos\n; line 40\n0     arg_count 1\n"))
        #expect(text.contains("\n; line 41\n12    o2i\n"))
        #expect(text.contains("\n16    iremlu\n17    i2o\n18    ret\n19    ret\n"))
    }

    @Test func aDamagedFileIsNamedWithTheOffset() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-\(getpid())-bad.pc").path
        defer { unlink(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("phfr:C\u{0}\u{0}\u{0}\u{5}".utf8)))
        let (status, _, errors) = try run(["disasm", path])
        #expect(status != 0)
        #expect(errors.contains("bad.pc: record #0 'C'"), "stderr: \(errors)")
        #expect(errors.contains("offset"), "stderr: \(errors)")
    }
}

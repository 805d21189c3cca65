// A world snapshotted in the middle of a loop by one `phantom` process, which then
// dies on the spot, is continued by a fresh process and ends with exactly the output
// of an uninterrupted run.
import Foundation
import Testing
import PhantomCore

@Suite struct FreshProcessTests {
    /// Sums i/7 over i = 1 … 1,500,000 (in 32 bits) through a method that updates a field,
    /// then prints the total.
    static let program = """
        .class .test.summer
        .field total
        .method run ordinal 8 args 1
            arg_count 1
            stack_reserve obj=0 int=1
            iconst_0
            i2o
            os_save8 0
            iconst_32bit 1500000
            is_set32 0
        loop:
            is_get32 0
            jz done
            summon_this
            is_get32 0
            i2o
            call_10 n=1
            os_drop
            is_get32 0
            iconst_1
            isublu
            is_set32 0
            jmp loop
        done:
            os_get32 0
            sconst_bin "total "
            os_load8 0
            sconst_bin "\\n"
            call_10 n=3
            ret
        .end
        .method add ordinal 16 args 1
            arg_count 1
            os_load8 0
            o2i
            os_get32 0
            o2i
            iconst_8bit 7
            idivlu
            isum
            i2o
            os_save8 0
            summon_null
            ret
        .end
        """

    /// Runs `phantom vm-run` to its end; returns stdout and stderr.
    func phantom(_ arguments: [String], in directory: URL) throws -> (String, String) {
        let output = directory.appendingPathComponent("out-\(UUID().uuidString)")
        let errors = directory.appendingPathComponent("err-\(UUID().uuidString)")
        let process = try launchPhantom(["vm-run"] + arguments, output: output, errors: errors)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return (try String(contentsOf: output, encoding: .utf8), try String(contentsOf: errors, encoding: .utf8))
    }

    @Test func aFreshProcessFinishesTheLoop() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-fresh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let classPath = directory.appendingPathComponent("summer.pc")
        try Data(try Assembler.assembleClass(Self.program).serialize()).write(to: classPath)
        // 32-bit arithmetic wraps, as in the VM.
        let expected = "total \((1...1_500_000).reduce(Int32(0)) { $0 &+ Int32($1 / 7) })\n"

        let plain = directory.appendingPathComponent("plain.img").path
        #expect(try phantom(["--image", plain, "--class", classPath.path], in: directory).0 == expected)

        let image = directory.appendingPathComponent("world.img").path
        let (first, firstLog) = try phantom(
            ["--image", image, "--class", classPath.path, "--snapshot-after", "40", "--stop-after-snapshot"],
            in: directory)
        #expect(first == "")
        #expect(firstLog.contains("snapshot 1"))
        let (second, secondLog) = try phantom(["--image", image], in: directory)
        #expect(second == expected)
        #expect(secondLog == "")

        let check = try launchPhantom(["fsck", image], output: directory.appendingPathComponent("fsck.txt"))
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
    }
}

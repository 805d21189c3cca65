// `phantom compile`: sources that import each other, class files on the class path,
// diagnostics with their place and a caret, and nothing written after an error.
import Foundation
import PhantomCore
import Testing

@Suite struct CompileCommandTests {
    /// A fresh directory holding `files` (name → text).
    func directory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("phantom-compile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// Runs `phantom` in `directory`; returns its exit status, stdout and stderr.
    func run(_ arguments: [String], in directory: URL) throws -> (Int32, String, String) {
        let output = directory.appendingPathComponent("stdout.txt")
        let errors = directory.appendingPathComponent("stderr.txt")
        let process = try launchPhantom(arguments, output: output, errors: errors, directory: directory)
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8), try String(contentsOf: errors, encoding: .utf8))
    }

    @Test func sourcesThatImportEachOtherCompileTogetherAndRun() throws {
        let dir = try directory([
            "src/a.ph": """
                package .test;
                import .test.b;
                class a {
                    var partner : .test.b;
                    void run(var boot) [8] {
                        partner = new .test.b();
                        boot.16(partner.twice(21), "\\n");
                    }
                    int base() { return 1; }
                };
                """,
            "src/nested/b.ph": """
                package .test;
                import .test.a;
                class b {
                    var back : .test.a;
                    int twice(var x : int) { return x * 2; }
                };
                """,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, _, errors) = try run(["compile", "src", "-o", "classes"], in: dir)
        #expect(status == 0, "\(errors)")
        for name in ["test.a.pc", "test.b.pc"] {
            let path = dir.appendingPathComponent("classes/\(name)").path
            let bytes = try #require(FileManager.default.contents(atPath: path))
            #expect((try? ClassFile.parse([UInt8](bytes))) != nil)
        }
        let (runStatus, text, runErrors) = try run(["vm-run", "--image", "t.img", "--class", "classes/test.a.pc"], in: dir)
        #expect(runStatus == 0)
        #expect(text == "42\n", "\(runErrors)")
    }

    @Test func classesOnTheClassPathAreImported() throws {
        let dir = try directory([
            "lib/point.ph": """
                package .geo;
                class point {
                    var x : int;
                    void point() { x = 7; }
                    int getX() { return x; }
                };
                """,
            "app.ph": """
                package .app;
                import .geo.point;
                class main {
                    void run(var boot) [8] {
                        var p : .geo.point;
                        p = new .geo.point();
                        boot.16(p.getX(), "\\n");
                    }
                };
                """,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try run(["compile", "lib/point.ph", "-o", "libclasses"], in: dir).0 == 0)
        // Without the class path the import fails, with it the program compiles.
        let (failed, _, message) = try run(["compile", "app.ph", "-o", "out"], in: dir)
        #expect(failed != 0)
        #expect(message.contains("app.ph:2:8: error: cannot find class '.geo.point'"), "\(message)")
        let (status, _, errors) = try run(["compile", "app.ph", "-o", "libclasses", "-I", "libclasses"], in: dir)
        #expect(status == 0, "\(errors)")
        let (_, text, _) = try run(["vm-run", "--image", "t.img", "--class", "libclasses/app.main.pc"], in: dir)
        #expect(text == "7\n")
    }

    @Test func importedClassesCompileFromTheSourcePath() throws {
        let library = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Library")
        let dir = try directory([
            "app.ph": """
                package .app;
                import .phantom.util.hashmap;
                class main {
                    void run(var boot) [8] {
                        var h : .phantom.util.hashmap;
                        h = new .phantom.util.hashmap();
                        h.init();
                        h.put("k", "v");
                        boot.16(h.get("k"), h.size(), "\\n");
                    }
                };
                """,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, _, errors) = try run(["compile", "app.ph", "-I", library.path, "-o", "out"], in: dir)
        #expect(status == 0, "\(errors)")
        // The imported class and what it imports were compiled from Library/ and written too.
        for name in ["app.main.pc", "phantom.util.hashmap.pc", "phantom.util.hashpair.pc"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(name)").path), "\(name)")
        }
        let (_, text, _) = try run(["vm-run", "--image", "t.img", "--class", "out/app.main.pc"], in: dir)
        #expect(text == "v1\n")
    }

    /// The README's examples stay valid programs.
    @Test func theExamplesCompile() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let dir = try directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = repository.appendingPathComponent("Examples").path
        let library = repository.appendingPathComponent("Library").path
        let (status, _, errors) = try run(["compile", examples, "-I", library, "-o", "out"], in: dir)
        #expect(status == 0, "\(errors)")
        for name in ["examples.counter.pc", "examples.hello.pc", "examples.guestbook.pc"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(name)").path), "\(name)")
        }
    }

    @Test func errorsNameTheirPlaceShowTheLineAndWriteNothing() throws {
        let dir = try directory([
            "bad.ph": """
                package .test;
                class bad {
                    void f() { x = 1; }
                    void g() { var s : string; s = s + "a"; }
                };
                """,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, _, errors) = try run(["compile", "bad.ph", "-o", "out"], in: dir)
        #expect(status != 0)
        #expect(errors.contains("bad.ph:3:16: error: 'x' is not defined\n    void f() { x = 1; }\n               ^\n"), "\(errors)")
        #expect(errors.contains("bad.ph:4:38: error: operator '+' needs numbers"), "\(errors)")
        #expect(errors.contains("2 errors; no class files written"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test func aMissingSourceIsAClearError() throws {
        let dir = try directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, _, errors) = try run(["compile", "nothing.ph"], in: dir)
        #expect(status != 0)
        #expect(errors.contains("nothing.ph: no such file or directory"))
    }
}

// CompilerTests.swift — what the compiler writes into class files: ordinals, slots,
// signatures, line maps, prologues, determinism, and how diagnostics print. The
// language's meaning is tested by the fixtures (FixtureTests.swift).
import Testing

@testable import PhantomCompiler
@testable import PhantomCore

@Suite struct CompilerTests {
    func compile(_ text: String) throws -> [ClassFile] {
        let result = PhantomCompiler.compile([SourceFile(path: "t.ph", text: text)])
        #expect(result.succeeded, "\(result.diagnostics.all)")
        return result.classes
    }

    @Test func ordinalsSignaturesAndSlots() throws {
        let classes = try compile("""
            package .t;
            class root { var a : int; void root() { } int f() { return 1; } };
            class middle extends root { int g() [40] { return 2; } };
            class leaf extends middle {
                var b : string;
                int f() { return 3; }
                void h(var x : int, var y) { }
                void k() { }
            };
            """)
        let root = try #require(classes.first { $0.name == ".t.root" })
        let leaf = try #require(classes.first { $0.name == ".t.leaf" })
        // root: f fresh at 17 after its constructor at 16 (declaration order).
        #expect(root.signatures.map { "\($0.name)@\($0.ordinal)" } == ["<init>@16", "f@17"])
        // leaf: f overrides root's 17; h and k take the lowest free slots after middle's 41;
        // its default constructor overrides the parent's at 16.
        #expect(leaf.signatures.map { "\($0.name)@\($0.ordinal)" } == ["f@17", "h@41", "k@42", "<init>@16"])
        #expect(leaf.methodSlots == 43)
        // Q14: slots are cumulative through the field-less middle class.
        #expect(leaf.objectSlots == 2)
        #expect(leaf.fields == [ClassFile.Field(name: "b", ordinal: 1, type: .string)])
        let h = try #require(leaf.signatures.first { $0.name == "h" })
        #expect(h.arguments == [.init(name: "x", type: .int), .init(name: "y", type: .untyped)])
        #expect(h.returnType == .void)
        #expect(leaf.signatures.first { $0.name == "<init>" }?.isConstructor == true)
        #expect(leaf.version == PhantomCompiler.versionStamp)
    }

    @Test func prologueReservesExactlyTheLocalsAndConstructorsChain() throws {
        let classes = try compile("""
            package .t;
            class base { void base() { } };
            class child extends base {
                void child() { }
                int f(var p : int) { var i : int; var l : .internal.int; var s : string; var o : .internal.object; return 0; }
            };
            """)
        let child = try #require(classes.first { $0.name == ".t.child" })
        let f = try #require(child.methods.first { $0.name == "f" })
        // arg_count 1; stack_reserve 2 objects (s, o) and 2 ints (i, l).
        #expect(Array(f.code.prefix(5)) == [0x73, 1, 0x29, 2, 2])
        let constructor = try #require(child.methods.first { $0.name == "<init>" })
        let listing = try Disassembler.listing(constructor.code, lines: [], constants: [])
        #expect(listing.contains("summon_this"))
        #expect(listing.contains("summon_by_name \".t.base\""))
        #expect(listing.contains("static_invoke ord=16 n=0"))
    }

    @Test func lineMapsPointAtStatements() throws {
        let classes = try compile("""
            package .t;
            class c {
                int f(var a : int) {
                    var x : int;
                    x = a;
                    x = x + 1;

                    return x;
                }
            };
            """)
        let c = try #require(classes.first)
        let f = try #require(c.methods.first { $0.name == "f" })
        let map = try #require(c.lineMaps.first { $0.ordinal == f.ordinal })
        #expect(map.entries.map(\.line) == [3, 5, 6, 8, 9])
        let ips = map.entries.map { Int($0.ip) }
        #expect(ips == ips.sorted() && ips.last! < f.code.count)
    }

    @Test func outputIsDeterministicAndVerifies() throws {
        let text = """
            package .t;
            class c {
                var n : int;
                string s(var k : int) { switch (k) { case 1: return "one"; default: return "many"; } }
                void loop() { var i : int; while (i < 10) { try { n = n + i; } catch (string e) { } i = i + 1; } }
            };
            """
        let first = try compile(text).map { $0.serialize() }
        let second = try compile(text).map { $0.serialize() }
        #expect(first == second)
        for bytes in first {
            let file = try ClassFile.parse(bytes)
            for method in file.methods {
                let args = file.signatures.first { $0.ordinal == method.ordinal }?.arguments.count ?? 0
                _ = try BytecodeVerifier.verify(
                    code: method.code, argCount: args, fieldCount: Int(file.objectSlots),
                    constantIDs: file.constants.map(\.id))
            }
        }
    }

    @Test func diagnosticsPrintWithTheLineAndACaret() throws {
        let file = SourceFile(path: "d.ph", text: "package .t;\nclass c {\n\tvoid f() { y = 1; }\n};\n")
        let result = PhantomCompiler.compile([file])
        let error = try #require(result.diagnostics.errors.first)
        #expect(error.headline == "d.ph:3:13: error: 'y' is not defined")
        #expect(error.description == "d.ph:3:13: error: 'y' is not defined\n\tvoid f() { y = 1; }\n\t           ^")
        #expect(result.classes.isEmpty)
    }

    @Test func severalFilesShareOneRunInAnyOrder() throws {
        let a = SourceFile(path: "a.ph", text: "package .t;\nimport .t.b;\nclass a { var other : .t.b; };\n")
        let b = SourceFile(path: "b.ph", text: "package .t;\nimport .t.a;\nclass b { var other : .t.a; };\n")
        let result = PhantomCompiler.compile([a, b])
        #expect(result.succeeded, "\(result.diagnostics.all)")
        #expect(result.classes.map(\.name) == [".t.a", ".t.b"])
        #expect(result.sourcePaths == ["a.ph", "b.ph"])
    }
}

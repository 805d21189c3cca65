// LibraryTests.swift — the system class library (Library/, written in the Phantom
// language) compiled by our compiler and run in fresh worlds: the boot class sets the
// system up and starts the shell, the shell answers scripted console input, and the
// utility classes pass a Phantom test program. Library/README.md lists the classes.

import Foundation
import PhantomTestSupport
import Testing

@testable import PhantomCompiler
@testable import PhantomCore

/// Compiling Library/ and running its classes in a test world.
enum LibraryHarness {
    /// The package root: this file is Tests/PhantomCompilerTests/LibraryTests.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let library = packageRoot.appendingPathComponent("Library")

    /// Every `.ph` under Library/, sorted by path.
    static func sources() throws -> [SourceFile] {
        let paths = (FileManager.default.enumerator(atPath: library.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".ph") }.sorted()
        return try paths.map { path in
            SourceFile(path: "Library/" + path, bytes: Array(try Data(contentsOf: library.appendingPathComponent(path))))
        }
    }

    /// The library compiled together with `extra` sources.
    static func compile(_ extra: [SourceFile] = []) throws -> PhantomCompiler.Result {
        PhantomCompiler.compile(try sources() + extra)
    }

    /// What one run left behind.
    struct Outcome {
        var output: String
        var reports: [String]
        var unfinished: Bool
        var damage: [String]
        var classLoader: String
        var osInterface: String
    }

    /// Runs `entry`'s method 8 with the boot object in a fresh world, as the VM runs the
    /// boot class on first boot: an instance made without a constructor. `input` is the
    /// whole console input; it ends after that.
    static func run(_ entry: String, classes: [ClassFile], input: String = "") throws -> Outcome {
        let (vm, platform) = try makeTestVM(pages: 16_384)
        let files = Dictionary(classes.map { ($0.name, $0.serialize()) }, uniquingKeysWith: { a, _ in a })
        vm.classProvider = { files[$0] }
        platform.input = Array(input.utf8)
        platform.inputEnded = true
        guard let cls = try vm.findClass(entry) else { throw Failure("class \(entry) did not load") }
        guard case .value(let object) = vm.instantiate(cls) else { throw Failure("cannot instantiate \(entry)") }
        let thread = try vm.startThread(target: object, argument: vm.bootObject)
        vm.heap.release(object)
        vm.run(maxSlices: 200_000)
        let unfinished = vm.threads.contains { !vm.threadEnded($0) }
        let loader = vm.rootSlot(RootSlot.userClassLoader)
        let os = vm.rootSlot(RootSlot.osInterface)
        let outcome = Outcome(
            output: platform.text, reports: vm.reports, unfinished: unfinished,
            damage: vm.heap.verify(externalRefs: [thread]),
            classLoader: loader.isObject ? vm.className(vm.classOf(loader)) : "(none)",
            osInterface: os.isObject ? vm.className(vm.classOf(os)) : "(none)")
        vm.heap.release(thread)
        return outcome
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

@Suite struct LibraryTests {
    /// The whole library compiles in one run with no error and no warning, and the
    /// runtime's entry points sit at the ordinals the VM calls.
    @Test func libraryCompilesCleanly() throws {
        let result = try LibraryHarness.compile()
        #expect(result.diagnostics.all.isEmpty, "\(result.diagnostics.all.map(\.description))")
        let classes = Dictionary(result.classes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in [
            ".ru.dz.phantom.system.boot", ".ru.dz.phantom.system.class_loader", ".ru.dz.phantom.system.runnable",
            ".ru.dz.phantom.system.shell", ".phantom.runnable", ".phantom.environment", ".phantom.osimpl",
            ".phantom.os", ".phantom.util.map", ".phantom.util.hashmap", ".phantom.util.hashpair",
            ".phantom.util.arraylist", ".phantom.util.strings", ".phantom.demo.hello",
        ] {
            #expect(classes[name] != nil, "\(name) missing")
        }
        let entryPoints = [
            (".ru.dz.phantom.system.boot", "startup"), (".ru.dz.phantom.system.class_loader", "get_class"),
            (".ru.dz.phantom.system.runnable", "run"), (".ru.dz.phantom.system.shell", "run"),
            (".phantom.runnable", "run"), (".phantom.demo.hello", "run"),
        ]
        for (cls, method) in entryPoints {
            #expect(classes[cls]?.method(ordinal: 8)?.name == method, "\(cls) method 8 is not \(method)")
        }
        #expect(classes[".ru.dz.phantom.system.shell"]?.parent == ".ru.dz.phantom.system.runnable")
    }

    /// First boot: banner, class loader and OS interface installed, init and the shell
    /// started; the shell answers help, echo, an unknown command
    /// and exit.
    @Test func bootStartsTheShell() throws {
        let result = try LibraryHarness.compile()
        try #require(result.succeeded)
        let outcome = try LibraryHarness.run(
            ".ru.dz.phantom.system.boot", classes: result.classes, input: "help\necho hi\n  bogus  \nexit\necho never\n")
        let expected = """
            Phantom system environment setup
            boot: started root.init .ru.dz.phantom.system.init
            boot: started root.shell .ru.dz.phantom.system.shell
            Phantom shell. Type help for the list of commands.
            phantom> commands:
              help          this list
              echo TEXT     print TEXT
              run CLASS     start CLASS (its method 8) in a new thread
              env, classes  print the kernel environment
              exit          leave the shell
            phantom> hi
            phantom> unknown command: bogus
            phantom> shell: bye

            """
        #expect(outcome.output == expected)
        #expect(outcome.reports.isEmpty, "\(outcome.reports)")
        #expect(!outcome.unfinished)
        #expect(outcome.damage.isEmpty, "\(outcome.damage.prefix(3))")
        #expect(outcome.classLoader == ".ru.dz.phantom.system.class_loader")
        #expect(outcome.osInterface == ".phantom.osimpl")
    }

    /// The shell's env and run commands, a failing run, and the end of the input in
    /// place of exit. The started thread's greeting may come at any point after
    /// "started", so it is looked for, not placed.
    @Test func shellRunsClassesAndEndsWithTheInput() throws {
        let result = try LibraryHarness.compile()
        try #require(result.succeeded)
        let outcome = try LibraryHarness.run(
            ".ru.dz.phantom.system.boot", classes: result.classes,
            input: "env\nclasses\nrun phantom.demo.hello\nrun no.such.klass\necho last")
        let environment = """
            root.shell=.ru.dz.phantom.system.shell
            root.init=.ru.dz.phantom.system.init
            root.boot=.ru.dz.phantom.system.boot

            """
        #expect(outcome.output.contains("phantom> " + environment + "phantom> " + environment + "phantom> "))
        #expect(outcome.output.contains("phantom> started .phantom.demo.hello\n"))
        #expect(outcome.output.contains("Hello from a new Phantom thread\n"))
        #expect(outcome.output.contains("phantom> run: .no.such.klass - class load error\n"))
        #expect(outcome.output.contains("phantom> last\nphantom> \nshell: bye\n"))
        #expect(outcome.reports.isEmpty, "\(outcome.reports)")
        #expect(!outcome.unfinished)
        #expect(outcome.damage.isEmpty, "\(outcome.damage.prefix(3))")
    }

    /// map, hashmap (200 keys, removals, int and null keys), arraylist, strings,
    /// environment (also as a thread's environment), os/osimpl and the class loader,
    /// driven by a Phantom program compiled together with the library.
    @Test func utilityClassesBehave() throws {
        let program = SourceFile(path: "utiltest.ph", bytes: Array(Self.utilityTest.utf8))
        let result = try LibraryHarness.compile([program])
        #expect(result.diagnostics.all.isEmpty, "\(result.diagnostics.all.map(\.description))")
        try #require(result.succeeded)
        let outcome = try LibraryHarness.run(".test.library.utiltest", classes: result.classes)
        #expect(outcome.output == Self.utilityExpected)
        #expect(outcome.reports.isEmpty, "\(outcome.reports)")
        #expect(!outcome.unfinished)
        #expect(outcome.damage.isEmpty, "\(outcome.damage.prefix(3))")
    }

    /// The test program; every line it prints is in `utilityExpected`.
    static let utilityTest = #"""
        package .test.library;

        import .phantom.util.map;
        import .phantom.util.hashmap;
        import .phantom.util.arraylist;
        import .phantom.util.strings;
        import .phantom.environment;
        import .phantom.osimpl;
        import .phantom.os;
        import .ru.dz.phantom.system.class_loader;
        import .internal.world;
        import .internal.thread;

        class utiltest
        {
            var boot_object;

            void run(var _boot @const) [8]
            {
                boot_object = _boot;
                testMap();
                testHashmap();
                testList();
                testStrings();
                testEnvironment();
                testLoader();
                boot_object.16("done", "\n");
            }

            // Our compiler rejects an int literal, int local or int expression as the
            // argument of an untyped parameter ("cannot assign a number to a value of type
            // untyped"); the result of a call returning int is accepted, hence box.
            int box(var v : int) { return v; }

            void out(var a, var b)
            {
                boot_object.16(a, " ", b, "\n");
            }

            void testMap()
            {
                var m : .phantom.util.map;
                var i : int;
                var sum : int;
                var added : int;
                var removed : int;
                var key : string;
                m = new .phantom.util.map();
                i = 0;
                added = 0;
                while( i < 200 )
                {
                    key = ("k").concat(i.toString());
                    added = added + m.put(key, box(i));
                    i = i + 1;
                }
                out("map added", box(added));
                out("map put again", m.put("k5", box(99)));
                out("map size", m.size());
                out("map k5", m.get("k5"));
                sum = 0;
                i = 0;
                while( i < 200 )
                {
                    key = ("k").concat(i.toString());
                    sum = sum + ((int) m.get(key));
                    i = i + 1;
                }
                out("map sum", box(sum));
                removed = 0;
                i = 0;
                while( i < 200 )
                {
                    key = ("k").concat(i.toString());
                    removed = removed + m.remove(key);
                    i = i + 2;
                }
                out("map removed", box(removed));
                out("map remove again", m.remove("k0"));
                out("map size", m.size());
                out("map contains k3", m.containsKey("k3"));
                out("map contains k4", m.containsKey("k4"));
                out("map get k4 null", box(m.get("k4") :== null));
                out("map replace k3", m.replace("k3", box(1000)));
                out("map k3", m.get("k3"));
                out("map keys", m.keys().size());
                sum = 0;
                i = 1;
                while( i < 200 )
                {
                    key = ("k").concat(i.toString());
                    sum = sum + ((int) m.get(key));
                    i = i + 2;
                }
                out("map odd sum", box(sum));
                m.put(box(7), "seven");
                out("map int key", m.get(box(7)));
                out("map int vs string", box(m.get("7") :== null));
                out("map null value", m.put("nothing", null));
                out("map has null value", m.containsKey("nothing"));
                out("map remove null value", m.remove("nothing"));
            }

            void testHashmap()
            {
                var h : .phantom.util.hashmap;
                var i : int;
                var sum : int;
                var key : string;
                var missing : int;
                h = new .phantom.util.hashmap();
                i = 0;
                while( i < 200 )
                {
                    key = ("key").concat(i.toString());
                    h.put(key, box(i * 3));
                    i = i + 1;
                }
                out("hash size", h.size());
                out("hash overwrite", h.put("key10", box(5)));
                out("hash key10", h.get("key10"));
                out("hash size", h.size());
                i = 0;
                while( i < 200 )
                {
                    key = ("key").concat(i.toString());
                    if( i % 3 == 0 )
                        h.remove(key);
                    i = i + 1;
                }
                out("hash size", h.size());
                out("hash remove absent", box(h.remove("key0") :== null));
                sum = 0;
                missing = 0;
                i = 0;
                while( i < 200 )
                {
                    key = ("key").concat(i.toString());
                    if( h.containsKey(key) )
                        sum = sum + ((int) h.get(key));
                    else
                        missing = missing + 1;
                    i = i + 1;
                }
                out("hash sum", box(sum));
                out("hash missing", box(missing));
                out("hash keys", h.keys().size());
                i = 0;
                while( i < 100 )
                {
                    h.put(box(i), box(i));
                    i = i + 1;
                }
                h.put(box(0 - 5), "minus five");
                out("hash int keys", h.size());
                out("hash get 42", h.get(box(42)));
                out("hash get -5", h.get(box(0 - 5)));
                out("hash string 42 absent", box(h.get("42") :== null));
                h.put(null, "null key");
                h.put("nothing", null);
                out("hash null key", h.get(null));
                out("hash null value", box(h.get("nothing") :== null));
                out("hash has null value", h.containsKey("nothing"));
                out("hash size", h.size());
                h.init();
                out("hash after init", h.size());
            }

            void testList()
            {
                var l : .phantom.util.arraylist;
                var i : int;
                var sum : int;
                var arr : .internal.object [];
                l = new .phantom.util.arraylist();
                i = 0;
                while( i < 200 )
                {
                    l.add(box(i));
                    i = i + 1;
                }
                out("list size", l.size());
                i = 198;
                while( i >= 0 )
                {
                    l.remove(i);
                    i = i - 3;
                }
                out("list size", l.size());
                out("list 0", l.get(0));
                out("list 1", l.get(1));
                out("list 2", l.get(2));
                out("list set", l.set(0, "first"));
                l.insert(1, "second");
                l.insert(l.size(), "last");
                out("list 0", l.get(0));
                out("list 1", l.get(1));
                out("list 2", l.get(2));
                out("list indexOf last", l.indexOf("last"));
                out("list indexOf 199", l.indexOf(box(199)));
                out("list indexOf 198", l.indexOf(box(198)));
                out("list contains 4", l.contains(box(4)));
                arr = l.toArray();
                out("list array", arr.size());
                sum = 0;
                i = 3;
                while( i < l.size() - 1 )
                {
                    sum = sum + ((int) l.get(i));
                    i = i + 1;
                }
                out("list sum", box(sum));
                try
                {
                    l.get(l.size());
                    out("list get past end", "no exception");
                }
                catch( string e ) out("list get past end", e);
                try l.remove(0 - 1);
                catch( string e ) out("list remove -1", e);
                l.add(null);
                out("list null", box(l.get(l.size() - 1) :== null));
                l.clear();
                out("list cleared", l.size());
            }

            void testStrings()
            {
                var s : .phantom.util.strings;
                var parts : string [];
                s = new .phantom.util.strings();
                out("trim", ("[").concat(s.trim("  a b \t\r\n")).concat("]"));
                out("trim blank", ("[").concat(s.trim("   ")).concat("]"));
                parts = s.split("a,,b,c", ",");
                out("split", parts.size());
                out("split 1", ("[").concat(parts[1]).concat("]"));
                out("join", s.join(parts, "+"));
                parts = s.words("  one two   three ");
                out("words", parts.size());
                out("words 2", parts[2]);
                out("replace", s.replace("a-b-c", "-", "::"));
                out("startsWith", s.startsWith("phantom", "phan"));
                out("endsWith", s.endsWith("phantom", "tom"));
                out("slice", s.slice("phantom", 2, 100));
                out("indexOf", s.indexOf("abcabc", "c", 3));
            }

            void testEnvironment()
            {
                var env : .phantom.environment;
                var w : .internal.world;
                var o : .phantom.osimpl;
                var pos : .phantom.os;
                env = new .phantom.environment();
                out("env set", env.set("user", "ann"));
                out("env set again", env.set("user", "bob"));
                out("env get", env.get("user"));
                out("env replace", env.replace("user", "bob"));
                out("env get", env.get("user"));
                out("env size", env.size());
                out("env remove", env.remove("user"));
                out("env contains", env.containsKey("user"));
                w = new .internal.world();
                env = w.getMyThread().getEnvironment();
                env.set("thread", box(1));
                env = w.getMyThread().getEnvironment();
                out("thread env", env.get("thread"));
                o = new .phantom.osimpl();
                o.init(boot_object);
                boot_object.22(o);
                pos = new .phantom.os();
                out("os root.shell", pos.getKernelEnvironmentValue("root.shell"));
                out("os missing null", box(pos.getKernelEnvironmentValue("no.such") :== null));
            }

            void testLoader()
            {
                var l : .ru.dz.phantom.system.class_loader;
                var c1 : .internal.object;
                var c2 : .internal.object;
                l = new .ru.dz.phantom.system.class_loader();
                l.init(boot_object);
                c1 = l.8(".phantom.util.map");
                c2 = l.get_class(".phantom.util.map");
                out("loader same", box(c1 :== c2));
                out("loader size", l.size());
                try
                {
                    l.get_class(".no.such.klass");
                    out("loader missing", "no exception");
                }
                catch( string e ) out("loader missing", e);
                out("loader size", l.size());
            }
        };
        """#

    static let utilityExpected = """
        map added 200
        map put again 0
        map size 200
        map k5 5
        map sum 19900
        map removed 100
        map remove again 0
        map size 100
        map contains k3 1
        map contains k4 0
        map get k4 null 1
        map replace k3 3
        map k3 1000
        map keys 100
        map odd sum 10997
        map int key seven
        map int vs string 1
        map null value 1
        map has null value 1
        map remove null value 1
        hash size 200
        hash overwrite 30
        hash key10 5
        hash size 200
        hash size 133
        hash remove absent 1
        hash sum 39776
        hash missing 67
        hash keys 133
        hash int keys 234
        hash get 42 42
        hash get -5 minus five
        hash string 42 absent 1
        hash null key null key
        hash null value 1
        hash has null value 1
        hash size 236
        hash after init 0
        list size 200
        list size 133
        list 0 1
        list 1 2
        list 2 4
        list set 1
        list 0 first
        list 1 second
        list 2 2
        list indexOf last 134
        list indexOf 199 133
        list indexOf 198 -1
        list contains 4 1
        list array 135
        list sum 13264
        list get past end arraylist index out of bounds
        list remove -1 arraylist index out of bounds
        list null 1
        list cleared 0
        trim [a b]
        trim blank []
        split 4
        split 1 []
        join a++b+c
        words 3
        words 2 three
        replace a::b::c
        startsWith 1
        endsWith 1
        slice antom
        indexOf 5
        env set 1
        env set again 0
        env get ann
        env replace ann
        env get bob
        env size 1
        env remove 1
        env contains 0
        thread env 1
        os root.shell .ru.dz.phantom.system.shell
        os missing null 1
        loader same 1
        loader size 1
        loader missing .no.such.klass - class load error
        loader size 1
        done

        """
}

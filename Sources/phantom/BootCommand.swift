// BootCommand.swift — `phantom` / `phantom boot` and `phantom run PROG`: a persistent
// world in this process (the work is in PhantomHost/HostedWorld.swift).
import ArgumentParser
import Foundation
import Logging
import PhantomCompiler
import PhantomCore
import PhantomHost

/// Set by SIGINT and SIGTERM; the world loop takes a final snapshot and exits.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0
/// The world's wake pipe, written by the signal handler so that an idle world notices.
nonisolated(unsafe) private var wakeDescriptor: Int32 = -1

/// Options every command that runs a world takes.
struct WorldOptions: ParsableArguments {
    @Option(help: "The image file (created on first use).")
    var image: String = "phantom.img"

    @Option(help: "Seconds between automatic snapshots; 0 turns them off (snapshots then happen on commit, `phantom snapshot` and stop only).")
    var snapshotInterval: Double = 1.0

    @Option(help: "The class library's sources (default: the Library directory of this checkout).")
    var library: String?

    @Option(help: "Capacity of the space, in 4 KiB pages.")
    var pages: Int = 65_536

    @Option(name: .customLong("env"), help: "A kernel environment item KEY=VALUE for a new world's boot class (repeatable); root.shell= starts no shell.")
    var environment: [String] = []

    @Flag(help: "Exit (after a final snapshot) once no thread is left.")
    var untilIdle = false

    @Flag(help: "Report every snapshot and how long it took.")
    var verbose = false

    func validate() throws {
        guard snapshotInterval >= 0, snapshotInterval.isFinite else {
            throw ValidationError("--snapshot-interval must be a number of seconds, 0 or more (0: no automatic snapshots)")
        }
        guard pages >= 16 else { throw ValidationError("--pages must be at least 16") }
    }

    /// Opens the world; a new one gets the class library and runs its boot class (once
    /// in the life of the world), and is snapshotted at once so that it exists on disk.
    func open() throws -> HostedWorld {
        let world: HostedWorld
        let line = ProgressLine(image)
        do { world = try HostedWorld(imagePath: image, pages: pages, progress: line.report) } catch let error as FileDeviceError {
            if case .locked = error {
                throw Failure("\(image): a world is already running on this image (another phantom holds its lock)")
            }
            throw Failure("\(error)")
        } catch {
            throw Failure("\(image): \(error)")
        }
        world.snapshotProgress = line.report
        let classes = try LibrarySources.compile(explicit: library)
        if world.isNew {
            try world.setKernelEnvironment(environment)
            try world.install(classes)
            try world.start(className: LibrarySources.bootClass)
            try world.snapshotNow()
            log("created a new world in \(image)")
        } else {
            // Library classes the world has not loaded yet stay available on demand.
            world.makeAvailable(classes)
            log("resumed \(image) at snapshot \(world.generation)")
        }
        return world
    }

    /// Runs the world until a signal or `phantom stop` (or, with --until-idle, until
    /// every thread ends), answering on its control channel meanwhile.
    func run(_ world: HostedWorld) throws {
        wakeDescriptor = world.mailbox.wakeWriteDescriptor
        signal(SIGINT) { _ in
            stopRequested = 1
            Mailbox.wake(wakeDescriptor)
        }
        signal(SIGTERM) { _ in
            stopRequested = 1
            Mailbox.wake(wakeDescriptor)
        }
        // A parent may have started us with these blocked (the mask survives exec).
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
        var server: ControlServer?
        do {
            server = try ControlServer(image: image, world: world, started: Date(), interval: snapshotInterval)
        } catch {
            logger.warning("no control channel (\(controlSocketPath(image: image)): \(error)); the world runs without it")
        }
        defer { server?.shutdown() }
        let ending = try world.run(
            snapshotInterval: snapshotInterval, untilIdle: untilIdle, shouldStop: { stopRequested != 0 },
            log: { logger.debug("\($0)") })
        log(ending == .stopped ? "stopped; the world is saved" : "no thread left; the world is saved")
    }

    var logger: Logger { makeLogger(verbose: verbose) }

    func log(_ line: String) { logger.info("\(line)") }
}

/// `phantom boot`: start (or resume) the world and run it.
struct BootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boot",
        abstract: "Run the persistent world in IMAGE, creating it on first use.",
        discussion: """
            A new world gets the class library and runs its boot class once; every later \
            start resumes exactly where the last snapshot left off. Snapshots are taken \
            every --snapshot-interval seconds and, on SIGINT or SIGTERM, one last time \
            before a clean exit. The image is locked while the world runs.
            """)

    @OptionGroup var world: WorldOptions

    func run() throws {
        try world.run(try world.open())
    }
}

/// `phantom run PROG.ph|CLASS.pc`: start a program in the running world (through its
/// control channel, streaming the program's output), or, when no world runs on the
/// image, open the world here, start the program in it and run the world.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start a program (its method 8) in a new persistent thread of the world.",
        discussion: """
            A .ph source is compiled first (library classes it imports are compiled from the \
            library's sources). The program's last class is started; its thread survives \
            restarts like everything else in the world. If a world runs on the image, the \
            program joins it and this command shows the program's output until it ends \
            (or, with --detach, returns at once); interrupting this command leaves the \
            program running in the world. Otherwise the world is opened (or created) here \
            and runs in the foreground.
            """)

    @Argument(help: "A Phantom source (.ph) or class file (.pc).")
    var program: String

    @Argument(help: "Arguments for the program, which it gets from boot.arguments() (after `--` if one starts with a dash).")
    var arguments: [String] = []

    @Flag(help: "With a running world: return once the program has started.")
    var detach = false

    @OptionGroup var world: WorldOptions

    func run() throws {
        let (classes, own) = try programClasses()
        guard let entry = classes.last else { throw Failure("\(program): defines no class") }
        if let client = try ControlClient.connect(image: world.image) {
            try runRemotely(classes, entry: entry.name, own: own, client: client)
            return
        }
        let opened = try world.open()
        try opened.install(classes, own: own)
        try opened.start(className: entry.name, arguments: arguments)
        // Durable before it runs: a crash from here on resumes the program, never loses it.
        try opened.snapshotNow()
        world.log("started \(entry.name)")
        try world.run(opened)
    }

    /// Sends the classes to the running world and follows the program.
    private func runRemotely(_ classes: [ClassFile], entry: String, own: Set<String>, client: ControlClient) throws {
        try client.send(ControlRequest(
            command: .run, classes: classes.map { Data($0.serialize()) }, entry: entry, own: own.sorted(), arguments: arguments, detach: detach))
        var started = false
        while !started {
            guard let reply = client.next() else { throw ControlClient.ConnectionClosed() }
            switch reply.kind {
            case .started:
                started = true
                world.log("started \(entry) as thread \(reply.thread ?? 0) of the world on \(world.image) (snapshot \(reply.generation ?? 0))")
            case .error:
                throw Failure(reply.text ?? "the world could not start the program")
            default:
                continue
            }
        }
        if detach { return }
        let done: ControlReply
        do { done = try client.finish() } catch is ControlClient.ConnectionClosed {
            world.log("the world stopped before \(entry) ended; the program stays in the world and goes on when it starts again")
            throw ExitCode(1)
        }
        if done.ok == false {
            world.log(done.text ?? "the program failed")
            throw ExitCode(1)
        }
    }

    /// The classes to install, the entry class last, and the names of the program's own
    /// (the rest are library classes it imports).
    private func programClasses() throws -> (classes: [ClassFile], own: Set<String>) {
        guard let data = FileManager.default.contents(atPath: program) else { throw Failure("\(program): cannot read the file") }
        if program.hasSuffix(".pc") {
            do {
                let file = try ClassFile.parse([UInt8](data))
                return ([file], [file.name])
            } catch { throw Failure("\(program): \(error)") }
        }
        let libraryDirectory = try LibrarySources.directory(explicit: world.library)
        let options = PhantomCompiler.Options(
            readFile: { path, source in CompileCommand.read(path, from: source.path) },
            findSource: { name in CompileCommand.source(for: name, in: [libraryDirectory, "."]) })
        let result = PhantomCompiler.compile([SourceFile(path: program, bytes: [UInt8](data))], options: options)
        for diagnostic in result.diagnostics.all {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        guard result.succeeded else { throw Failure("\(program): not compiled") }
        // The program's own classes, its last one last; library classes it pulled in first.
        let own = zip(result.classes, result.sourcePaths).filter { $0.1 == program }.map(\.0)
        let pulled = zip(result.classes, result.sourcePaths).filter { $0.1 != program }.map(\.0)
        return (pulled + own, Set(own.map(\.name)))
    }
}

/// Where the class library's sources are, and compiling them.
enum LibrarySources {
    static let bootClass = ".ru.dz.phantom.system.boot"
    private static let marker = "ru/dz/phantom/system/boot.ph"

    /// The library directory: `explicit`, else $PHANTOM_LIBRARY, else a `Library` beside
    /// the executable or the working directory or one of their parents.
    static func directory(explicit: String?) throws -> String {
        if let explicit { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["PHANTOM_LIBRARY"] { return fromEnvironment }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for start in [executable, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var directory = start
            while true {
                let candidate = directory.appendingPathComponent("Library")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path) {
                    return candidate.path
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw Failure("cannot find the class library (Library/\(marker)); pass --library DIR or set PHANTOM_LIBRARY")
    }

    /// Compiles every library source; any error is fatal (the library must be whole).
    static func compile(explicit: String?) throws -> [ClassFile] {
        let directory = try directory(explicit: explicit)
        var files: [SourceFile] = []
        for path in try CompileCommand.expand([directory]) {
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure("\(path): cannot read the file") }
            files.append(SourceFile(path: path, bytes: [UInt8](data)))
        }
        let result = PhantomCompiler.compile(files)
        guard result.succeeded else {
            let first = result.diagnostics.errors.first.map { "\n\($0)" } ?? ""
            throw Failure("the class library in \(directory) does not compile\(first)")
        }
        return result.classes
    }
}

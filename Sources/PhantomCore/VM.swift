// VM.swift — the Phantom virtual machine: one world living in one heap (PhantomCore).
//
// A `VM` wraps a heap (Heap.swift) whose root is the original's root object
// (VMLayout.swift, INTERNAL.md §5). Everything that matters lives in the space:
// classes, code, threads with their frames and stacks, the restart list. The VM object
// itself holds only volatile caches (the internal class references, the platform), so
// a VM attached to a recovered heap continues exactly where the snapshot was cut.
//
// Neighbours: class loading in ClassLoader.swift, the interpreter in Interpreter.swift,
// threads and the scheduler in Scheduler.swift, natives in Natives*.swift.
//
// Safepoints. Between two calls of `runSlice()` no interpreter state is held outside
// the space: that is where the host may cut a snapshot.

/// Why a world could not be created, attached or given a class.
public struct VMError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One persistent Phantom world: everything of the VM except the platform. All VM code
/// lives in extensions of this non-generic class, so it is compiled once, fully
/// optimised, whatever the platform; the platform is reached through the few hook
/// methods at the end, which `VM<P>` overrides (a class call, no existential).
public class Machine {
    public let heap: Heap
    /// The heap's space, kept here so hot paths reach it in one load. A strong `let`:
    /// with `unowned(unsafe)` every use retained and released it (measured: half the
    /// time of a call went to swift_retain/release).
    let space: Space
    /// The root object (INTERNAL.md §5).
    let root: Ref
    /// Internal class objects by table position (`ClassID`), cached from the root.
    var classes: [Ref]
    /// Loads a class file by name when the world does not know the class yet (hosted:
    /// the class path and the library bundle). Volatile; set after every attach.
    public var classProvider: ((String) -> [UInt8]?)?
    /// Instructions a thread may run before the scheduler moves on.
    public var sliceBudget = 20_000
    /// Set by the host: the generation of the newest durable snapshot, and whether a
    /// snapshot is being written (commit(), NativesSystem.swift).
    public var durableGeneration: UInt64 = 0
    public var snapshotInFlight = false
    /// Set by commit(): a thread waits for a snapshot, so the host should take one now.
    public var commitRequested = false
    /// Reports of uncaught exceptions since this VM was attached (also sent to
    /// `platform.diagnostic`).
    public private(set) var reports: [String] = []
    /// Pre-decoded hot instructions of the code objects run so far (volatile).
    let fastCode = FastCodeCache()
    func recordReport(_ report: String) { reports.append(report) }
    /// The thread the interpreter is running, for natives (null between slices).
    var currentThread: Ref = .null
    /// Round-robin position in the thread list.
    var scheduleCursor = 0
    /// Console input read from the platform but not yet taken by a thread (volatile:
    /// input that arrived after the last snapshot is not part of the world yet).
    var consoleInput: [UInt8] = []
    var consoleEnded = false

    /// Creates a fresh world in an empty heap, or attaches to the world a recovered heap
    /// already holds.
    init(heap: Heap) throws(VMError) {
        self.heap = heap
        space = heap.space
        heap.keepsFreedBoxes = true
        if heap.root.isNull {
            do {
                (root, classes) = try Machine.format(heap)
            } catch {
                throw VMError("the space is too small for a new world")
            }
            do { try ensureLists() } catch { throw VMError("the space is too small for a new world") }
            heap.store(root, slot: RootSlot.layoutVersion, Ref(int: Machine.layoutVersion))
        } else {
            root = heap.root
            classes = try Machine.attach(heap, root: root)
            do { try upgradeLayout() } catch { throw VMError("the space is too small to upgrade the world") }
            do { try restartObjects() } catch { throw VMError("the space is too small to restart the world") }
        }
    }

    /// The layout of VM objects this VM writes. 2: directories place keys by
    /// `directoryHome`, threads have the arguments slot (threads of older worlds keep 16
    /// slots; boot.26 copes).
    static let layoutVersion = 2

    /// Brings an attached world made by an older VM to `layoutVersion`.
    private func upgradeLayout() throws(SpaceError) {
        let stored = rootSlot(RootSlot.layoutVersion)
        let version = stored.isInt ? stored.intValue : 1
        guard version < Machine.layoutVersion else { return }  // nothing to write
        if version < 2 {
            for (object, _) in heap.census() where heap.classOf(object) == classes[ClassID.directory] {
                try rehashDirectory(object)
            }
        }
        heap.store(root, slot: RootSlot.layoutVersion, Ref(int: Machine.layoutVersion))
    }

    // MARK: - Platform hooks

    // The platform (Platform.swift) as the VM code sees it. `VM<P>` overrides each to
    // call its platform; a bare `Machine` is never made (its initialiser is internal).
    func consoleWrite(_ bytes: [UInt8]) { preconditionFailure("VM<P> overrides the platform hooks") }
    func consoleRead(max: Int) -> [UInt8]? { preconditionFailure("VM<P> overrides the platform hooks") }
    func wallClockMilliseconds() -> Int64 { preconditionFailure("VM<P> overrides the platform hooks") }
    func idle(until deadline: Int64?, console: Bool) { preconditionFailure("VM<P> overrides the platform hooks") }
    func diagnostic(_ text: String) { preconditionFailure("VM<P> overrides the platform hooks") }
    func fileRead(path: String, offset: Int, count: Int) -> Result<[UInt8], PlatformError> {
        preconditionFailure("VM<P> overrides the platform hooks")
    }
    func fileWrite(path: String, offset: Int, bytes: [UInt8]) -> Result<Int, PlatformError> {
        preconditionFailure("VM<P> overrides the platform hooks")
    }

    // MARK: - Creating and attaching

    /// Builds the root object, the internal classes and the VM's lists.
    private static func format(_ heap: Heap) throws(SpaceError) -> (Ref, [Ref]) {
        let root = try heap.allocate(slots: RootSlot.count)
        heap.root = root
        heap.release(root)
        var classes: [Ref] = []
        for entry in InternalClass.table {
            let cls = try heap.allocate(slots: ClassSlot.count)
            heap.store(root, slot: entry.rootSlot, cls)
            heap.release(cls)
            classes.append(cls)
        }
        // Classes are instances of .internal.class, itself included.
        for cls in classes {
            heap.space.store64(cls.offset + ObjectHeader.classWord, classes[ClassID.class].raw)
        }
        // The shared interface of every internal class: slot k holds `sys k; ret`.
        let interface = try heap.allocate(slots: 64, class: classes[ClassID.interface])
        heap.store(root, slot: RootSlot.syscallInterface, interface)
        heap.release(interface)
        for k in 0..<64 {
            let stub = try makeCode(
                heap, bytecode: [Opcode.sys.rawValue, UInt8(k), Opcode.ret.rawValue],
                class: classes[ClassID.code], argCount: CodeField.anyArgs, ordinal: k, sysIndex: k,
                owner: classes[ClassID.void], maxObjects: 0, maxInts: 1, maxCatchers: 0, handlers: [])
            heap.store(interface, slot: k, stub)
            heap.release(stub)
        }
        let stringClass = classes[ClassID.string]
        for (id, entry) in InternalClass.table.enumerated() {
            let cls = classes[id]
            let name = try heap.allocate(bytes: entry.name.utf8.count, class: stringClass)
            Array(entry.name.utf8).withUnsafeBytes { heap.storeBytes(name, at: 0, from: $0) }
            heap.makeImmutable(name)
            heap.store(cls, slot: ClassSlot.name, name)
            heap.release(name)
            if id != ClassID.void { heap.store(cls, slot: ClassSlot.parent, classes[ClassID.void]) }
            heap.store(cls, slot: ClassSlot.flags, Ref(int: ClassFlags.internal))
            heap.store(cls, slot: ClassSlot.objectSlots, Ref(int: 0))
            heap.store(cls, slot: ClassSlot.interface, interface)
            heap.store(cls, slot: ClassSlot.tableID, Ref(int: id))
        }
        return (root, classes)
    }

    /// Checks that the root looks like a world and caches its class references.
    private static func attach(_ heap: Heap, root: Ref) throws(VMError) -> [Ref] {
        guard root.isObject, heap.hasSlots(root), heap.slotCount(root) == RootSlot.count else {
            throw VMError("the image holds no Phantom world (its root object has the wrong shape)")
        }
        var classes: [Ref] = []
        for (id, entry) in InternalClass.table.enumerated() {
            let cls = heap.load(root, slot: entry.rootSlot)
            guard cls.isObject, heap.hasSlots(cls), heap.slotCount(cls) == ClassSlot.count,
                heap.load(cls, slot: ClassSlot.tableID) == Ref(int: id)
            else {
                throw VMError("the image's world has no class \(entry.name) in root slot \(entry.rootSlot)")
            }
            classes.append(cls)
        }
        return classes
    }

    /// Finishes a fresh world: its lists and the boot object. Separate from `format`
    /// because it uses the VM's helpers.
    func ensureLists() throws(SpaceError) {
        if rootSlot(RootSlot.threads).isNull {
            try setRootSlot(RootSlot.threads, makeArray())
            try setRootSlot(RootSlot.users, makeArray())
            try setRootSlot(RootSlot.restartList, makeArray())
            try setRootSlot(RootSlot.kernelEnvironment, makeArray())
            try setRootSlot(RootSlot.rootDirectory, makeDirectory())
            try setRootSlot(RootSlot.classCache, makeDirectory())
            try setRootSlot(RootSlot.statistics, heap.allocate(bytes: 64, class: classes[ClassID.binary]))
            try setRootSlot(RootSlot.bootObject, heap.allocate(slots: 0, class: classes[ClassID.boot]))
            try setRootSlot(RootSlot.outOfMemory, makeString("out of memory"))
            heap.store(root, slot: RootSlot.nextThreadID, Ref(int: 1))
            for item in [".ru.dz.phantom.system.shell", ".ru.dz.phantom.system.init", ".ru.dz.phantom.system.boot"]
                .enumerated()
            {
                let key = ["root.shell=", "root.init=", "root.boot="][item.offset]
                let line = try makeString(key + item.element)
                try arrayAppend(rootSlot(RootSlot.kernelEnvironment), line)
                heap.release(line)
            }
        }
    }

    /// Sets a boot command-line item `key=value` in the kernel environment (boot.23):
    /// it replaces the item with the same key, or is appended. For hosts, before the
    /// boot class runs.
    public func setKernelEnvironment(_ item: String) throws(SpaceError) {
        let key = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0 + "=" } ?? item
        let environment = rootSlot(RootSlot.kernelEnvironment)
        let line = try makeString(item)
        defer { heap.release(line) }
        for index in 0..<arraySize(environment) {
            let existing = arrayGet(environment, index)
            if isString(existing), text(of: existing).hasPrefix(key) {
                try arraySet(environment, index, line)
                return
            }
        }
        try arrayAppend(environment, line)
    }

    /// Stores an owned reference into a root slot (the root takes it over).
    private func setRootSlot(_ slot: Int, _ value: Ref) {
        heap.store(root, slot: slot, value)
        heap.release(value)
    }

    func rootSlot(_ slot: Int) -> Ref { heap.load(root, slot: slot) }

    /// The boot object (`.internal.boot`) handed to the boot class and to every thread.
    public var bootObject: Ref { rootSlot(RootSlot.bootObject) }

    // MARK: - Classes of values

    /// The class of any value: ints are `.internal.int`, null is `.internal.void`.
    @inline(__always) func classOf(_ value: Ref) -> Ref {
        if value.isObject { return heap.classOf(value) }
        return value.isInt ? classes[ClassID.int] : classes[ClassID.void]
    }

    /// True if `cls` is `ancestor` or inherits from it.
    func isSubclass(_ cls: Ref, of ancestor: Ref) -> Bool {
        var current = cls
        while current.isObject {
            if current == ancestor { return true }
            current = heap.load(current, slot: ClassSlot.parent)
        }
        return false
    }

    /// The class's table position, or nil for a user class.
    func internalID(of cls: Ref) -> Int? {
        let id = heap.load(cls, slot: ClassSlot.tableID)
        return id.isInt && id.intValue >= 0 ? id.intValue : nil
    }

    public func className(_ cls: Ref) -> String {
        guard cls.isObject else { return "(none)" }
        let name = heap.load(cls, slot: ClassSlot.name)
        return name.isObject ? text(of: name) : "(unnamed)"
    }

    /// The string thrown when an allocation fails (made at format time, so throwing it
    /// needs no memory).
    var outOfMemory: Ref {
        let message = rootSlot(RootSlot.outOfMemory)
        heap.retain(message)
        return message
    }

    // MARK: - Code objects

    /// Allocates an immutable code object (layout `CodeField`).
    static func makeCode(
        _ heap: Heap, bytecode: [UInt8], class cls: Ref, argCount: UInt32, ordinal: Int, sysIndex: Int,
        owner: Ref, maxObjects: Int, maxInts: Int, maxCatchers: Int, handlers: [VerifiedMethod.Handler]
    ) throws(SpaceError) -> Ref {
        let start = CodeField.headerSize + handlers.count * CodeField.handlerSize
        let code = try heap.allocate(bytes: start + bytecode.count, class: cls)
        let base = code.offset + ObjectHeader.size
        let space = heap.space
                space.store32(base + CodeField.codeSize, UInt32(bytecode.count))
        space.store32(base + CodeField.argCount, argCount)
        space.store32(base + CodeField.maxObjects, UInt32(maxObjects))
        space.store32(base + CodeField.maxInts, UInt32(maxInts))
        space.store32(base + CodeField.maxCatchers, UInt32(maxCatchers))
        space.store32(base + CodeField.handlerCount, UInt32(handlers.count))
        space.store32(base + CodeField.ordinal, UInt32(ordinal))
        space.store32(base + CodeField.sysIndex, UInt32(sysIndex))
        space.store64(base + CodeField.owner, owner.raw)
        for (i, handler) in handlers.enumerated() {
            let at = base + CodeField.headerSize + i * CodeField.handlerSize
            space.store32(at, UInt32(handler.target))
            space.store32(at + 4, UInt32(handler.objectDepth))
            space.store32(at + 8, UInt32(handler.intDepth))
        }
        bytecode.withUnsafeBytes { heap.storeBytes(code, at: start, from: $0) }
        heap.makeImmutable(code)
        return code
    }

    /// Byte offset (in the space) of a code object's first bytecode byte.
    @inline(__always) func bytecodeStart(_ code: Int) -> Int {
        let base = code + ObjectHeader.size
        return base + CodeField.headerSize
            + Int(space.load32(base + CodeField.handlerCount)) * CodeField.handlerSize
    }

    @inline(__always) func codeField(_ code: Int, _ field: Int) -> Int {
        Int(space.load32(code + ObjectHeader.size + field))
    }
}


/// A world running on the platform `P` (hosted: PhantomHost's HostPlatform; tests: a
/// scripted one; bare metal: the kernel's).
public final class VM<P: Platform>: Machine {
    public let platform: P

    /// Creates a fresh world in an empty heap, or attaches to the world a recovered heap
    /// already holds (and re-attaches the objects on its restart list).
    public init(heap: Heap, platform: P) throws(VMError) {
        self.platform = platform
        try super.init(heap: heap)
    }

    override func consoleWrite(_ bytes: [UInt8]) { platform.consoleWrite(bytes) }
    override func consoleRead(max: Int) -> [UInt8]? { platform.consoleRead(max: max) }
    override func wallClockMilliseconds() -> Int64 { platform.wallClockMilliseconds() }
    override func idle(until deadline: Int64?, console: Bool) { platform.idle(until: deadline, console: console) }
    override func diagnostic(_ text: String) { platform.diagnostic(text) }
    override func fileRead(path: String, offset: Int, count: Int) -> Result<[UInt8], PlatformError> {
        platform.fileRead(path: path, offset: offset, count: count)
    }
    override func fileWrite(path: String, offset: Int, bytes: [UInt8]) -> Result<Int, PlatformError> {
        platform.fileWrite(path: path, offset: offset, bytes: bytes)
    }
}

// ClassLoader.swift — from a parsed class file to a class object in the space
// (PhantomCore, VM layer).
//
// The class file is parsed by ClassFile.swift; every method is verified by
// Verifier.swift before anything is built; then the class object, its method table,
// code objects, constants and line maps are allocated and the class is entered into
// the persistent class cache (root slot 73). A class that fails any step leaves
// nothing behind: objects built so far are released, the cache is untouched.
//
// Inheritance. The method table starts as a copy of the parent's; the class's own
// methods then fill or override their ordinals. A user class whose parent is internal
// is reparented to `.internal.void`, as the original loader does (CLASSFILE.md §4).
// User classes inherit void's ordinals 0–15, which run void's natives on the object
// (Docs/Compatibility.md: toString, equals, hashCode work on any object).

/// Why a class could not be loaded: the class and the place.
public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
    public let className: String
    public let message: String
    public init(className: String, message: String) {
        self.className = className
        self.message = message
    }
    public var description: String { "class \(className): \(message)" }
}

extension Machine {
    /// The largest constant id and ordinal accepted (tables are indexed by them).
    static var maxTableIndex: Int { 1 << 16 }

    /// Looks a class up by name: internal classes, then the class cache, then the
    /// class provider (which loads, verifies and caches it). Nil if nobody has it.
    public func findClass(_ name: String) throws(LoadError) -> Ref? {
        if let id = InternalClass.id(named: name) { return classes[id] }
        if let cached = directoryGet(rootSlot(RootSlot.classCache), Array(name.utf8)) { return cached }
        guard let provider = classProvider, let bytes = provider(name) else { return nil }
        let file: ClassFile
        do { file = try ClassFile.parse(bytes) } catch {
            throw LoadError(className: name, message: "\(error)")
        }
        guard file.name == name else {
            throw LoadError(className: name, message: "the class file found for it defines \(file.name)")
        }
        return try install(file)
    }

    /// The class file a loaded (cached) class was built from; nil if the world has no
    /// class of that name yet.
    public func loadedClassFile(_ name: String) -> [UInt8]? {
        guard let cached = directoryGet(rootSlot(RootSlot.classCache), Array(name.utf8)) else { return nil }
        let source = heap.load(cached, slot: ClassSlot.source)
        return source.isObject ? bytes(of: source) : []
    }

    /// Verifies and installs a parsed class; returns the class object (pinned by the
    /// class cache). Installing a name that is already present is an error.
    @discardableResult
    public func install(_ file: ClassFile) throws(LoadError) -> Ref {
        let name = file.name
        func fail(_ message: String) -> LoadError { LoadError(className: name, message: message) }
        guard name.hasPrefix("."), name.utf8.count > 1 else { throw fail("a class name starts with '.'") }
        guard InternalClass.id(named: name) == nil, !name.hasPrefix(".internal.") else {
            throw fail("the .internal package is reserved for built-in classes")
        }
        let cache = rootSlot(RootSlot.classCache)
        guard directoryGet(cache, Array(name.utf8)) == nil else { throw fail("a class of that name is loaded") }
        guard file.parent != name else { throw fail("the class is its own parent") }
        guard let found = try findClass(file.parent) else { throw fail("parent class \(file.parent) not found") }
        let parent = internalID(of: found) != nil ? classes[ClassID.void] : found
        let parentSlots = heap.load(parent, slot: ClassSlot.objectSlots).intValue
        guard Int(file.objectSlots) >= parentSlots else {
            throw fail("\(file.objectSlots) object slots, fewer than the \(parentSlots) of its parent")
        }
        guard Int(file.objectSlots) <= BytecodeVerifier.maxStackDepth else {
            throw fail("\(file.objectSlots) object slots exceed the limit \(BytecodeVerifier.maxStackDepth)")
        }
        let plan = try planMethods(file, fail)
        do {
            return try build(file, parent: parent, plan: plan)
        } catch {
            throw fail("the space is full")
        }
    }

    /// A verified method waiting to be built.
    private struct PlannedMethod {
        let method: ClassFile.Method
        let argCount: Int
        let verified: VerifiedMethod
    }

    /// Verifies every method; the last M record of an ordinal wins, as in the VM.
    private func planMethods(_ file: ClassFile, _ fail: (String) -> LoadError) throws(LoadError) -> [PlannedMethod] {
        let constantIDs = file.constants.map { $0.id }
        if let big = constantIDs.first(where: { Int($0) >= Machine.maxTableIndex }) {
            throw fail("constant id \(big) exceeds the limit \(Machine.maxTableIndex - 1)")
        }
        var plans: [PlannedMethod] = []
        var seen: [Int32] = []
        for method in file.methods.reversed() where !seen.contains(method.ordinal) {
            seen.append(method.ordinal)
            guard Int(method.ordinal) < Machine.maxTableIndex else {
                throw fail("method \(method.name): ordinal \(method.ordinal) exceeds the limit \(Machine.maxTableIndex - 1)")
            }
            let argCount = declaredArgCount(file, method)
            let verified: VerifiedMethod
            do {
                verified = try BytecodeVerifier.verify(
                    code: method.code, argCount: argCount, fieldCount: Int(file.objectSlots),
                    constantIDs: constantIDs, maxOrdinal: Machine.maxTableIndex)
            } catch {
                throw fail("method \(method.name) (ordinal \(method.ordinal)): \(error)")
            }
            plans.append(PlannedMethod(method: method, argCount: argCount, verified: verified))
        }
        return plans.reversed()
    }

    /// The argument count a method expects: its signature's, else its prologue's
    /// (`arg_count n`, or the legacy `iconst_32bit n; isublu`), else none.
    private func declaredArgCount(_ file: ClassFile, _ method: ClassFile.Method) -> Int {
        if let signature = file.signatures.last(where: { $0.ordinal == method.ordinal }) {
            return signature.arguments.count
        }
        let code = method.code
        if code.count >= 2 && code[0] == Opcode.argCount.rawValue { return Int(code[1]) }
        if code.count >= 6 && code[0] == Opcode.iconst32bit.rawValue && code[5] == Opcode.isublu.rawValue {
            let n = Int(code[1]) << 24 | Int(code[2]) << 16 | Int(code[3]) << 8 | Int(code[4])
            if n >= 0 && n <= BytecodeVerifier.maxStackDepth { return n }
        }
        return 0
    }

    /// Allocates the class; on failure releases what it made, so nothing is half-loaded.
    private func build(_ file: ClassFile, parent: Ref, plan: [PlannedMethod]) throws(SpaceError) -> Ref {
        let cls = try heap.allocate(slots: ClassSlot.count, class: classes[ClassID.class])
        do {
            try fill(cls, file, parent: parent, plan: plan)
        } catch {
            heap.release(cls)
            throw error
        }
        let key = try makeString(file.name)
        defer { heap.release(key) }
        do {
            _ = try directoryPut(rootSlot(RootSlot.classCache), key: key, cls)
        } catch {
            heap.release(cls)
            throw error
        }
        heap.release(cls)
        return cls
    }

    private func fill(_ cls: Ref, _ file: ClassFile, parent: Ref, plan: [PlannedMethod]) throws(SpaceError) {
        try storeOwned(cls, ClassSlot.name, makeString(file.name))
        heap.store(cls, slot: ClassSlot.parent, parent)
        heap.store(cls, slot: ClassSlot.flags, Ref(int: 0))
        heap.store(cls, slot: ClassSlot.objectSlots, Ref(int: Int(file.objectSlots)))
        heap.store(cls, slot: ClassSlot.tableID, Ref(int: -1))
        try storeOwned(cls, ClassSlot.statics, makeArray())

        // The method table: the parent's entries (void's natives 0–15), then our own.
        let parentInterface = heap.load(parent, slot: ClassSlot.interface)
        let inherited = parent == classes[ClassID.void] ? 16 : heap.slotCount(parentInterface)
        let ownMax = plan.map { Int($0.method.ordinal) + 1 }.max() ?? 0
        let size = max(inherited, ownMax, Int(file.methodSlots))
        let interface = try heap.allocate(slots: size, class: classes[ClassID.interface])
        heap.store(cls, slot: ClassSlot.interface, interface)
        heap.release(interface)
        for ordinal in 0..<inherited { heap.store(interface, slot: ordinal, heap.load(parentInterface, slot: ordinal)) }
        for planned in plan {
            let v = planned.verified
            let code = try Machine.makeCode(
                heap, bytecode: planned.method.code, class: classes[ClassID.code],
                argCount: UInt32(planned.argCount), ordinal: Int(planned.method.ordinal), sysIndex: 0,
                owner: cls, maxObjects: v.maxObjectDepth, maxInts: v.maxIntDepth,
                maxCatchers: v.maxCatcherDepth, handlers: v.handlers)
            heap.store(interface, slot: Int(planned.method.ordinal), code)
            heap.release(code)
        }

        // Names of our own methods, for dynamic_invoke (first match wins, in file order).
        let names = try heap.allocate(slots: file.methods.count * 2, class: classes[ClassID.page])
        heap.store(cls, slot: ClassSlot.methodNames, names)
        heap.release(names)
        for (i, method) in file.methods.enumerated() {
            try storeOwned(names, 2 * i, makeString(method.name))
            heap.store(names, slot: 2 * i + 1, Ref(int: Int(method.ordinal)))
        }

        let fieldNames = try heap.allocate(slots: Int(file.objectSlots), class: classes[ClassID.page])
        heap.store(cls, slot: ClassSlot.fieldNames, fieldNames)
        heap.release(fieldNames)
        for field in file.fields where field.ordinal >= 0 && field.ordinal < file.objectSlots {
            try storeOwned(fieldNames, Int(field.ordinal), makeString(field.name))
        }

        let constantCount = (file.constants.map { Int($0.id) + 1 }.max() ?? 0)
        let constants = try heap.allocate(slots: constantCount, class: classes[ClassID.page])
        heap.store(cls, slot: ClassSlot.constants, constants)
        heap.release(constants)
        for constant in file.constants {
            let value = try makeConstant(constant)
            heap.store(constants, slot: Int(constant.id), value)
            heap.release(value)
        }

        let lineMaps = try heap.allocate(slots: size, class: classes[ClassID.page])
        heap.store(cls, slot: ClassSlot.lineMaps, lineMaps)
        heap.release(lineMaps)
        for map in file.lineMaps where map.ordinal >= 0 && Int(map.ordinal) < size {
            let entries = map.entries.filter { $0.ip >= 0 && $0.ip <= Int64(UInt32.max) }.sorted { $0.ip < $1.ip }
            let table = try heap.allocate(bytes: entries.count * 8, class: classes[ClassID.binary])
            for (i, entry) in entries.enumerated() {
                space.store32(table.offset + ObjectHeader.size + 8 * i, UInt32(entry.ip))
                space.store32(table.offset + ObjectHeader.size + 8 * i + 4, UInt32(bitPattern: entry.line))
            }
            storeOwned(lineMaps, Int(map.ordinal), table)
        }

        let source = file.serialize()
        let binary = try heap.allocate(bytes: source.count, class: classes[ClassID.binary])
        source.withUnsafeBytes { heap.storeBytes(binary, at: 0, from: $0) }
        storeOwned(cls, ClassSlot.source, binary)
    }

    /// A constant: only `.internal.string` is understood (CLASSFILE.md §3.6); any other
    /// type leaves its slot null, and const_pool then pushes null (the original: FATAL).
    private func makeConstant(_ constant: ClassFile.Constant) throws(SpaceError) -> Ref {
        guard constant.type == .string else { return .null }
        return try makeString(constant.value)
    }

    /// Stores an owned reference into a slot and drops the caller's count.
    private func storeOwned(_ object: Ref, _ slot: Int, _ value: Ref) {
        heap.store(object, slot: slot, value)
        heap.release(value)
    }

    /// The source line of `ip` in method `ordinal` of `cls`, if its class file had a map.
    func line(of cls: Ref, ordinal: Int, ip: Int) -> Int? {
        let maps = heap.load(cls, slot: ClassSlot.lineMaps)
        guard maps.isObject, ordinal < heap.slotCount(maps) else { return nil }
        let table = heap.load(maps, slot: ordinal)
        guard table.isObject else { return nil }
        var line: Int?
        for i in 0..<heap.byteCount(table) / 8 {
            let at = table.offset + ObjectHeader.size + 8 * i
            if Int(space.load32(at)) > ip { break }
            line = Int(Int32(bitPattern: space.load32(at + 4)))
        }
        return line
    }
}

// InterpreterSupport.swift — the interpreter's slow paths (PhantomCore, VM layer):
// typed (long/float/double) instructions, throwing and unwinding, object creation,
// stack growth and the end of a thread. The dispatch loop is in Interpreter.swift.

extension Machine {
    // MARK: - Typed instructions

    /// Runs the instruction at `r.ip` under a type prefix (BYTECODE.md §5). Returns a
    /// message to throw, or nil. An instruction the prefix does not retype is left for
    /// the main loop (the prefix is then ignored, as in the original).
    func typed(_ prefix: TypePrefix, _ r: inout Registers) -> String? {
        let op = r.code[r.ip]
        switch op {
        case 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x56, 0x57:
            return typedArithmetic(prefix, op, &r)
        case 0x52, 0x53, 0x54, 0x55:
            let result: Bool
            switch prefix {
            case .long: let t = r.lpop(); let b = r.lpop(); result = compare(op, b, t)
            case .float: let t = r.fpop(); let b = r.fpop(); result = compare(op, b, t)
            case .double: let t = r.dpop(); let b = r.dpop(); result = compare(op, b, t)
            }
            r.ipush(result ? 1 : 0)
        case 0x48, 0x49, 0x4A, 0x4C, 0x4D, 0x4E:  // long-only binary (verifier: never float/double)
            let t = r.lpop()
            let b = r.lpop()
            switch op {
            case 0x48: r.lpush(b | t)
            case 0x49: r.lpush(b & t)
            case 0x4A: r.lpush(b ^ t)
            case 0x4C: r.lpush(b != 0 || t != 0 ? 1 : 0)
            case 0x4D: r.lpush(b != 0 && t != 0 ? 1 : 0)
            default: r.lpush((b != 0) != (t != 0) ? 1 : 0)
            }
        case 0x4B: r.lpush(~r.lpop())
        case 0x4F: r.lpush(r.lpop() == 0 ? 1 : 0)
        case 0x70, 0x71, 0x72:  // the 64-bit value on top, then a one-cell count
            let value = r.lpop()
            let shift = Int64(r.ipop() & 63)
            r.lpush(op == 0x70 ? value << shift : op == 0x71 ? value >> shift
                : Int64(bitPattern: UInt64(bitPattern: value) >> UInt64(shift)))
        case 0x74, 0x75, 0x76, 0x77:
            convert(prefix, from: op, &r)
        case 0x40:  // i2o
            let box: Ref
            do {
                switch prefix {
                case .long: box = try makeLong(r.lpop())
                case .float: box = try makeFloat(r.fpop())
                case .double: box = try makeDouble(r.dpop())
                }
            } catch {
                return "out of memory"
            }
            opush(&r, owned: box)
        case 0x41:  // o2i
            let value = opop(&r)
            defer { heap.release(value) }
            guard let number = unboxNumber(value) else { return "type assert failed" }
            switch prefix {
            case .long: r.lpush(number.long)
            case .float: r.fpush(Float(number.double))
            case .double: r.dpush(number.double)
            }
        case 0x10:  // is_dup
            if prefix == .float { r.ipush(r.ist[r.isp &- 1]) } else {
                r.ipush(r.ist[r.isp &- 2])
                r.ipush(r.ist[r.isp &- 2])
            }
        case 0x11: r.isp &-= prefix == .float ? 1 : 2  // is_drop
        case 0x26:  // is_get32
            let slot = r.isBase &+ Int(r.i32(r.ip &+ 1))
            r.ipush(r.ist[slot])
            if prefix != .float { r.ipush(r.ist[slot &+ 1]) }
            r.ip &+= 5
            return nil
        case 0x27:  // is_set32
            let slot = r.isBase &+ Int(r.i32(r.ip &+ 1))
            if prefix == .float { r.ist[slot] = r.ipop() } else {
                r.ist[slot &+ 1] = r.ipop()
                r.ist[slot] = r.ipop()
            }
            r.ip &+= 5
            return nil
        case 0x20, 0x21, 0x22, 0x23:  // constants: two integer cells for long/double
            let value: Int32 = op == 0x20 ? 0 : op == 0x21 ? 1 : op == 0x22 ? Int32(r.code[r.ip &+ 1]) : r.i32(r.ip &+ 1)
            if prefix == .float { r.ipush(value) } else { r.lpush(Int64(value)) }
            r.ip &+= op == 0x22 ? 2 : op == 0x23 ? 5 : 1
            return nil
        default:
            return nil  // not retyped: the main loop runs it as it is
        }
        r.ip &+= 1
        return nil
    }

    private func compare<T: Comparable>(_ op: UInt8, _ b: T, _ t: T) -> Bool {
        switch op {
        case 0x52: return b >= t
        case 0x53: return b <= t
        case 0x54: return b > t
        default: return b < t
        }
    }

    /// isum … iremlu under a prefix; operand order as for ints (BYTECODE.md §4.4).
    private func typedArithmetic(_ prefix: TypePrefix, _ op: UInt8, _ r: inout Registers) -> String? {
        let swapped = op == 0x44 || op == 0x46 || op == 0x56  // t − b, t / b, t % b
        switch prefix {
        case .long:
            let t = r.lpop()
            let b = r.lpop()
            let (x, y) = swapped ? (t, b) : (b, t)
            switch op {
            case 0x42: r.lpush(x &+ y)
            case 0x43: r.lpush(x &* y)
            case 0x44, 0x45: r.lpush(x &- y)
            default:
                if y == 0 { return "division by zero" }
                r.lpush(op == 0x46 || op == 0x47 ? x.dividedReportingOverflow(by: y).partialValue
                    : x.remainderReportingOverflow(dividingBy: y).partialValue)
            }
        case .float:
            let t = r.fpop()
            let b = r.fpop()
            let (x, y) = swapped ? (t, b) : (b, t)
            r.fpush(floating(op, x, y))
        case .double:
            let t = r.dpop()
            let b = r.dpop()
            let (x, y) = swapped ? (t, b) : (b, t)
            r.dpush(floating(op, x, y))
        }
        r.ip &+= 1
        return nil
    }

    private func floating<T: FloatingPoint>(_ op: UInt8, _ x: T, _ y: T) -> T {
        switch op {
        case 0x42: return x + y
        case 0x43: return x * y
        case 0x44, 0x45: return x - y
        case 0x46, 0x47: return x / y
        default: return x.truncatingRemainder(dividingBy: y)
        }
    }

    /// fromi/froml/fromf/fromd: the opcode names the source, the prefix the target.
    private func convert(_ prefix: TypePrefix, from op: UInt8, _ r: inout Registers) {
        let value: Double
        var long: Int64 = 0
        switch op {
        case 0x74: long = Int64(r.ipop()); value = Double(long)
        case 0x75: long = r.lpop(); value = Double(long)
        case 0x76: value = Double(r.fpop()); long = saturatingInt64(value)
        default: value = r.dpop(); long = saturatingInt64(value)
        }
        switch prefix {
        case .long: r.lpush(long)
        case .float: r.fpush(op == 0x75 ? Float(long) : Float(value))
        case .double: r.dpush(op == 0x75 ? Double(long) : value)
        }
    }

    /// A number out of any numeric value: an int, or a long, float or double box.
    func unboxNumber(_ value: Ref) -> (long: Int64, double: Double)? {
        if value.isInt { return (Int64(value.intValue), Double(value.intValue)) }
        guard value.isObject else { return nil }
        switch heap.classOf(value) {
        case classes[ClassID.long]:
            let v = Int64(bitPattern: raw64(of: value))
            return (v, Double(v))
        case classes[ClassID.double]:
            let v = Double(bitPattern: raw64(of: value))
            return (saturatingInt64(v), v)
        case classes[ClassID.float]:
            let v = Double(Float(bitPattern: raw32(of: value)))
            return (saturatingInt64(v), v)
        default: return nil
        }
    }

    // MARK: - Objects

    /// A new instance of `cls` as `new` makes it (no constructor runs), owned by the
    /// caller; nil if `cls` is not a class or the space is full. For hosts starting a
    /// class's method 8 (the boot class, `phantom run`).
    public func newInstance(of cls: Ref) -> Ref? {
        switch instantiate(cls) {
        case .value(let object): return object
        case .thrown(let thrown): heap.release(thrown)
        case .block: break
        }
        return nil
    }

    /// What `new` makes of a class: a user object with null fields, or an internal
    /// object through its init hook (NativesContainers.swift).
    func instantiate(_ cls: Ref) -> NativeResult {
        guard isClass(cls) else { return fail("new of something that is not a class") }
        if let id = internalID(of: cls) { return newInternalObject(id) }
        let slots = heap.load(cls, slot: ClassSlot.objectSlots).intValue
        return allocating { () throws(SpaceError) in try heap.allocate(slots: slots, class: cls) }
    }

    // MARK: - Throwing

    /// Throws a new string with `message` from the instruction at `r.ip`.
    func raise(_ thread: Ref, _ r: inout Registers, message: String) -> Bool {
        let thrown: Ref
        do { thrown = try makeString(message) } catch { thrown = outOfMemory }
        return raise(thread, &r, thrown: thrown)
    }

    /// Throws `thrown` (owned) from the instruction at `r.ip`: finds the newest catcher
    /// of its class in this frame or a caller, trims the stacks to the handler's depths
    /// and continues there (true); or ends the thread with a report (false).
    func raise(_ thread: Ref, _ r: inout Registers, thrown: Ref) -> Bool {
        // Where it was thrown, for the report if nobody catches it (code is pinned).
        let originCode = r.codeObject
        let originIP = r.ip
        let thrownClass = classOf(thrown)
        while true {
            var i = r.esp &- 1
            while i >= r.esBase {
                let entry = r.es + i &* CatcherField.size
                let cls = Ref(raw: entry.loadUnaligned(fromByteOffset: CatcherField.catchClass, as: UInt64.self))
                if !thrown.isNull && cls.isObject && isSubclass(thrownClass, of: cls) {
                    let target = Int(entry.loadUnaligned(fromByteOffset: CatcherField.target, as: UInt32.self))
                    enterHandler(&r, target: target, catcher: i, thrown: thrown)
                    return true
                }
                i &-= 1
            }
            dropFrame(&r)
            if r.fp < 0 { break }
            enterFrame(&r)
        }
        let message = isString(thrown) ? text(of: thrown) : String(decoding: displayBytes(thrown), as: UTF8.self)
        let report = "thread \(heap.load(thread, slot: ThreadSlot.id).intValue): uncaught exception "
            + "\(className(thrownClass)) \"\(message)\" in \(describe(code: originCode, ip: originIP))"
        recordReport(report)
        diagnostic(report)
        end(thread, r, state: ThreadState.failed, result: thrown)
        return false
    }

    /// Sets the stacks to a handler's recorded depths (Verifier.swift, rule "Handlers").
    private func enterHandler(_ r: inout Registers, target: Int, catcher: Int, thrown: Ref) {
        let base = r.codeObject + ObjectHeader.size
        var objectDepth = 1
        var intDepth = 0
        for h in 0..<codeField(r.codeObject, CodeField.handlerCount) {
            let at = base + CodeField.headerSize + h * CodeField.handlerSize
            if Int(space.load32(at)) == target {
                objectDepth = Int(space.load32(at + 4))
                intDepth = Int(space.load32(at + 8))
                break
            }
        }
        let keep = r.osBase &+ objectDepth &- 1
        if r.osp > keep { odrop(&r, to: keep) }
        while r.osp < keep { r.os[r.osp] = 0; r.osp &+= 1 }
        opush(&r, owned: thrown)
        let ints = r.isBase &+ intDepth
        while r.isp < ints { r.ist[r.isp] = 0; r.isp &+= 1 }
        r.isp = ints
        r.esp = catcher
        r.ip = target
    }

    /// "class.method (ordinal K) line L, IP N" for reports.
    func describe(code: Int, ip: Int) -> String {
        let owner = Ref(raw: space.load64(code + ObjectHeader.size + CodeField.owner))
        let ordinal = codeField(code, CodeField.ordinal)
        var method = "method \(ordinal)"
        let names = heap.load(owner, slot: ClassSlot.methodNames)
        if names.isObject {
            for i in 0..<heap.slotCount(names) / 2 where heap.load(names, slot: 2 * i + 1).intValue == ordinal {
                method = text(of: heap.load(names, slot: 2 * i))
            }
        }
        let line = line(of: owner, ordinal: ordinal, ip: ip).map { ", line \($0)" } ?? ""
        return "\(className(owner)).\(method) (ordinal \(ordinal)\(line), IP \(ip))"
    }

    /// An internal fault: the thread ends with a report, no catcher can see it.
    func die(_ thread: Ref, _ r: inout Registers, message: String) -> SliceEnd {
        let report = "thread \(heap.load(thread, slot: ThreadSlot.id).intValue): \(message) in "
            + describe(code: r.codeObject, ip: r.ip)
        recordReport(report)
        diagnostic(report)
        odrop(&r, to: 0)
        r.fp = -1
        r.isp = 0
        r.esp = 0
        end(thread, r, state: ThreadState.failed, result: .null)
        return .ended
    }

    // MARK: - The end of a thread

    /// The bottom frame returned: its result is the cell left at the bottom.
    func finish(_ thread: Ref, _ r: Registers) {
        var r = r
        let result = r.osp > 0 ? opop(&r) : .null
        end(thread, r, state: ThreadState.finished, result: result)
    }

    /// Records how a thread ended (taking over `result`) and empties its stacks.
    private func end(_ thread: Ref, _ r: Registers, state: Int, result: Ref) {
        var r = r
        odrop(&r, to: 0)
        r.fp = -1
        r.isp = 0
        r.esp = 0
        save(r, to: thread)
        heap.store(thread, slot: ThreadSlot.result, result)
        heap.release(result)
        heap.store(thread, slot: ThreadSlot.state, Ref(int: state))
    }

    // MARK: - Stacks

    /// Grows the stacks to what the bottom frame's method needs. A call makes room for
    /// every frame it enters (`invoke`), but nothing enters a thread's first frame: it
    /// starts on the small stacks of a new thread (Scheduler.swift). False if they
    /// cannot grow (the registers are unchanged then).
    func roomForBottomFrame(_ thread: Ref, _ r: inout Registers) -> Bool {
        let needObjects = r.osBase &+ codeField(r.codeObject, CodeField.maxObjects)
        let needInts = r.isBase &+ codeField(r.codeObject, CodeField.maxInts)
        let needCatchers = r.esBase &+ codeField(r.codeObject, CodeField.maxCatchers)
        if needObjects <= r.osCapacity && needInts <= r.isCapacity && needCatchers <= r.esCapacity { return true }
        save(r, to: thread)
        guard growStacks(thread, objects: needObjects, ints: needInts, frames: 1, catchers: needCatchers) else {
            return false
        }
        r = load(thread)
        return true
    }

    /// The most cells a stack may have: 8 MiB of object cells.
    static var maxStackCells: Int { 1 << 20 }

    /// Replaces the thread's stack objects with ones large enough for the given needs
    /// (doubling), copying their contents. False, with nothing changed, past the limit
    /// or when the space is full.
    func growStacks(_ thread: Ref, objects: Int, ints: Int, frames: Int, catchers: Int) -> Bool {
        let plans: [(slot: Int, need: Int, cell: Int, isSlots: Bool, cls: Int)] = [
            (ThreadSlot.ostack, objects, 8, true, ClassID.ostack),
            (ThreadSlot.istack, ints, 4, false, ClassID.istack),
            (ThreadSlot.frames, frames, FrameField.size, false, ClassID.callFrame),
            (ThreadSlot.estack, catchers, CatcherField.size, false, ClassID.estack),
        ]
        var made: [(slot: Int, object: Ref)] = []
        for plan in plans {
            let old = heap.load(thread, slot: plan.slot)
            let capacity = heap.byteCount(old) / plan.cell
            guard plan.need > capacity else { continue }
            var grown = capacity * 2
            while grown < plan.need { grown *= 2 }
            let fresh: Ref?
            if grown > Machine.maxStackCells {
                fresh = nil
            } else if plan.isSlots {
                fresh = try? heap.allocate(slots: grown, class: classes[plan.cls])
            } else {
                fresh = try? heap.allocate(bytes: grown * plan.cell, class: classes[plan.cls])
            }
            guard let fresh else {
                for (_, object) in made { heap.release(object) }
                return false
            }
            made.append((plan.slot, fresh))
        }
                for (slot, fresh) in made {
            let old = heap.load(thread, slot: slot)
            let bytes = heap.byteCount(old)
            // Cells move with their counts: the new object takes the references over,
            // and the old one is zeroed before it is released.
            space.willWrite(offset: fresh.offset, count: ObjectHeader.size + bytes)
            space.willWrite(offset: old.offset, count: ObjectHeader.size + bytes)
            (space.base + fresh.offset + ObjectHeader.size).copyMemory(
                from: space.base + old.offset + ObjectHeader.size, byteCount: bytes)
            space.zero(old.offset + ObjectHeader.size, count: bytes)
            heap.store(thread, slot: slot, fresh)
            heap.release(fresh)
        }
        return true
    }
}

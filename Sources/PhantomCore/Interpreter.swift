// Interpreter.swift — the bytecode interpreter (PhantomCore, VM layer).
//
// One function, `execute`, runs one thread for one time slice. The thread's state
// lives in the space (VMLayout.swift: its stacks, frame records and catchers); on
// entry it is loaded into `Registers`, a struct of local variables (ip, stack
// pointers, code pointer), and written back when the slice ends, when the thread
// parks in a native call, or when a throw has to search frames. Between slices
// nothing is held outside the space, which is what lets a snapshot be cut there.
//
// Raw pointers. The four stack objects are written through host pointers into the
// space for speed. That bypasses the per-store barrier, so `load` first announces the
// whole of every stack object to the barrier (`willWrite`), which marks the pages
// dirty and takes the copy-on-write copies a running snapshot needs. Cuts happen only
// between slices, so pages stay announced for the rest of the slice; a stack that
// grows is announced again.
//
// Counting. Object-stack cells are counted references, like any slot (the ostack is
// a slot object), so the cycle collector and verify() see them: a push retains (or
// takes over an owned reference), a pop releases and zeroes the cell.
//
// What the verifier (Verifier.swift) guarantees is not checked again here: decoding,
// jump targets, stack depths per frame, slot and field ranges, constant ids. What
// depends on run-time values is checked: receivers, ordinals against the method
// table, argument counts, classes, division by zero, stack capacity.

/// How a slice ended.
enum SliceEnd {
    /// The budget ran out; the thread is still runnable.
    case yielded
    /// The thread parked in a native call (its state says why).
    case blocked
    /// The bottom frame returned or an exception went uncaught.
    case ended
}

/// The interpreter's working registers, kept in locals for the length of a slice.
struct Registers {
    var os: UnsafeMutablePointer<UInt64>
    var osp: Int
    var osCapacity: Int
    var ist: UnsafeMutablePointer<Int32>
    var isp: Int
    var isCapacity: Int
    var frames: UnsafeMutableRawPointer
    var fp: Int
    var frameCapacity: Int
    var es: UnsafeMutableRawPointer
    var esp: Int
    var esCapacity: Int
    /// Offset of the running code object, and a pointer to its first bytecode byte.
    var codeObject: Int
    var code: UnsafePointer<UInt8>
    /// The code's pre-decoded entries, one per bytecode offset (FastCode.swift).
    var fast: UnsafePointer<FastInst>
    var ip: Int
    var osBase: Int
    var isBase: Int
    var esBase: Int
    /// Entry i: the bytecode and fast table of frame i, written when it called frame
    /// i + 1, so that the return needs no lookup. Valid for the frames from
    /// `callersValidFrom` up that are callers (host memory, one thread at a time: a
    /// thread's registers start with none valid).
    var callers: UnsafeMutablePointer<CallerCode>
    var callersValidFrom: Int

    @inline(__always) var frame: UnsafeMutableRawPointer { frames + fp &* FrameField.size }
    @inline(__always) var this: Ref { Ref(raw: os[osBase &- 1]) }

    @inline(__always) func i32(_ at: Int) -> Int32 {
        Int32(bitPattern: UInt32(bigEndian: UnsafeRawPointer(code + at).loadUnaligned(as: UInt32.self)))
    }
    @inline(__always) func i64(_ at: Int) -> Int64 {
        Int64(bitPattern: UInt64(bigEndian: UnsafeRawPointer(code + at).loadUnaligned(as: UInt64.self)))
    }

    // Integer stack.
    @inline(__always) mutating func ipush(_ v: Int32) { ist[isp] = v; isp &+= 1 }
    @inline(__always) mutating func ipop() -> Int32 { isp &-= 1; return ist[isp] }
    /// A long or double occupies two cells, high word first (BYTECODE.md §2).
    @inline(__always) mutating func lpush(_ v: Int64) {
        storeWide(ist + isp, v)
        isp &+= 2
    }
    /// The long on top, left there.
    @inline(__always) func lpeek() -> Int64 { loadWide(ist + (isp &- 2)) }
    @inline(__always) mutating func lpop() -> Int64 {
        isp &-= 2
        return loadWide(ist + isp)
    }
    @inline(__always) mutating func fpush(_ v: Float) { ipush(Int32(bitPattern: v.bitPattern)) }
    @inline(__always) mutating func fpop() -> Float { Float(bitPattern: UInt32(bitPattern: ipop())) }
    @inline(__always) mutating func dpush(_ v: Double) { lpush(Int64(bitPattern: v.bitPattern)) }
    @inline(__always) mutating func dpop() -> Double { Double(bitPattern: UInt64(bitPattern: lpop())) }
}


extension Machine {
    // MARK: - Loading and saving a thread

    /// Reads a thread's state into registers and announces its stacks to the barrier.
    func load(_ thread: Ref) -> Registers {
                func object(_ slot: Int) -> (UnsafeMutableRawPointer, Int) {
            let ref = heap.load(thread, slot: slot)
            let bytes = heap.byteCount(ref)
            space.willWrite(offset: ref.offset, count: ObjectHeader.size + bytes)
            return (space.base + ref.offset + ObjectHeader.size, bytes)
        }
        func int(_ slot: Int) -> Int { heap.load(thread, slot: slot).intValue }
        let (os, osBytes) = object(ThreadSlot.ostack)
        let (ist, isBytes) = object(ThreadSlot.istack)
        let (frames, frameBytes) = object(ThreadSlot.frames)
        let (es, esBytes) = object(ThreadSlot.estack)
        let fp = int(ThreadSlot.frameCount) - 1
        fastCode.reserveCallers(frameBytes / FrameField.size)
        var r = Registers(
            os: os.assumingMemoryBound(to: UInt64.self), osp: int(ThreadSlot.osDepth), osCapacity: osBytes / 8,
            ist: ist.assumingMemoryBound(to: Int32.self), isp: int(ThreadSlot.isDepth), isCapacity: isBytes / 4,
            frames: frames, fp: fp, frameCapacity: frameBytes / FrameField.size,
            es: es, esp: int(ThreadSlot.esDepth), esCapacity: esBytes / CatcherField.size,
            codeObject: 0, code: UnsafePointer(ist.assumingMemoryBound(to: UInt8.self)), fast: fastCode.empty, ip: 0,
            osBase: 0, isBase: 0, esBase: 0, callers: fastCode.callers, callersValidFrom: fp &+ 1)
        enterFrame(&r)
        return r
    }

    /// Points the registers at the frame `r.fp` after a return to it: its code as its
    /// call left it in `r.callers` when it is valid, else looked up (and kept).
    @inline(__always) func enterCaller(_ r: inout Registers) {
        if r.fp >= r.callersValidFrom {
            enterFrameRecord(&r)
            let caller = r.callers[r.fp]
            r.code = caller.code
            r.fast = caller.fast
        } else {
            enterFrame(&r)
            r.callers[r.fp] = CallerCode(code: r.code, fast: r.fast)
            r.callersValidFrom = r.fp
        }
    }

    /// Points the registers at the frame `r.fp` (after a call, a return or a load).
    @inline(__always) func enterFrame(_ r: inout Registers) {
        enterFrameRecord(&r)
        enterCode(&r)
    }

    /// The registers that the frame record `r.fp` holds.
    @inline(__always) func enterFrameRecord(_ r: inout Registers) {
        let f = r.frame
        r.codeObject = Int(f.loadUnaligned(fromByteOffset: FrameField.code, as: UInt64.self))
        r.ip = Int(f.loadUnaligned(fromByteOffset: FrameField.ip, as: UInt32.self))
        r.osBase = Int(f.loadUnaligned(fromByteOffset: FrameField.osBase, as: UInt32.self))
        r.isBase = Int(f.loadUnaligned(fromByteOffset: FrameField.isBase, as: UInt32.self))
        r.esBase = Int(f.loadUnaligned(fromByteOffset: FrameField.esBase, as: UInt32.self))
    }

    /// Points the registers at the bytecode and fast table of `r.codeObject`.
    @inline(__always) func enterCode(_ r: inout Registers) {
        (r.code, r.fast) = codeAndTable(r.codeObject)
    }

    /// The bytecode of the code object at `code` (made resident) and its fast table.
    @inline(__always) func codeAndTable(_ code: Int) -> (UnsafePointer<UInt8>, UnsafePointer<FastInst>) {
        let start = bytecodeStart(code)
        let size = codeField(code, CodeField.codeSize)
        space.willRead(offset: start, count: size)
        let bytes = UnsafePointer((space.base + start).assumingMemoryBound(to: UInt8.self))
        return (bytes, fastCode.table(code: code, bytes: bytes, size: size))
    }

    /// Leaves the running frame: its cells are dropped and the stacks cut back to its
    /// bases. The caller enters the frame below (`enterFrame`) when `r.fp` is not -1.
    @inline(__always) func dropFrame(_ r: inout Registers) {
        odrop(&r, to: r.osBase &- 1)
        r.isp = r.isBase
        r.esp = r.esBase
        r.fp &-= 1
    }

    /// Writes the registers back into the thread object.
    func save(_ r: borrowing Registers, to thread: Ref) {
        if r.fp >= 0 { r.frame.storeBytes(of: UInt32(r.ip), toByteOffset: FrameField.ip, as: UInt32.self) }
        heap.storeUncounted(thread, slot: ThreadSlot.osDepth, Ref(int: r.osp))
        heap.storeUncounted(thread, slot: ThreadSlot.isDepth, Ref(int: r.isp))
        heap.storeUncounted(thread, slot: ThreadSlot.frameCount, Ref(int: r.fp + 1))
        heap.storeUncounted(thread, slot: ThreadSlot.esDepth, Ref(int: r.esp))
    }

    // MARK: - Object-stack cells

    @inline(__always) func opush(_ r: inout Registers, owned value: Ref) {
        r.os[r.osp] = value.raw
        r.osp &+= 1
    }

    @inline(__always) func opush(_ r: inout Registers, borrowed value: Ref) {
        heap.retain(value)
        r.os[r.osp] = value.raw
        r.osp &+= 1
    }

    /// Pops the top cell; the caller owns the reference.
    @inline(__always) func opop(_ r: inout Registers) -> Ref {
        r.osp &-= 1
        let value = Ref(raw: r.os[r.osp])
        r.os[r.osp] = 0
        return value
    }

    /// Releases and clears cells `from ..< r.osp`, making `from` the new depth.
    @inline(__always) func odrop(_ r: inout Registers, to from: Int) {
        while r.osp > from {
            r.osp &-= 1
            let value = Ref(raw: r.os[r.osp])
            r.os[r.osp] = 0
            heap.release(value)
        }
    }

    // MARK: - The dispatch loop

    /// Runs `thread` for at most about `budget` calls and backward jumps.
    func execute(_ thread: Ref, budget initialBudget: Int) -> SliceEnd {
        var r = load(thread)
        if r.fp == 0 && !roomForBottomFrame(thread, &r) && !raise(thread, &r, message: "stack overflow") {
            return .ended
        }
        var budget = initialBudget
        while true {
            // The pre-decoded forms of hot instructions (FastCode.swift) first: runs of
            // int-stack and borrowed object-cell ones in `runFast`, the others here.
            let inst = r.fast[r.ip]
            switch inst.op {
            case .slow:
                break
            case .osget:
                opush(&r, borrowed: Ref(raw: r.os[r.osBase &+ Int(inst.a)]))
                r.ip = Int(inst.next)
                continue
            case .oint:
                let value = Ref(raw: r.os[r.osBase &+ Int(inst.a)])
                if value.isInt {
                    r.ipush(Int32(truncatingIfNeeded: value.intValue))
                    r.ip = Int(inst.next)
                    continue
                }
            case .expr:
                // runFast runs it unless a check fails; then the bytecode switch does.
                let at = r.ip
                if !runFast(&r, budget: &budget, heap: heap) {
                    save(r, to: thread)
                    return .yielded
                }
                if r.ip != at { continue }
            case .o2i:
                let value = Ref(raw: r.os[r.osp &- 1])
                if value.isInt {
                    r.osp &-= 1
                    r.os[r.osp] = 0
                    r.ipush(Int32(truncatingIfNeeded: value.intValue))
                    r.ip = Int(inst.next)
                    continue
                }
            case .i2o:
                opush(&r, owned: Ref(int: Int(r.ipop())))
                r.ip = Int(inst.next)
                continue
            case .this:
                opush(&r, borrowed: r.this)
                r.ip = Int(inst.next)
                continue
            case .fieldLoad:
                opush(&r, borrowed: heap.load(r.this, slot: Int(inst.a)))
                r.ip = Int(inst.next)
                continue
            case .fieldSave:
                let this = r.this
                if !heap.isImmutable(this) {
                    let value = opop(&r)
                    heap.store(this, slot: Int(inst.a), value)
                    heap.release(value)
                    r.ip = Int(inst.next)
                    continue
                }
            case .summon:
                opush(&r, borrowed: Ref(raw: UInt64(UInt32(bitPattern: inst.a)) | UInt64(UInt32(bitPattern: inst.b)) << 32))
                r.ip = Int(inst.next)
                continue
            case .unboxField, .unboxLocal:
                let box = inst.op == .unboxField ? heap.load(r.this, slot: Int(inst.a)) : Ref(raw: r.os[r.osBase &+ Int(inst.a)])
                if box.isObject && heap.classOf(box) == classes[Int(inst.b)] {
                    r.lpush(Int64(bitPattern: raw64(of: box)))
                    r.ip = Int(inst.next)
                    continue
                }
            case .unbox:
                let box = Ref(raw: r.os[r.osp &- 1])
                if box.isObject && heap.classOf(box) == classes[Int(inst.b)] {
                    r.lpush(Int64(bitPattern: raw64(of: box)))
                    heap.release(opop(&r))
                    r.ip = Int(inst.next)
                    continue
                }
            case .box:
                if let box = try? makeRaw64(UInt64(bitPattern: r.lpeek()), class: Int(inst.b)) {
                    r.isp &-= 2
                    opush(&r, owned: box)
                    r.ip = Int(inst.next)
                    continue
                }
            case .boxToField:
                let this = r.this
                if !heap.isImmutable(this) {
                    let bits = UInt64(bitPattern: r.lpeek())
                    let old = heap.load(this, slot: Int(inst.a))
                    if old.isObject && heap.classOf(old) == classes[Int(inst.b)] && heap.refCount(old) == 1 {
                        // Only this field sees the box: changing it is the same as replacing it.
                        space.store64(old.offset &+ ObjectHeader.size, bits)
                        r.isp &-= 2
                        r.ip = Int(inst.next)
                        continue
                    }
                    if let box = try? makeRaw64(bits, class: Int(inst.b)) {
                        r.isp &-= 2
                        heap.store(this, slot: Int(inst.a), box)
                        heap.release(box)
                        r.ip = Int(inst.next)
                        continue
                    }
                }
            case .boxRet:
                if r.fp > 0, let after = unboxingReturn(r, class: inst.b) {
                    returnUnboxed(&r, cells: 2, resumingAt: after)
                    continue
                }
            case .call:
                let count = Int(inst.b)
                let thisIndex = r.osp &- count &- 1
                let cls = classOf(Ref(raw: r.os[thisIndex]))
                let site = fastCode.sites + Int(inst.c)
                if site.pointee.cls == cls.raw {
                    // A getter: its field, read here instead of in a frame of its own.
                    let getter = site.pointee.getter
                    if getter >= 0 {
                        let this = Ref(raw: r.os[thisIndex])
                        let box = site.pointee.getterBox
                        if box == 0 {
                            let value = heap.load(this, slot: getter)
                            heap.retain(value)
                            r.os[thisIndex] = value.raw
                            heap.release(this)
                            r.ip = Int(inst.next)
                            continue
                        }
                        // The boxed form, when the caller unboxes the result at once:
                        // the field's value goes onto its int stack.
                        let after = r.fast[Int(inst.next)]
                        let value = heap.load(this, slot: getter)
                        if after.op == .unbox && after.b == box && value.isObject && heap.classOf(value) == classes[box] {
                            r.lpush(Int64(bitPattern: raw64(of: value)))
                            r.osp &-= 1
                            r.os[r.osp] = 0
                            heap.release(this)
                            r.ip = Int(after.next)
                            continue
                        }
                    }
                    let native = site.pointee.native
                    if native >= 0 {
                        let outcome = callNative(thread, &r, table: site.pointee.table, sysIndex: native, count: count, callIP: r.ip)
                        if let end = charge(outcome, thread, &r, &budget) { return end }
                        continue
                    }
                    if enter(site, &r, thisIndex: thisIndex, count: count, ordinal: Int(inst.a), next: Int(inst.next)) {
                        budget &-= 1
                        if budget <= 0 {
                            save(r, to: thread)
                            return .yielded
                        }
                        continue
                    }
                }
                let callIP = r.ip
                r.ip = Int(inst.next)
                let depth = r.fp
                let code = methodCode(cls, Int(inst.a))
                if code != 0 && space.load32(code + ObjectHeader.size + CodeField.argCount) == CodeField.anyArgs {
                    fastCode.sites[Int(inst.c)] = CallSite(
                        cls: cls.raw, native: Int(space.load32(code + ObjectHeader.size + CodeField.sysIndex)),
                        table: internalID(of: cls) ?? ClassID.void)
                }
                let outcome = invoke(thread, &r, code: code, ordinal: Int(inst.a), count: count, callIP: callIP)
                if case .continue = outcome, r.fp == depth &+ 1, r.codeObject == code {
                    remember(code, for: cls, &r, at: Int(inst.c))
                }
                if let end = charge(outcome, thread, &r, &budget) { return end }
                continue
            case .retNull, .intRet:
                // Straight into a caller that drops the null or unboxes the int next;
                // else the result is pushed and returned as by `ret`.
                if r.fp > 0 {
                    let after = callerNext(r)
                    if inst.op == .retNull && after.op == .drop {
                        dropFrame(&r)
                        enterCaller(&r)
                        r.ip = Int(after.next)
                        continue
                    }
                    if inst.op == .intRet && after.op == .o2i {
                        returnUnboxed(&r, cells: 1, resumingAt: Int(after.next))
                        continue
                    }
                }
                opush(&r, owned: inst.op == .intRet ? Ref(int: Int(r.ipop())) : .null)
                fallthrough
            case .ret:
                if returns(&r) { continue }
                finish(thread, r)
                return .ended
            case .argCount:
                // The call checked the count against the declared one; this compares it
                // with the operand, as the bytecode switch does.
                if r.ist[r.isp &- 1] == inst.a {
                    r.isp &-= 1
                    r.ip = Int(inst.next)
                    continue
                }
            case .reserve:
                r.osp &+= Int(inst.a)
                for i in 0..<Int(inst.b) { r.ist[r.isp &+ i] = 0 }
                r.isp &+= Int(inst.b)
                r.ip = Int(inst.next)
                continue
            default:
                if runFast(&r, budget: &budget, heap: heap) { continue }
                save(r, to: thread)
                return .yielded
            }
            let op = r.code[r.ip]
            // A call's ordinal and argument count, set by the call cases below; the
            // call itself is after the switch.
            var ordinal = 0
            var count = 0
            switch op {
            case 0x00:  // nop
                r.ip &+= 1
                continue
            case 0x01:  // debug: diagnostics only
                r.ip &+= r.code[r.ip &+ 1] & 0x80 != 0 ? 6 &+ Int(r.i32(r.ip &+ 2)) : 2
                continue
            case 0x04:  // djnz
                r.ist[r.isp &- 1] &-= 1
                if r.ist[r.isp &- 1] != 0 {
                    r.ip = r.ip &+ 1 &+ Int(r.i32(r.ip &+ 1))
                    budget &-= 1
                    if budget <= 0 { save(r, to: thread); return .yielded }
                } else {
                    r.ip &+= 5
                }
                continue
            case 0x05:  // jz
                if r.ipop() == 0 {
                    let target = r.ip &+ 1 &+ Int(r.i32(r.ip &+ 1))
                    if target <= r.ip {
                        budget &-= 1
                        if budget <= 0 { r.ip = target; save(r, to: thread); return .yielded }
                    }
                    r.ip = target
                } else {
                    r.ip &+= 5
                }
                continue
            case 0x06:  // jmp
                let target = r.ip &+ 1 &+ Int(r.i32(r.ip &+ 1))
                if target <= r.ip {
                    budget &-= 1
                    if budget <= 0 { r.ip = target; save(r, to: thread); return .yielded }
                }
                r.ip = target
                continue
            case 0x07:  // switch
                let n = UInt32(bitPattern: r.i32(r.ip &+ 1))
                let shift = r.i32(r.ip &+ 5)
                let div = UInt32(bitPattern: r.i32(r.ip &+ 9))
                let x = UInt32(bitPattern: r.ipop() &+ shift)
                let d = div == 0 ? UInt32.max : x / div
                let table = r.ip &+ 13
                r.ip = d < n ? table &+ Int(d) &* 4 &+ Int(r.i32(table &+ Int(d) &* 4)) : table &+ Int(n) &* 4
                budget &-= 1
                if budget <= 0 { save(r, to: thread); return .yielded }
                continue
            case 0x08:  // ret
                if returns(&r) { continue }
                finish(thread, r)
                return .ended
            case 0x09, 0x0A, 0x0B, 0x0C:  // short_call_0 … 3
                ordinal = Int(op &- 0x09)
                r.ip &+= 1
            case 0x0D:  // call_8bit
                ordinal = Int(r.code[r.ip &+ 1])
                count = Int(r.i32(r.ip &+ 2))
                r.ip &+= 6
            case 0x0E:  // call_32bit
                ordinal = Int(r.i32(r.ip &+ 1))
                count = Int(r.i32(r.ip &+ 5))
                r.ip &+= 9
            case 0xA0...0xBF:  // call_00 … call_1F
                ordinal = Int(op & 0x1F)
                count = Int(r.code[r.ip &+ 1])
                r.ip &+= 2
            case 0x0F:  // sys: only in stubs, which calls never enter (Natives.swift)
                return die(thread, &r, message: "sys executed outside a native stub")
            case 0x10:  // is_dup
                r.ipush(r.ist[r.isp &- 1])
                r.ip &+= 1
                continue
            case 0x11:  // is_drop
                r.isp &-= 1
                r.ip &+= 1
                continue
            case 0x12:  // os_dup
                opush(&r, borrowed: Ref(raw: r.os[r.osp &- 1]))
                r.ip &+= 1
                continue
            case 0x13:  // os_drop
                heap.release(opop(&r))
                r.ip &+= 1
                continue
            case 0x14, 0x16:  // os_load8, os_load32
                let field = op == 0x14 ? Int(r.code[r.ip &+ 1]) : Int(r.i32(r.ip &+ 1))
                r.ip &+= op == 0x14 ? 2 : 5
                opush(&r, borrowed: heap.load(r.this, slot: field))
                continue
            case 0x15, 0x17:  // os_save8, os_save32
                let field = op == 0x15 ? Int(r.code[r.ip &+ 1]) : Int(r.i32(r.ip &+ 1))
                let this = r.this
                if heap.isImmutable(this) {
                    if raise(thread, &r, message: "store into an immutable object") { continue }
                    return .ended
                }
                r.ip &+= op == 0x15 ? 2 : 5
                let value = opop(&r)
                heap.store(this, slot: field, value)
                heap.release(value)
                continue
            case 0x18:  // new
                let cls = opop(&r)
                let result = instantiate(cls)
                heap.release(cls)
                switch result {
                case .value(let object):
                    opush(&r, owned: object)
                    r.ip &+= 1
                    continue
                case .thrown(let thrown):
                    if raise(thread, &r, thrown: thrown) { continue }
                    return .ended
                case .block:
                    continue
                }
            case 0x1C:  // os_pull32
                opush(&r, borrowed: Ref(raw: r.os[r.osp &- 1 &- Int(r.i32(r.ip &+ 1))]))
                r.ip &+= 5
                continue
            case 0x1E:  // os_get32
                opush(&r, borrowed: Ref(raw: r.os[r.osBase &+ Int(r.i32(r.ip &+ 1))]))
                r.ip &+= 5
                continue
            case 0x1F:  // os_set32
                let slot = r.osBase &+ Int(r.i32(r.ip &+ 1))
                let value = opop(&r)
                let old = Ref(raw: r.os[slot])
                r.os[slot] = value.raw
                heap.release(old)
                r.ip &+= 5
                continue
            case 0x20:  // iconst_0
                r.ipush(0)
                r.ip &+= 1
                continue
            case 0x21:  // iconst_1
                r.ipush(1)
                r.ip &+= 1
                continue
            case 0x22:  // iconst_8bit
                r.ipush(Int32(r.code[r.ip &+ 1]))
                r.ip &+= 2
                continue
            case 0x23:  // iconst_32bit
                r.ipush(r.i32(r.ip &+ 1))
                r.ip &+= 5
                continue
            case 0x24:  // sconst_bin
                let length = Int(r.i32(r.ip &+ 1))
                let bytes = [UInt8](UnsafeBufferPointer(start: r.code + (r.ip &+ 5), count: length))
                do {
                    opush(&r, owned: try makeString(bytes))
                } catch {
                    if raise(thread, &r, thrown: outOfMemory) { continue }
                    return .ended
                }
                r.ip &+= 5 &+ length
                continue
            case 0x25:  // iconst_64bit
                r.lpush(r.i64(r.ip &+ 1))
                r.ip &+= 9
                continue
            case 0x26:  // is_get32
                r.ipush(r.ist[r.isBase &+ Int(r.i32(r.ip &+ 1))])
                r.ip &+= 5
                continue
            case 0x27:  // is_set32
                r.ist[r.isBase &+ Int(r.i32(r.ip &+ 1))] = r.ipop()
                r.ip &+= 5
                continue
            case 0x28:  // const_pool: the pool of the method's own class (see Compatibility.md)
                let owner = Int(space.load64(r.codeObject + ObjectHeader.size + CodeField.owner))
                let pool = heap.load(Ref(raw: UInt64(owner)), slot: ClassSlot.constants)
                opush(&r, borrowed: heap.load(pool, slot: Int(r.i32(r.ip &+ 1))))
                r.ip &+= 5
                continue
            case 0x29:  // stack_reserve: object cells are already null above the top
                r.osp &+= Int(r.code[r.ip &+ 1])
                let ints = Int(r.code[r.ip &+ 2])
                for i in 0..<ints { r.ist[r.isp &+ i] = 0 }
                r.isp &+= ints
                r.ip &+= 3
                continue
            case 0x2B:  // cast
                let cls = opop(&r)
                let object = Ref(raw: r.os[r.osp &- 1])
                let ok = !object.isNull && isClass(cls) && isSubclass(classOf(object), of: cls)
                heap.release(cls)
                if !ok {
                    if raise(thread, &r, message: "cast to not parent") { continue }
                    return .ended
                }
                r.ip &+= 1
                continue
            case 0x2D:  // push_catcher
                let cls = opop(&r)
                let entry = r.es + r.esp &* CatcherField.size
                // Only a class is kept: the word is not counted, and classes are pinned.
                entry.storeBytes(of: isClass(cls) ? cls.raw : 0, toByteOffset: CatcherField.catchClass, as: UInt64.self)
                entry.storeBytes(of: UInt32(r.ip &+ 1 &+ Int(r.i32(r.ip &+ 1))), toByteOffset: CatcherField.target, as: UInt32.self)
                r.esp &+= 1
                heap.release(cls)
                r.ip &+= 5
                continue
            case 0x2E:  // pop_catcher
                r.esp &-= 1
                r.ip &+= 1
                continue
            case 0x2F:  // throw
                let thrown = opop(&r)
                if raise(thread, &r, thrown: thrown) { continue }
                return .ended
            case 0x30:  // summon_thread
                opush(&r, borrowed: thread)
                r.ip &+= 1
                continue
            case 0x31:  // summon_this
                opush(&r, borrowed: r.this)
                r.ip &+= 1
                continue
            case 0x37, 0x5B:  // summon_null, legacy os_push_null
                opush(&r, owned: .null)
                r.ip &+= 1
                continue
            case 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D:  // summon class, int, string, interface, code, array
                let id: Int
                switch op {
                case 0x38: id = ClassID.class
                case 0x39: id = ClassID.int
                case 0x3A: id = ClassID.string
                case 0x3B: id = ClassID.interface
                case 0x3C: id = ClassID.code
                default: id = ClassID.array
                }
                opush(&r, borrowed: classes[id])
                r.ip &+= 1
                continue
            case 0x3F:  // summon_by_name
                let length = Int(r.i32(r.ip &+ 1))
                let name = String(decoding: UnsafeBufferPointer(start: r.code + (r.ip &+ 5), count: length), as: UTF8.self)
                save(r, to: thread)
                let found: Ref?
                do { found = try findClass(name) } catch {
                    r = load(thread)
                    if raise(thread, &r, message: "\(name) - class load error: \(error.message)") { continue }
                    return .ended
                }
                r = load(thread)
                guard let cls = found else {
                    if raise(thread, &r, message: "\(name) - class load error") { continue }
                    return .ended
                }
                opush(&r, borrowed: cls)
                // The next run of this instruction takes the class from its fast entry.
                UnsafeMutablePointer(mutating: r.fast)[r.ip] = FastInst(
                    op: .summon, a: Int32(truncatingIfNeeded: cls.raw), b: Int32(truncatingIfNeeded: cls.raw >> 32),
                    next: Int32(r.ip &+ 5 &+ length))
                r.ip &+= 5 &+ length
                continue
            case 0x40:  // i2o
                opush(&r, owned: Ref(int: Int(r.ipop())))
                r.ip &+= 1
                continue
            case 0x41:  // o2i
                let value = opop(&r)
                if value.isInt {
                    r.ipush(Int32(truncatingIfNeeded: value.intValue))
                } else if let number = unboxAsInt(value) {
                    heap.release(value)
                    r.ipush(number)
                } else {
                    heap.release(value)
                    if raise(thread, &r, message: value.isNull ? "null where an int was expected" : "type assert failed") {
                        continue
                    }
                    return .ended
                }
                r.ip &+= 1
                continue
            case 0x42:  // isum
                let t = r.ipop(); r.ist[r.isp &- 1] = r.ist[r.isp &- 1] &+ t
                r.ip &+= 1
                continue
            case 0x43:  // imul
                let t = r.ipop(); r.ist[r.isp &- 1] = r.ist[r.isp &- 1] &* t
                r.ip &+= 1
                continue
            case 0x44:  // isubul: t − b
                let t = r.ipop(); r.ist[r.isp &- 1] = t &- r.ist[r.isp &- 1]
                r.ip &+= 1
                continue
            case 0x45:  // isublu: b − t
                let t = r.ipop(); r.ist[r.isp &- 1] = r.ist[r.isp &- 1] &- t
                r.ip &+= 1
                continue
            case 0x46, 0x47, 0x56, 0x57:  // idivul t/b, idivlu b/t, iremul t%b, iremlu b%t
                let t = r.ipop()
                let b = r.ipop()
                let (dividend, divisor) = op == 0x46 || op == 0x56 ? (t, b) : (b, t)
                if divisor == 0 {
                    if raise(thread, &r, message: "division by zero") { continue }
                    return .ended
                }
                // Int32.min / −1 overflows in C; wrap as 32-bit arithmetic does.
                r.ipush(op >= 0x56 ? dividend.remainderReportingOverflow(dividingBy: divisor).partialValue
                    : dividend.dividedReportingOverflow(by: divisor).partialValue)
                r.ip &+= 1
                continue
            case 0x48:  // ior
                let t = r.ipop(); r.ist[r.isp &- 1] |= t
                r.ip &+= 1
                continue
            case 0x49:  // iand
                let t = r.ipop(); r.ist[r.isp &- 1] &= t
                r.ip &+= 1
                continue
            case 0x4A:  // ixor
                let t = r.ipop(); r.ist[r.isp &- 1] ^= t
                r.ip &+= 1
                continue
            case 0x4B:  // inot
                r.ist[r.isp &- 1] = ~r.ist[r.isp &- 1]
                r.ip &+= 1
                continue
            case 0x4C:  // log_or
                let t = r.ipop(); r.ist[r.isp &- 1] = (t != 0 || r.ist[r.isp &- 1] != 0) ? 1 : 0
                r.ip &+= 1
                continue
            case 0x4D:  // log_and
                let t = r.ipop(); r.ist[r.isp &- 1] = (t != 0 && r.ist[r.isp &- 1] != 0) ? 1 : 0
                r.ip &+= 1
                continue
            case 0x4E:  // log_xor
                let t = r.ipop(); r.ist[r.isp &- 1] = ((t != 0) != (r.ist[r.isp &- 1] != 0)) ? 1 : 0
                r.ip &+= 1
                continue
            case 0x4F:  // log_not
                r.ist[r.isp &- 1] = r.ist[r.isp &- 1] == 0 ? 1 : 0
                r.ip &+= 1
                continue
            case 0x50:  // is_load8: this.field as an int
                let value = heap.load(r.this, slot: Int(r.code[r.ip &+ 1]))
                if value.isInt {
                    r.ipush(Int32(truncatingIfNeeded: value.intValue))
                } else if let number = unboxAsInt(value) {
                    r.ipush(number)
                } else {
                    if raise(thread, &r, message: "type assert failed") { continue }
                    return .ended
                }
                r.ip &+= 2
                continue
            case 0x51:  // is_save8: boxes the int into this.field
                let this = r.this
                if heap.isImmutable(this) {
                    if raise(thread, &r, message: "store into an immutable object") { continue }
                    return .ended
                }
                heap.store(this, slot: Int(r.code[r.ip &+ 1]), Ref(int: Int(r.ipop())))
                r.ip &+= 2
                continue
            case 0x52:  // ige
                let t = r.ipop(); r.ist[r.isp &- 1] = r.ist[r.isp &- 1] >= t ? 1 : 0
                r.ip &+= 1
                continue
            case 0x53:  // ile
                let t = r.ipop(); r.ist[r.isp &- 1] = r.ist[r.isp &- 1] <= t ? 1 : 0
                r.ip &+= 1
                continue
            case 0x54:  // igt
                let t = r.ipop(); r.ist[r.isp &- 1] = r.ist[r.isp &- 1] > t ? 1 : 0
                r.ip &+= 1
                continue
            case 0x55:  // ilt
                let t = r.ipop(); r.ist[r.isp &- 1] = r.ist[r.isp &- 1] < t ? 1 : 0
                r.ip &+= 1
                continue
            case 0x58, 0x59:  // os_eq, os_neq: identity (ints by value: they are immediates)
                let t = opop(&r)
                let b = opop(&r)
                r.ipush((t == b) == (op == 0x58) ? 1 : 0)
                heap.release(t)
                heap.release(b)
                r.ip &+= 1
                continue
            case 0x5A:  // os_isnull
                let value = opop(&r)
                r.ipush(value.isNull ? 1 : 0)
                heap.release(value)
                r.ip &+= 1
                continue
            case 0x5C, 0x5D, 0x5E:  // type prefix: runs together with the next instruction
                let prefix: TypePrefix = op == 0x5C ? .long : op == 0x5D ? .float : .double
                r.ip &+= 1
                switch typed(prefix, &r) {
                case .none: continue
                case .some(let message):
                    if raise(thread, &r, message: message) { continue }
                    return .ended
                }
            case 0x62, 0x63:  // general_lock, general_unlock: monitor placeholders
                heap.release(opop(&r))
                r.ip &+= 1
                continue
            case 0x6E:  // static_invoke: … args this class
                ordinal = Int(r.i32(r.ip &+ 1))
                count = Int(r.i32(r.ip &+ 5))
                let cls = opop(&r)
                let this = Ref(raw: r.os[r.osp &- 1])
                if !isClass(cls) || this.isNull || !isSubclass(classOf(this), of: cls) {
                    heap.release(cls)
                    let message = this.isNull ? "static_invoke on null" : "static_invoke: non-related class is given"
                    if raise(thread, &r, message: message) { continue }
                    return .ended
                }
                sink(&r, count: count)
                r.ip &+= 9
                switch invoke(thread, &r, code: methodCode(cls, ordinal), ordinal: ordinal, count: count, callIP: r.ip &- 9) {
                case .continue:
                    heap.release(cls)
                    budget &-= 1
                    if budget <= 0 { save(r, to: thread); return .yielded }
                    continue
                case .end(let end):
                    if end == .blocked {
                        // A native parked the thread and runs again when it wakes
                        // (BYTECODE.md §7): give the instruction back its stack.
                        rise(&r, count: count)
                        opush(&r, owned: cls)
                        save(r, to: thread)
                    } else {
                        heap.release(cls)
                    }
                    return end
                }
            case 0x6F:  // dynamic_invoke: … args this name; I: n
                let name = opop(&r)
                count = Int(r.ipop())
                let this = Ref(raw: r.os[r.osp &- 1])
                let found = isString(name) ? lookupMethod(classOf(this), named: bytes(of: name)) : nil
                heap.release(name)
                guard let ordinal = found, !this.isNull else {
                    if raise(thread, &r, message: "dynamic invoke failed") { continue }
                    return .ended
                }
                sink(&r, count: count)
                r.ip &+= 1
                let outcome = invoke(thread, &r, code: methodCode(classOf(this), ordinal), ordinal: ordinal, count: count, callIP: r.ip &- 1)
                if let end = charge(outcome, thread, &r, &budget) { return end }
                continue
            case 0x70, 0x71, 0x72:  // ishl, ishr, ushr: value on top, count below
                let value = r.ipop()
                let shift = r.ipop() & 31
                r.ipush(op == 0x70 ? value << shift : op == 0x71 ? value >> shift
                    : Int32(bitPattern: UInt32(bitPattern: value) >> UInt32(shift)))
                r.ip &+= 1
                continue
            case 0x73:  // arg_count: the call checked n against the declared count, but a
                // class file's prologue may still disagree with its signature; the
                // original compares the operand and throws (BYTECODE.md §3.3)
                if r.ipop() != Int32(r.code[r.ip &+ 1]) {
                    if raise(thread, &r, message: "invalid arg count") { continue }
                    return .ended
                }
                r.ip &+= 2
                continue
            case 0x74:  // fromi: no prefix, a no-op
                r.ip &+= 1
                continue
            case 0x75:  // froml → int: low 32 bits
                let v = r.lpop()
                r.ipush(Int32(truncatingIfNeeded: v))
                r.ip &+= 1
                continue
            case 0x76:  // fromf → int
                r.ipush(saturatingInt32(Double(r.fpop())))
                r.ip &+= 1
                continue
            case 0x77:  // fromd → int
                r.ipush(saturatingInt32(r.dpop()))
                r.ip &+= 1
                continue
            default:
                // The verifier accepts no other opcode.
                return die(thread, &r, message: "opcode \(op) reached the interpreter")
            }

            // A call: `this` and `count` arguments are the top cells.
            let this = Ref(raw: r.os[r.osp &- count &- 1])
            let callIP = callStart(op, r.ip)
            let outcome = invoke(thread, &r, code: methodCode(classOf(this), ordinal), ordinal: ordinal, count: count, callIP: callIP)
            if let end = charge(outcome, thread, &r, &budget) { return end }
        }
    }

    /// After a call: how the slice ends (the call ended it, or it spent the budget,
    /// which a call counts against like a backward jump), or nil to go on.
    @inline(__always) private func charge(_ outcome: CallOutcome, _ thread: Ref, _ r: inout Registers, _ budget: inout Int) -> SliceEnd? {
        switch outcome {
        case .continue:
            budget &-= 1
            if budget <= 0 {
                save(r, to: thread)
                return .yielded
            }
            return nil
        case .end(let end):
            return end
        }
    }

    /// ret: the result replaces the frame's cells and the caller's frame is entered;
    /// false if the bottom frame returned (the thread is done).
    @inline(__always) private func returns(_ r: inout Registers) -> Bool {
        let result = r.osp > r.osBase ? opop(&r) : .null
        dropFrame(&r)
        opush(&r, owned: result)
        if r.fp < 0 { return false }
        enterCaller(&r)
        return true
    }

    /// Returns to the caller with the result as the top `cells` int cells (1: an int, 2:
    /// a long or double), moved onto the caller's int stack; the caller goes on at
    /// `after`, past the unbox it would have run.
    @inline(__always) private func returnUnboxed(_ r: inout Registers, cells: Int, resumingAt after: Int) {
        let value = cells == 2 ? r.lpop() : Int64(r.ipop())
        dropFrame(&r)
        enterCaller(&r)
        if cells == 2 { r.lpush(value) } else { r.ipush(Int32(truncatingIfNeeded: value)) }
        r.ip = after
    }

    /// Where the caller of the running frame goes on after unboxing its result, if the
    /// instruction it returns to is an unbox of box class `cls` (see `FastOp.boxRet`).
    @inline(__always) private func unboxingReturn(_ r: Registers, class cls: Int32) -> Int? {
        let next = callerNext(r)
        return next.op == .unbox && next.b == cls ? Int(next.next) : nil
    }

    /// The fast entry the caller of the running frame returns to.
    @inline(__always) private func callerNext(_ r: Registers) -> FastInst {
        let caller = r.frames + (r.fp &- 1) &* FrameField.size
        let ip = Int(caller.loadUnaligned(fromByteOffset: FrameField.ip, as: UInt32.self))
        if r.fp &- 1 >= r.callersValidFrom { return r.callers[r.fp &- 1].fast[ip] }
        let code = Int(caller.loadUnaligned(fromByteOffset: FrameField.code, as: UInt64.self))
        return codeAndTable(code).1[ip]
    }

    /// The IP of the call instruction that ended at `next`.
    @inline(__always) private func callStart(_ op: UInt8, _ next: Int) -> Int {
        switch op {
        case 0x0D: return next &- 6
        case 0x0E: return next &- 9
        case 0xA0...0xBF: return next &- 2
        default: return next &- 1
        }
    }

    /// Moves `this` (the top cell) below the `count` arguments under it, so that
    /// static and dynamic invokes look like an ordinary call.
    @inline(__always) private func sink(_ r: inout Registers, count: Int) {
        let top = r.osp &- 1
        let this = r.os[top]
        var i = top
        while i > top &- count {
            r.os[i] = r.os[i &- 1]
            i &-= 1
        }
        r.os[top &- count] = this
    }

    /// Undoes `sink`: `this`, below the `count` arguments, goes back on top.
    @inline(__always) private func rise(_ r: inout Registers, count: Int) {
        let top = r.osp &- 1
        let this = r.os[top &- count]
        var i = top &- count
        while i < top {
            r.os[i] = r.os[i &+ 1]
            i &+= 1
        }
        r.os[top] = this
    }

    /// The code object for `ordinal` in `cls`'s method table, or 0 if there is none.
    @inline(__always) func methodCode(_ cls: Ref, _ ordinal: Int) -> Int {
                let interface = Int(space.load64(cls.offset + ObjectHeader.size + ClassSlot.interface &* 8))
        guard interface != 0 else { return 0 }
        let size = Int(space.load32(interface + ObjectHeader.payloadSize)) / 8
        guard ordinal >= 0 && ordinal < size else { return 0 }
        return Int(space.load64(interface + ObjectHeader.size + ordinal &* 8))
    }

    /// dynamic_invoke's lookup: the class's own method names, first match.
    func lookupMethod(_ cls: Ref, named name: [UInt8]) -> Int? {
        let names = heap.load(cls, slot: ClassSlot.methodNames)
        guard names.isObject else { return nil }
        for i in 0..<heap.slotCount(names) / 2 where bytes(of: heap.load(names, slot: 2 * i)) == name {
            return heap.load(names, slot: 2 * i + 1).intValue
        }
        return nil
    }

    func isClass(_ value: Ref) -> Bool {
        value.isObject && heap.classOf(value) == classes[ClassID.class]
    }

    // MARK: - Calls

    enum CallOutcome {
        case `continue`
        case end(SliceEnd)
    }

    /// Calls `code` (0: no such method) on the `count` arguments and the `this` below
    /// them. Bytecode gets a new frame; a native stub runs at once on these cells.
    @inline(__always) func invoke(
        _ thread: Ref, _ r: inout Registers, code: Int, ordinal: Int, count: Int, callIP: Int
    ) -> CallOutcome {
                let thisIndex = r.osp &- count &- 1
        if code == 0 {
            r.ip = callIP
            let name = className(classOf(Ref(raw: r.os[thisIndex])))
            return raise(thread, &r, message: "no method \(ordinal) in \(name)") ? .continue : .end(.ended)
        }
        let header = code + ObjectHeader.size
        let declared = space.load32(header + CodeField.argCount)
        if declared == CodeField.anyArgs {
            return callNative(thread, &r, sysIndex: Int(space.load32(header + CodeField.sysIndex)), count: count, callIP: callIP)
        }
        if Int(declared) != count {
            r.ip = callIP
            return raise(thread, &r, message: "invalid arg count") ? .continue : .end(.ended)
        }
        // Room for the callee's frame, on all four stacks.
        let needObjects = thisIndex &+ 1 &+ Int(space.load32(header + CodeField.maxObjects))
        let needInts = r.isp &+ Int(space.load32(header + CodeField.maxInts)) &+ 1
        let needCatchers = r.esp &+ Int(space.load32(header + CodeField.maxCatchers))
        if needObjects > r.osCapacity || needInts > r.isCapacity || r.fp &+ 2 > r.frameCapacity
            || needCatchers > r.esCapacity
        {
            // The stacks move; their contents, depths and this frame's IP stay.
            save(r, to: thread)
            guard growStacks(thread, objects: needObjects, ints: needInts, frames: r.fp + 2, catchers: needCatchers) else {
                r.ip = callIP
                return raise(thread, &r, message: "stack overflow") ? .continue : .end(.ended)
            }
            r = load(thread)
        }
        pushFrame(&r, code: code, ordinal: ordinal, thisIndex: thisIndex, count: count)
        enterCode(&r)
        return .continue
    }

    /// Writes the callee's frame record above the running one (whose IP is the return
    /// point) and points the registers at it; the count of arguments goes on its int
    /// stack. The caller sets `r.code` and `r.fast`.
    @inline(__always) private func pushFrame(_ r: inout Registers, code: Int, ordinal: Int, thisIndex: Int, count: Int) {
        r.frame.storeBytes(of: UInt32(r.ip), toByteOffset: FrameField.ip, as: UInt32.self)
        r.callers[r.fp] = CallerCode(code: r.code, fast: r.fast)
        if r.fp < r.callersValidFrom { r.callersValidFrom = r.fp }
        r.fp &+= 1
        let f = r.frame
        f.storeBytes(of: UInt64(code), toByteOffset: FrameField.code, as: UInt64.self)
        f.storeBytes(of: 0, toByteOffset: FrameField.ip, as: UInt32.self)
        f.storeBytes(of: UInt32(thisIndex &+ 1), toByteOffset: FrameField.osBase, as: UInt32.self)
        f.storeBytes(of: UInt32(r.isp), toByteOffset: FrameField.isBase, as: UInt32.self)
        f.storeBytes(of: UInt32(r.esp), toByteOffset: FrameField.esBase, as: UInt32.self)
        f.storeBytes(of: UInt32(ordinal), toByteOffset: FrameField.ordinal, as: UInt32.self)
        // The registers take what the frame record was just given.
        r.codeObject = code
        r.ip = 0
        r.osBase = thisIndex &+ 1
        r.isBase = r.isp
        r.esBase = r.esp
        r.ipush(Int32(count))
    }

    /// A call through its site's cache (the receiver has the class the site saw): the
    /// method is entered with no lookup; false, with nothing changed, if a stack lacks
    /// room (the full path grows it).
    @inline(__always) private func enter(
        _ site: UnsafePointer<CallSite>, _ r: inout Registers, thisIndex: Int, count: Int, ordinal: Int, next: Int
    ) -> Bool {
        let s = site.pointee
        guard thisIndex &+ 1 &+ s.maxObjects <= r.osCapacity, r.isp &+ s.maxInts &+ 1 <= r.isCapacity,
            r.fp &+ 2 <= r.frameCapacity, r.esp &+ s.maxCatchers <= r.esCapacity,
            let bytes = s.bytes, let fast = s.fast
        else { return false }
        r.ip = next
        pushFrame(&r, code: s.code, ordinal: ordinal, thisIndex: thisIndex, count: count)
        r.code = bytes
        r.fast = fast
        if s.skipsArgCount {
            // Its `arg_count n` would pop the count just pushed and find it equal.
            r.isp &-= 1
            r.ip = 2
        }
        return true
    }

    /// Fills call site `index` after a call of `cls` entered `code` (the running frame).
    private func remember(_ code: Int, for cls: Ref, _ r: inout Registers, at index: Int) {
        let header = code + ObjectHeader.size
        let getter = CallSite.getter(r.code, size: codeField(code, CodeField.codeSize))
        fastCode.sites[index] = CallSite(
            cls: cls.raw, code: code, bytes: r.code, fast: r.fast,
            maxObjects: Int(space.load32(header + CodeField.maxObjects)),
            maxInts: Int(space.load32(header + CodeField.maxInts)),
            maxCatchers: Int(space.load32(header + CodeField.maxCatchers)),
            getter: getter?.field ?? -1, getterBox: getter?.box ?? 0,
            skipsArgCount: r.code[0] == Opcode.argCount.rawValue && r.isp > r.isBase
                && Int32(r.code[1]) == r.ist[r.isp &- 1])
    }

    /// Runs a native on the caller's cells (Natives.swift).
    private func callNative(_ thread: Ref, _ r: inout Registers, sysIndex: Int, count: Int, callIP: Int) -> CallOutcome {
        let table = internalID(of: classOf(Ref(raw: r.os[r.osp &- count &- 1]))) ?? ClassID.void
        return callNative(thread, &r, table: table, sysIndex: sysIndex, count: count, callIP: callIP)
    }

    /// `callNative` with the native table of `this`'s class known (a call site's cache).
    private func callNative(_ thread: Ref, _ r: inout Registers, table: Int, sysIndex: Int, count: Int, callIP: Int) -> CallOutcome {
        let thisIndex = r.osp &- count &- 1
        let this = Ref(raw: r.os[thisIndex])
        currentThread = thread
        r.ip = callIP
        // The registers need not be written back around a native that never looks at a
        // thread (they are if one parks the thread).
        let plain = Machine.nativesIgnoreThreads(table)
        if !plain { save(r, to: thread) }
        let result = callNative(table: table, ordinal: sysIndex, this: this, NativeArgs(base: r.os + thisIndex + 1, count: count))
        // A native may allocate (and so grow nothing of ours) but may also start
        // threads or change this thread's state; our stacks did not move.
        switch result {
        case .value(let value):
            odrop(&r, to: thisIndex)
            opush(&r, owned: value)
            r.ip = callIP &+ instructionLength(r.code, callIP)
            return .continue
        case .thrown(let thrown):
            return raise(thread, &r, thrown: thrown) ? .continue : .end(.ended)
        case .block:
            if plain { save(r, to: thread) }
            return .end(.blocked)
        }
    }

    /// Bytes of the call instruction at `ip` (calls only).
    @inline(__always) private func instructionLength(_ code: UnsafePointer<UInt8>, _ ip: Int) -> Int {
        switch code[ip] {
        case 0x0D: return 6
        case 0x0E, 0x6E: return 9
        case 0xA0...0xBF: return 2
        default: return 1
        }
    }

    /// Reads an int out of a long, float or double box (o2i on a box: the value
    /// converted as the original's typed o2i would, truncating).
    func unboxAsInt(_ value: Ref) -> Int32? {
        guard value.isObject else { return nil }
        switch heap.classOf(value) {
        case classes[ClassID.long]: return Int32(truncatingIfNeeded: Int64(bitPattern: raw64(of: value)))
        case classes[ClassID.double]: return saturatingInt32(Double(bitPattern: raw64(of: value)))
        case classes[ClassID.float]: return saturatingInt32(Double(Float(bitPattern: raw32(of: value))))
        default: return nil
        }
    }
}

/// Float → int conversion that saturates instead of trapping (C leaves it undefined).
@inline(__always) func saturatingInt32(_ value: Double) -> Int32 {
    if value.isNaN { return 0 }
    if value >= 2_147_483_647 { return Int32.max }
    if value <= -2_147_483_648 { return Int32.min }
    return Int32(value)
}

@inline(__always) func saturatingInt64(_ value: Double) -> Int64 {
    if value.isNaN { return 0 }
    if value >= 9_223_372_036_854_775_808.0 { return Int64.max }
    if value <= -9_223_372_036_854_775_808 { return Int64.min }
    return Int64(value)
}

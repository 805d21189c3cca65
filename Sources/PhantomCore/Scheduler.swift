// Scheduler.swift — VM threads and the time-slicing scheduler (PhantomCore, VM layer).
//
// Threads are objects in the space (VMLayout.swift, `ThreadSlot`) listed in root slot
// 66, so a snapshot carries every thread with its frames, and a recovered world simply
// continues them. One host thread runs them in turn: `runSlice` picks the next
// runnable thread round-robin and runs it for `sliceBudget` calls and backward jumps.
// A thread parked in a native call (sleep, mutex, console read) is skipped until the
// scheduler sees its reason gone: a wall-clock deadline passed, the mutex handed to it,
// console input arrived. It then re-executes the call (Natives.swift). A `tmr:`
// callback thread sleeps before its first instruction; at its deadline the scheduler
// starts it (`startTimerCallback`).
//
// Between two slices nothing is in flight: that is the safepoint where the host cuts
// snapshots, and a slice is short, so a snapshot never waits long.

/// What `runSlice` found to do.
public enum SchedulerState: Equatable, Sendable {
    /// A thread ran.
    case ran
    /// Every live thread waits: for the earliest deadline (wall-clock ms) if any, and/or
    /// for console input.
    case idle(deadline: Int64?, console: Bool)
    /// No live thread is left.
    case done
}

extension Machine {
    // MARK: - Creating threads

    /// Starts a thread running `target.8(argument)` (the boot object's startThread,
    /// INTERNAL.md §4). Returns the thread object (owned by the caller).
    public func startThread(target: Ref, argument: Ref) throws(VMError) -> Ref {
        try startThread(target: target, ordinal: 8, argument: argument)
    }

    /// Starts a program: `target.8(argument)` in a new thread whose boot.26
    /// `arguments()` returns `arguments`. Returns the thread object (owned by the caller).
    public func startProgram(target: Ref, argument: Ref, arguments: [String]) throws(VMError) -> Ref {
        let array: Ref
        do { array = try makeStringArray(arguments) } catch { throw VMError("the space is full") }
        defer { heap.release(array) }
        let thread = try startThread(target: target, ordinal: 8, argument: argument)
        heap.store(thread, slot: ThreadSlot.arguments, array)
        return thread
    }

    /// A new array of new strings (owned by the caller); nothing is left over on failure.
    private func makeStringArray(_ texts: [String]) throws(SpaceError) -> Ref {
        let array = try makeArray(capacity: texts.count)
        for text in texts {
            let string: Ref
            do throws(SpaceError) { string = try makeString(text) } catch {
                heap.release(array)
                throw error
            }
            defer { heap.release(string) }
            do throws(SpaceError) { try arrayAppend(array, string) } catch {
                heap.release(array)
                throw error
            }
        }
        return array
    }

    /// Starts a thread running `target.<ordinal>(argument)`.
    func startThread(target: Ref, ordinal: Int, argument: Ref) throws(VMError) -> Ref {
        guard !target.isInt else { throw VMError("a thread's target must be an object") }
        let code = methodCode(classOf(target), ordinal)
        guard code != 0, codeField(code, CodeField.argCount) == 1 else {
            throw VMError("\(className(classOf(target))) has no bytecode method \(ordinal) taking one argument")
        }
        let thread: Ref
        do { thread = try makeThread(code: code, ordinal: ordinal) } catch { throw VMError("the space is full") }
        var r = load(thread)
        opush(&r, borrowed: target)
        opush(&r, borrowed: argument)
        r.ist[0] = 1
        r.isp = 1
        save(r, to: thread)
        do { try arrayAppend(rootSlot(RootSlot.threads), thread) } catch {
            heap.release(thread)  // frees it, and with it its stacks' counts on target and argument
            throw VMError("the space is full")
        }
        return thread
    }

    /// A runnable thread whose one frame is about to run `code` at IP 0.
    private func makeThread(code: Int, ordinal: Int) throws(SpaceError) -> Ref {
        let thread = try heap.allocate(slots: ThreadSlot.count, class: classes[ClassID.thread])
        let parts: [(Int, Ref)]
        do {
            parts = [
                (ThreadSlot.ostack, try heap.allocate(slots: 64, class: classes[ClassID.ostack])),
                (ThreadSlot.istack, try heap.allocate(bytes: 64 * 4, class: classes[ClassID.istack])),
                (ThreadSlot.frames, try heap.allocate(bytes: 16 * FrameField.size, class: classes[ClassID.callFrame])),
                (ThreadSlot.estack, try heap.allocate(bytes: 16 * CatcherField.size, class: classes[ClassID.estack])),
            ]
        } catch {
            heap.release(thread)
            throw error
        }
        for (slot, part) in parts {
            heap.store(thread, slot: slot, part)
            heap.release(part)
        }
        let id = rootSlot(RootSlot.nextThreadID).intValue
        heap.store(root, slot: RootSlot.nextThreadID, Ref(int: id + 1))
        for slot in [ThreadSlot.osDepth, ThreadSlot.isDepth, ThreadSlot.esDepth, ThreadSlot.wakeAt, ThreadSlot.blockCount] {
            heap.store(thread, slot: slot, Ref(int: 0))
        }
        heap.store(thread, slot: ThreadSlot.state, Ref(int: ThreadState.runnable))
        heap.store(thread, slot: ThreadSlot.frameCount, Ref(int: 1))
        heap.store(thread, slot: ThreadSlot.id, Ref(int: id))
        let frames = heap.load(thread, slot: ThreadSlot.frames)
        let f = frames.offset + ObjectHeader.size
        space.store64(f + FrameField.code, UInt64(code))
        space.store32(f + FrameField.osBase, 1)
        space.store32(f + FrameField.ordinal, UInt32(ordinal))
        return thread
    }

    /// The live threads, in list order.
    public var threads: [Ref] {
        let list = rootSlot(RootSlot.threads)
        return (0..<arraySize(list)).map { arrayGet(list, $0) }
    }

    /// A thread's state (`ThreadState`) and, once it ended, its result.
    public func threadState(_ thread: Ref) -> Int { heap.load(thread, slot: ThreadSlot.state).intValue }

    /// How many live threads are in each state, for status reports.
    public func threadStateCounts() -> [(state: String, count: Int)] {
        var counts = [Int](repeating: 0, count: Self.threadStateNames.count)
        for thread in threads {
            let state = threadState(thread)
            if state >= 0 && state < counts.count { counts[state] += 1 }
        }
        return zip(Self.threadStateNames, counts).filter { $0.1 > 0 }.map { (state: $0.0, count: $0.1) }
    }

    static let threadStateNames = ["runnable", "sleeping", "blocked", "console read", "finished", "failed"]

    /// One line per live thread, for inspection: number, state, and where its top frame
    /// stands (class.method, ordinal, source line, IP).
    public func threadReport() -> [String] {
        let names = Self.threadStateNames
        let now = wallClockMilliseconds()
        return threads.map { thread in
            let state = threadState(thread)
            var what = state >= 0 && state < names.count ? names[state] : "state \(state)"
            if state == ThreadState.sleeping {
                let wake = Int64(heap.load(thread, slot: ThreadSlot.wakeAt).intValue)
                what += " (wakes in \(max(0, wake - now)) ms)"
            } else if state == ThreadState.blocked, heap.load(thread, slot: ThreadSlot.waitingOn) == bootObject {
                what = "waiting in commit"
            }
            let count = heap.load(thread, slot: ThreadSlot.frameCount).intValue
            let frames = heap.load(thread, slot: ThreadSlot.frames)
            var location = "no frame"
            if count > 0, frames.isObject {
                let record = frames.offset + ObjectHeader.size + (count - 1) * FrameField.size
                let code = Int(space.load64(record + FrameField.code))
                let ip = Int(space.load32(record + FrameField.ip))
                if code != 0 { location = describe(code: code, ip: ip) }
            }
            return "thread \(threadID(thread)): \(what), at \(location)"
        }
    }

    /// A thread's number (unique in its world, kept across restarts).
    public func threadID(_ thread: Ref) -> Int { heap.load(thread, slot: ThreadSlot.id).intValue }

    /// The number of the thread running now (a native's caller), nil between slices.
    public var currentThreadID: Int? { currentThread.isObject ? threadID(currentThread) : nil }

    public func threadResult(_ thread: Ref) -> Ref { heap.load(thread, slot: ThreadSlot.result) }
    public func threadEnded(_ thread: Ref) -> Bool { threadState(thread) >= ThreadState.finished }
    /// True when the thread died of an uncaught exception.
    public func threadFailed(_ thread: Ref) -> Bool { threadState(thread) == ThreadState.failed }

    // MARK: - Scheduling

    /// Runs one slice of the next thread that can run; see `SchedulerState`.
    public func runSlice() -> SchedulerState {
        reapEnded()
        let list = rootSlot(RootSlot.threads)
        let count = arraySize(list)
        guard count > 0 else { return .done }
        let now = wallClockMilliseconds()
        var deadline: Int64?
        var console = false
        for step in 0..<count {
            let index = (scheduleCursor + step) % count
            let thread = arrayGet(list, index)
            switch threadState(thread) {
            case ThreadState.runnable:
                break
            case ThreadState.sleeping:
                let wake = Int64(heap.load(thread, slot: ThreadSlot.wakeAt).intValue)
                if wake > now {
                    deadline = min(deadline ?? wake, wake)
                    continue
                }
                if !startTimerCallback(thread, now: now) { continue }
            case ThreadState.console:
                if !pollConsole() {
                    console = true
                    continue
                }
            default:
                continue  // blocked on a mutex or cond: woken by the unlock or signal
            }
            scheduleCursor = index + 1
            heap.store(thread, slot: ThreadSlot.state, Ref(int: ThreadState.runnable))
            heap.retain(thread)
            currentThread = thread
            _ = execute(thread, budget: sliceBudget)
            currentThread = .null
            heap.release(thread)
            return .ran
        }
        return .idle(deadline: deadline, console: console)
    }

    /// Runs threads until none is left, or until `maxSlices` slices have run; idles on
    /// the platform while every thread waits. Returns the final state.
    @discardableResult
    public func run(maxSlices: Int = Int.max) -> SchedulerState {
        var slices = 0
        while slices < maxSlices {
            switch runSlice() {
            case .ran:
                slices += 1
            case .idle(let deadline, let console):
                if deadline == nil && !console { return .idle(deadline: nil, console: false) }
                idle(until: deadline, console: console)
            case .done:
                return .done
            }
        }
        return .ran
    }

    /// Drops ended threads from the thread list (their objects live on while someone
    /// holds them, for their result).
    private func reapEnded() {
        let list = rootSlot(RootSlot.threads)
        var kept = 0
        let count = arraySize(list)
        for i in 0..<count {
            let thread = arrayGet(list, i)
            if threadEnded(thread) { continue }
            if kept != i { heap.store(heap.load(list, slot: ArraySlot.storage), slot: kept, thread) }
            kept += 1
        }
        guard kept != count else { return }
        let storage = heap.load(list, slot: ArraySlot.storage)
        for i in kept..<count { heap.store(storage, slot: i, .null) }
        heap.store(list, slot: ArraySlot.size, Ref(int: kept))
        if scheduleCursor > kept { scheduleCursor = 0 }
    }

    /// A sleeping thread's deadline passed. If it is a `tmr:` callback armed by
    /// `connection.invoke` (its connection in `waitingOn`, NativesSystem.swift), it has
    /// not run yet: clear the deadline (its own sleeps must not see it), hand it the
    /// time of firing as its argument (cell 1, below the target in cell 0, as
    /// `startThread` builds it), or end it unrun if the connection was disconnected
    /// meanwhile. False if the thread ended. Other sleepers re-run their native call,
    /// which sees the deadline.
    private func startTimerCallback(_ thread: Ref, now: Int64) -> Bool {
        let connection = heap.load(thread, slot: ThreadSlot.waitingOn)
        guard connection.isObject, heap.classOf(connection) == classes[ClassID.connection] else { return true }
        let connected = heap.load(connection, slot: ConnectionSlot.connected) == Ref(int: 1)
        heap.store(thread, slot: ThreadSlot.wakeAt, Ref(int: 0))
        heap.store(thread, slot: ThreadSlot.waitingOn, .null)
        if connected {
            heap.store(heap.load(thread, slot: ThreadSlot.ostack), slot: 1, Ref(int: Int(now & 0x3FFF_FFFF)))
            return true
        }
        var r = load(thread)
        odrop(&r, to: 0)
        r.fp = -1
        r.isp = 0
        r.esp = 0
        save(r, to: thread)
        heap.store(thread, slot: ThreadSlot.state, Ref(int: ThreadState.finished))
        return false
    }

    /// Parks the current thread until the wall clock reaches `wakeAt`.
    func parkUntil(_ wakeAt: Int64) -> NativeResult {
        let thread = currentThread
        heap.store(thread, slot: ThreadSlot.waitingOn, .null)
        heap.store(thread, slot: ThreadSlot.wakeAt, Ref(int: Int(wakeAt)))
        heap.store(thread, slot: ThreadSlot.state, Ref(int: ThreadState.sleeping))
        return block(thread)
    }

    /// Parks the current thread on a mutex, cond or the console.
    func park(on object: Ref, state: Int) -> NativeResult {
        let thread = currentThread
        heap.store(thread, slot: ThreadSlot.waitingOn, object)
        heap.store(thread, slot: ThreadSlot.state, Ref(int: state))
        return block(thread)
    }

    private func block(_ thread: Ref) -> NativeResult {
        heap.store(thread, slot: ThreadSlot.blockCount, Ref(int: heap.load(thread, slot: ThreadSlot.blockCount).intValue + 1))
        return .block
    }

    /// Makes a parked thread runnable; it re-executes its native call.
    func wake(_ thread: Ref) {
        heap.store(thread, slot: ThreadSlot.waitingOn, .null)
        heap.store(thread, slot: ThreadSlot.state, Ref(int: ThreadState.runnable))
    }
}

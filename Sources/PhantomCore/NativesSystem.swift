// NativesSystem.swift — natives of boot, io.tty, mutex, cond, sema and connection
// (PhantomCore, VM layer). Calling conventions: Natives.swift.
//
// Several of these block. A blocking native parks the thread (Scheduler.swift) and is
// executed again when the thread wakes, so each keeps its progress in the space:
//   sleeps        ThreadSlot.wakeAt holds the deadline (wall clock) while one runs;
//   mutex, sema   the releaser hands ownership (or a permit) to the woken thread and
//                 marks it with `handedOver` in ThreadSlot.waitingOn;
//   cond          `signalled` in waitingOn says the wait is over and the mutex is next;
//   console       nothing: getwc simply runs again once input (or its end) is there.
// A thread parked at a snapshot is parked again after a restart and resumes the same
// way: sleeps wake at the same wall-clock deadline, a mutex or cond waiter when another
// thread unlocks or signals after the restart.
//
// A `tmr:` invoke arms a one-shot callback as a new thread that sleeps, not yet
// started, until the deadline with its connection in ThreadSlot.waitingOn; the
// scheduler starts it then (or drops it if the connection was disconnected), so armed
// timers survive a restart like any sleeping thread.
//
// Restart list (INTERNAL.md §6, root slot 68). Objects whose kernel-side state must be
// rebuilt after a resume register themselves there: a connection when `connect`
// succeeds (disconnect replaces its entry with null), and a tty. The original registers
// a tty in its C init hook when `new` makes it; our `new` (NativesContainers.swift,
// `newInternalObject`) only allocates the generic slot object, so a tty registers
// lazily instead, the first time any of its natives runs, and remembers that in
// `TtySlot.registered`. A tty nobody ever calls has no state to rebuild, so the
// difference shows only in the list itself, never to Phantom code. `restartObjects` (called when a VM attaches to a
// recovered world) replays the list as the original does on every resume.

/// Slots of the sync objects (they are created by `new` as 8-slot objects).
enum SyncSlot {
    static let owner = 0
    static let waiters = 1
    static let value = 2
}

/// Slots of a `.internal.io.tty` (a generic 8-slot object made by `new`).
enum TtySlot {
    /// int 1 once the tty is on the restart list (see the header).
    static let registered = 0
}

/// Slots of a `.internal.connection`.
enum ConnectionSlot {
    static let name = 0
    static let kind = 1
    static let position = 2
    static let callback = 3
    static let callbackOrdinal = 4
    static let connected = 5
}

/// Connection back ends, by the first four bytes of the name (INTERNAL.md §7).
enum ConnectionKind {
    static let timer = 1, statistics = 2, file = 3
}

/// Markers in ThreadSlot.waitingOn for a woken thread (ints, never objects).
/// A thread armed by a `tmr:` invoke instead has its connection there while it sleeps
/// until the deadline (Scheduler.swift: it starts the callback, or drops it if the
/// connection was disconnected meanwhile).
enum WakeMarker {
    static let signalled = Ref(int: 1)
    static let handedOver = Ref(int: 2)
}

/// The most bytes one `fio:` read asks the platform for: a larger count would make the
/// host allocate a buffer of that size (a Phantom int reaches 2 GiB). A read may
/// return fewer bytes than asked anyway.
enum FileLimit {
    static let maxRead = 1 << 20
}

/// errno values handed to Phantom code.
enum Errno {
    static let noent = 2, nxio = 6, nomem = 12, exist = 17, inval = 22, nosys = 38
}

extension Machine {
    // MARK: - Boot object (INTERNAL.md §4)

    func bootNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 8:  // loadClass(name)
            if let error = need(args, 1) { return error }
            guard case .success(let name) = stringArg(args, 0) else { return fail("not a string arg") }
            let text = String(decoding: name, as: UTF8.self)
            do {
                guard let cls = try findClass(text) else { return fail("\(text) - class load error") }
                heap.retain(cls)
                return .value(cls)
            } catch {
                return fail("\(text) - class load error: \(error.message)")
            }
        case 9...15:
            return fail("invalid syscall called")
        case 16:  // consolePrint(x…): in source order (Docs/Compatibility.md)
            for i in 0..<args.count { consoleWrite(displayBytes(args[i])) }
            return .value(.null)
        case 17:  // setClassLoader(loader)
            if let error = need(args, 1) { return error }
            heap.store(root, slot: RootSlot.userClassLoader, args[0])
            return .value(.null)
        case 18:  // startThread(obj): runs obj.8(boot object)
            if let error = need(args, 1) { return error }
            do {
                let thread = try startThread(target: args[0], argument: bootObject)
                heap.release(thread)
                return .value(.null)
            } catch {
                return fail("startThread: \(error.message)")
            }
        case 19:  // createBinary(n)
            if let error = need(args, 1) { return error }
            guard case .success(let size) = intArg(args, 0), size >= 0 else { return fail("not an integer arg") }
            return allocating { () throws(SpaceError) in try heap.allocate(bytes: size, class: classes[ClassID.binary]) }
        case 20:  // setScreenBackground(bitmap): no screen in this world yet
            if let error = need(args, 1) { return error }
            guard classOf(args[0]) == classes[ClassID.bitmap] else { return fail("not a bitmap") }
            return .value(.null)
        case 21:  // sleep(ms): really sleeps (the original only logs)
            if let error = need(args, 1) { return error }
            guard case .success(let ms) = intArg(args, 0) else { return fail("not an integer arg") }
            return sleep(milliseconds: ms)
        case 22:  // setOsInterface(obj)
            if let error = need(args, 1) { return error }
            heap.store(root, slot: RootSlot.osInterface, args[0])
            return .value(.null)
        case 23:  // getKernelEnvironment()
            let environment = rootSlot(RootSlot.kernelEnvironment)
            heap.retain(environment)
            return .value(environment)
        case 24:  // reboot
            return fail("reboot is not supported")
        case 25:  // commit(): our extension, see `commit()` below
            return commit()
        case 26:  // arguments(): our extension, the current thread's program arguments
            return programArguments()
        default:
            return nil
        }
    }

    /// boot.26 arguments() (our extension, Docs/Hosted.md): the string array the host
    /// gave the current thread's program (`phantom run PROG ARGS`), else an empty one.
    func programArguments() -> NativeResult {
        let thread = currentThread
        if heap.slotCount(thread) > ThreadSlot.arguments {
            let arguments = heap.load(thread, slot: ThreadSlot.arguments)
            if arguments.isObject {
                heap.retain(arguments)
                return .value(arguments)
            }
        }
        do { return .value(try makeArray(capacity: 0)) } catch { return fail("the space is full") }
    }

    /// boot.25 commit() (our extension, Docs/Hosted.md): blocks the thread until a
    /// snapshot that holds its state at this call is durable. The first execution
    /// records the generation that snapshot will have (the next cut, or the one after if
    /// a snapshot is already being written) in `ThreadSlot.wakeAt` and parks the thread
    /// on the boot object; the host wakes such threads after every durable snapshot
    /// (`wakeCommitWaiters`) and they re-execute the call, which returns once
    /// `durableGeneration` has reached the target. After a restart the recovered
    /// snapshot is itself at or past the target, so the call returns at once.
    func commit() -> NativeResult {
        let thread = currentThread
        let target = UInt64(max(0, heap.load(thread, slot: ThreadSlot.wakeAt).intValue))
        if target != 0 {
            if durableGeneration >= target {
                heap.store(thread, slot: ThreadSlot.wakeAt, Ref(int: 0))
                return .value(.null)
            }
        } else {
            let next = durableGeneration + (snapshotInFlight ? 2 : 1)
            heap.store(thread, slot: ThreadSlot.wakeAt, Ref(int: Int(next)))
        }
        commitRequested = true
        return park(on: bootObject, state: ThreadState.blocked)
    }

    /// Makes runnable every thread parked in commit(); each re-checks its target.
    public func wakeCommitWaiters() {
        let list = rootSlot(RootSlot.threads)
        for index in 0..<arraySize(list) {
            let thread = arrayGet(list, index)
            if threadState(thread) == ThreadState.blocked, heap.load(thread, slot: ThreadSlot.waitingOn) == bootObject {
                wake(thread)
            }
        }
    }

    /// The restartable sleep shared by boot.21 and `tmr:` connections.
    func sleep(milliseconds: Int) -> NativeResult {
        let thread = currentThread
        let now = wallClockMilliseconds()
        let wakeAt = Int64(heap.load(thread, slot: ThreadSlot.wakeAt).intValue)
        if wakeAt != 0 {
            if now >= wakeAt {
                heap.store(thread, slot: ThreadSlot.wakeAt, Ref(int: 0))
                return .value(.null)
            }
            return parkUntil(wakeAt)
        }
        if milliseconds <= 0 { return .value(.null) }
        return parkUntil(now + Int64(milliseconds))
    }

    // MARK: - Console (.internal.io.tty, INTERNAL.md §3.7)

    func ttyNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        if heap.load(this, slot: TtySlot.registered) != Ref(int: 1) {
            // First native call on this tty: it joins the restart list (see the header).
            do { try registerForRestart(this) } catch { return .thrown(outOfMemory) }
            heap.store(this, slot: TtySlot.registered, Ref(int: 1))
        }
        switch ordinal {
        case 16:  // getwc: one byte of console input, blocking; "" at the end of input
            if pollConsole() {
                // Done waiting: forget the tty the thread was parked on.
                if heap.load(currentThread, slot: ThreadSlot.waitingOn) == this {
                    heap.store(currentThread, slot: ThreadSlot.waitingOn, .null)
                }
                if consoleInput.isEmpty { return allocating { () throws(SpaceError) in try makeString([]) } }
                let byte = consoleInput.removeFirst()
                return allocating { () throws(SpaceError) in try makeString([byte]) }
            }
            return park(on: this, state: ThreadState.console)
        case 17:  // putws(s): the whole string (the original draws at most 1024 bytes)
            if let error = need(args, 1) { return error }
            guard isString(args[0]) else { return fail("not a string arg") }
            consoleWrite(bytes(of: args[0]))
            return .value(.null)
        case 18:  // debug(o)
            if let error = need(args, 1) { return error }
            diagnostic(String(decoding: displayBytes(args[0]), as: UTF8.self))
            return .value(.null)
        case 19, 24:  // gotoxy(x, y), moveWindow(x, y): no window on a text console
            if let error = need(args, 2) { return error }
            guard args[0].isInt, args[1].isInt else { return fail("not an integer arg") }
            return .value(.null)
        case 21, 26:  // setcolor(c), setbgcolor(c)
            if let error = need(args, 1) { return error }
            guard args[0].isInt else { return fail("not an integer arg") }
            return .value(.null)
        case 25:  // setTitle(s)
            if let error = need(args, 1) { return error }
            guard isString(args[0]) else { return fail("not a string arg") }
            return .value(.null)
        case 20:  // clear
            return .value(.null)
        case 22, 23:
            return fail("not implemented")
        case 27...31:
            return fail("invalid syscall called")
        default:
            return nil
        }
    }

    /// True when a thread waiting for console input can go on: input is buffered or
    /// the input has ended.
    func pollConsole() -> Bool {
        if !consoleInput.isEmpty || consoleEnded { return true }
        guard let bytes = consoleRead(max: 4096) else {
            consoleEnded = true
            return true
        }
        consoleInput += bytes
        return !bytes.isEmpty
    }

    // MARK: - Synchronisation (INTERNAL.md §3.10)

    func syncNative(_ table: Int, _ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch (table, ordinal) {
        case (ClassID.mutex, 8): return lock(this)
        case (ClassID.mutex, 9): return unlock(this)
        case (ClassID.mutex, 10):  // trylock: 1 if taken
            if heap.load(this, slot: SyncSlot.owner).isNull {
                heap.store(this, slot: SyncSlot.owner, currentThread)
                return bool(true)
            }
            return bool(false)
        case (ClassID.cond, 8):
            if let error = need(args, 1) { return error }
            guard classOf(args[0]) == classes[ClassID.mutex] else { return fail("cond.wait needs a mutex") }
            return wait(this, mutex: args[0])
        case (ClassID.cond, 9): return fail("timed wait not impl")
        case (ClassID.cond, 10), (ClassID.cond, 11):
            return wakeWaiters(of: this, all: ordinal == 10, marker: WakeMarker.signalled)
        case (ClassID.sema, 8): return acquire(this)
        case (ClassID.sema, 9): return fail("timed acquire not impl")
        case (ClassID.sema, 10):
            if semaphoreValue(this) > 0 { heap.store(this, slot: SyncSlot.value, Ref(int: 0)) }
            return .value(.null)
        case (ClassID.sema, 11): return release(this)
        default: return nil
        }
    }

    /// Appends the current thread to an object's waiter list.
    private func enqueue(on object: Ref) -> NativeResult? {
        var waiters = heap.load(object, slot: SyncSlot.waiters)
        do {
            if waiters.isNull {
                waiters = try makeArray()
                heap.store(object, slot: SyncSlot.waiters, waiters)
                heap.release(waiters)
            }
            try arrayAppend(waiters, currentThread)
        } catch {
            return .thrown(outOfMemory)
        }
        return nil
    }

    /// Removes and returns the most recent waiter (LIFO, as the original), or null.
    private func popWaiter(_ object: Ref) -> Ref {
        let waiters = heap.load(object, slot: SyncSlot.waiters)
        guard waiters.isObject, arraySize(waiters) > 0 else { return .null }
        let last = arraySize(waiters) - 1
        let thread = arrayGet(waiters, last)
        heap.retain(thread)
        heap.store(heap.load(waiters, slot: ArraySlot.storage), slot: last, .null)
        heap.store(waiters, slot: ArraySlot.size, Ref(int: last))
        return thread
    }

    private func wake(_ thread: Ref, marker: Ref) {
        wake(thread)
        heap.store(thread, slot: ThreadSlot.waitingOn, marker)
    }

    private func lock(_ mutex: Ref) -> NativeResult {
        let owner = heap.load(mutex, slot: SyncSlot.owner)
        let me = currentThread
        if owner == me {
            // Handed to us by unlock while we were parked here: the lock is done.
            if heap.load(me, slot: ThreadSlot.waitingOn) == WakeMarker.handedOver {
                heap.store(me, slot: ThreadSlot.waitingOn, .null)
                return .value(.null)
            }
            // The owner locking again: the original deadlocks (the mutex is not
            // recursive); we throw instead (Docs/Compatibility.md).
            return fail("mutex lock - already owner")
        }
        if owner.isNull {
            heap.store(mutex, slot: SyncSlot.owner, me)
            return .value(.null)
        }
        if let error = enqueue(on: mutex) { return error }
        return park(on: mutex, state: ThreadState.blocked)
    }

    private func unlock(_ mutex: Ref) -> NativeResult {
        guard heap.load(mutex, slot: SyncSlot.owner) == currentThread else { return fail("mutex unlock - not owner") }
        handOver(mutex)
        return .value(.null)
    }

    /// Gives a mutex to its most recent waiter, or frees it.
    private func handOver(_ mutex: Ref) {
        let next = popWaiter(mutex)
        heap.store(mutex, slot: SyncSlot.owner, next)
        if next.isObject {
            wake(next, marker: WakeMarker.handedOver)
            heap.release(next)
        }
    }

    private func wait(_ cond: Ref, mutex: Ref) -> NativeResult {
        let me = currentThread
        let marker = heap.load(me, slot: ThreadSlot.waitingOn)
        if marker == WakeMarker.signalled || marker == WakeMarker.handedOver {
            // Signalled: the wait is over once we hold the mutex again.
            let owner = heap.load(mutex, slot: SyncSlot.owner)
            if owner.isNull || owner == me {
                heap.store(mutex, slot: SyncSlot.owner, me)
                heap.store(me, slot: ThreadSlot.waitingOn, .null)
                return .value(.null)
            }
            if let error = enqueue(on: mutex) {
                heap.store(me, slot: ThreadSlot.waitingOn, .null)  // no stale marker for a later wait
                return error
            }
            _ = park(on: mutex, state: ThreadState.blocked)
            heap.store(me, slot: ThreadSlot.waitingOn, WakeMarker.signalled)
            return .block
        }
        guard heap.load(mutex, slot: SyncSlot.owner) == me else { return fail("cond wait - mutex not owned") }
        if let error = enqueue(on: cond) { return error }
        handOver(mutex)
        return park(on: cond, state: ThreadState.blocked)
    }

    private func wakeWaiters(of object: Ref, all: Bool, marker: Ref) -> NativeResult {
        repeat {
            let thread = popWaiter(object)
            if thread.isNull { break }
            wake(thread, marker: marker)
            heap.release(thread)
        } while all
        return .value(.null)
    }

    private func semaphoreValue(_ sema: Ref) -> Int {
        let value = heap.load(sema, slot: SyncSlot.value)
        return value.isInt ? value.intValue : 0
    }

    private func acquire(_ sema: Ref) -> NativeResult {
        let me = currentThread
        if heap.load(me, slot: ThreadSlot.waitingOn) == WakeMarker.handedOver {
            heap.store(me, slot: ThreadSlot.waitingOn, .null)
            return .value(.null)
        }
        let value = semaphoreValue(sema)
        if value > 0 {
            heap.store(sema, slot: SyncSlot.value, Ref(int: value - 1))
            return .value(.null)
        }
        if let error = enqueue(on: sema) { return error }
        return park(on: sema, state: ThreadState.blocked)
    }

    private func release(_ sema: Ref) -> NativeResult {
        let next = popWaiter(sema)
        if next.isObject {
            wake(next, marker: WakeMarker.handedOver)
            heap.release(next)
        } else {
            heap.store(sema, slot: SyncSlot.value, Ref(int: semaphoreValue(sema) + 1))
        }
        return .value(.null)
    }

    // MARK: - Connections (INTERNAL.md §7)

    func connectionNative(_ ordinal: Int, _ this: Ref, _ args: NativeArgs) -> NativeResult? {
        switch ordinal {
        case 8: return connect(this, args)
        case 9:  // disconnect: off the restart list; armed timers of a tmr: no longer fire
            guard heap.load(this, slot: ConnectionSlot.connected) == Ref(int: 1) else { return .value(Ref(int: Errno.nxio)) }
            heap.store(this, slot: ConnectionSlot.connected, Ref(int: 0))
            deregisterFromRestart(this)
            return .value(Ref(int: 0))
        case 10: return .value(Ref(int: Errno.nxio))
        case 11:  // invoke(arg, op): non-blocking
            if let error = need(args, 2) { return error }
            guard connectionKind(this) != 0 else { return .value(Ref(int: Errno.nxio)) }
            guard case .success(let op) = intArg(args, 1) else { return fail("not an integer arg") }
            return connectionInvoke(this, arg: args[0], op: op)
        case 12:  // setCallback(obj, ordinal)
            if let error = need(args, 2) { return error }
            guard case .success(let callbackOrdinal) = intArg(args, 1) else { return fail("not an integer arg") }
            let had = !heap.load(this, slot: ConnectionSlot.callback).isNull
            heap.store(this, slot: ConnectionSlot.callback, args[0])
            heap.store(this, slot: ConnectionSlot.callbackOrdinal, Ref(int: callbackOrdinal))
            return bool(had)
        case 13:  // block(arg, op)
            if let error = need(args, 2) { return error }
            guard connectionKind(this) != 0 else { return fail("connection is not connected") }
            guard case .success(let op) = intArg(args, 1) else { return fail("not an integer arg") }
            return connectionBlock(this, arg: args[0], op: op)
        default:
            return nil
        }
    }

    private func connectionKind(_ connection: Ref) -> Int {
        let kind = heap.load(connection, slot: ConnectionSlot.kind)
        return kind.isInt && heap.load(connection, slot: ConnectionSlot.connected) == Ref(int: 1) ? kind.intValue : 0
    }

    private func connect(_ connection: Ref, _ args: NativeArgs) -> NativeResult {
        if let error = need(args, 1) { return error }
        guard case .success(let name) = stringArg(args, 0) else { return fail("connection.connect: not a string arg") }
        guard name.count <= 1023 else { return fail("string arg too long") }
        let prefixes: [(String, Int)] = [("tmr:", ConnectionKind.timer), ("stt:", ConnectionKind.statistics),
                                         ("fio:", ConnectionKind.file)]
        guard name.count >= 4, let kind = prefixes.first(where: { Array($0.0.utf8) == Array(name.prefix(4)) })?.1 else {
            return .value(Ref(int: Errno.nomem))
        }
        if kind == ConnectionKind.file {
            // The original opens the file read-write, creating it if missing; a failure
            // is the connect's result.
            let path = String(decoding: name.dropFirst(4), as: UTF8.self)
            if case .failure(let error) = fileWrite(path: path, offset: 0, bytes: []) {
                return .value(Ref(int: Int(error.errno)))
            }
        }
        // Connecting again while connected starts afresh under the new name; the
        // connection is on the restart list once.
        if heap.load(connection, slot: ConnectionSlot.connected) != Ref(int: 1) {
            do { try registerForRestart(connection) } catch { return .thrown(outOfMemory) }
        }
        heap.store(connection, slot: ConnectionSlot.name, args[0])
        heap.store(connection, slot: ConnectionSlot.kind, Ref(int: kind))
        heap.store(connection, slot: ConnectionSlot.position, Ref(int: 0))
        heap.store(connection, slot: ConnectionSlot.connected, Ref(int: 1))
        return .value(Ref(int: 0))
    }

    /// The text after "xxx:" in a connection's name.
    private func connectionSuffix(_ connection: Ref) -> String {
        String(decoding: bytes(of: heap.load(connection, slot: ConnectionSlot.name)).dropFirst(4), as: UTF8.self)
    }

    private func connectionInvoke(_ connection: Ref, arg: Ref, op: Int) -> NativeResult {
        guard connectionKind(connection) == ConnectionKind.timer, op == 0 else { return .value(Ref(int: Errno.inval)) }
        guard arg.isInt else { return fail("not an integer arg") }
        // A one-shot timer: a new thread sleeps until the deadline, then calls the
        // callback with the time as an int (INTERNAL.md §7).
        let target = heap.load(connection, slot: ConnectionSlot.callback)
        let ordinal = heap.load(connection, slot: ConnectionSlot.callbackOrdinal)
        guard target.isObject, ordinal.isInt else { return .value(Ref(int: Errno.inval)) }
        let deadline = wallClockMilliseconds() + Int64(max(arg.intValue, 0))
        do {
            // The argument is replaced by the time of firing (Scheduler.swift).
            let thread = try startThread(target: target, ordinal: ordinal.intValue, argument: Ref(int: 0))
            heap.store(thread, slot: ThreadSlot.wakeAt, Ref(int: Int(deadline)))
            heap.store(thread, slot: ThreadSlot.waitingOn, connection)
            heap.store(thread, slot: ThreadSlot.state, Ref(int: ThreadState.sleeping))
            heap.release(thread)
        } catch {
            return fail("timer: \(error.message)")
        }
        return .value(Ref(int: 0))
    }

    private func connectionBlock(_ connection: Ref, arg: Ref, op: Int) -> NativeResult {
        switch connectionKind(connection) {
        case ConnectionKind.timer:
            return sleep(milliseconds: op)
        case ConnectionKind.statistics:
            // Counters are not collected yet: every valid query reads 0.
            guard arg.isInt, arg.intValue >= 0, op >= 0, op <= 5 else { return .value(Ref(int: -Errno.inval)) }
            return .value(Ref(int: 0))
        default:
            return fileOperation(connection, arg: arg, op: op)
        }
    }

    /// `fio:` operations; the position is kept in the connection, so it survives a restart.
    private func fileOperation(_ connection: Ref, arg: Ref, op: Int) -> NativeResult {
        let path = connectionSuffix(connection)
        let position = heap.load(connection, slot: ConnectionSlot.position).intValue
        switch op {
        case 0:
            guard arg.isInt, arg.intValue >= 0 else { return fail("not an integer arg") }
            switch fileRead(path: path, offset: position, count: min(arg.intValue, FileLimit.maxRead)) {
            case .success(let data):
                heap.store(connection, slot: ConnectionSlot.position, Ref(int: position + data.count))
                return allocating { () throws(SpaceError) in try makeString(data) }
            case .failure(let error):
                return .value(Ref(int: -Int(error.errno)))
            }
        case 1:
            guard isString(arg) else { return fail("not a string arg") }
            switch fileWrite(path: path, offset: position, bytes: bytes(of: arg)) {
            case .success(let written):
                heap.store(connection, slot: ConnectionSlot.position, Ref(int: position + written))
                return .value(Ref(int: written))
            case .failure(let error):
                return .value(Ref(int: -Int(error.errno)))
            }
        case 16:
            return .value(Ref(int: -Errno.nosys))
        default:  // 2 SEEK, and any unknown op, as the original
            guard arg.isInt, arg.intValue >= 0 else { return fail("not an integer arg") }
            heap.store(connection, slot: ConnectionSlot.position, Ref(int: arg.intValue))
            return .value(Ref(int: 0))
        }
    }

    // MARK: - Restart list (INTERNAL.md §6)

    /// Appends `object` to the restart list (root slot 68), unless it is there already.
    func registerForRestart(_ object: Ref) throws(SpaceError) {
        var list = rootSlot(RootSlot.restartList)
        if !isArray(list) {
            list = try makeArray()
            heap.store(root, slot: RootSlot.restartList, list)
            heap.release(list)
        }
        for i in 0..<arraySize(list) where arrayGet(list, i) == object { return }
        try arrayAppend(list, object)
    }

    /// Replaces `object`'s entries in the restart list with null (the list is never
    /// compacted, as the original).
    func deregisterFromRestart(_ object: Ref) {
        let list = rootSlot(RootSlot.restartList)
        guard isArray(list) else { return }
        let storage = heap.load(list, slot: ArraySlot.storage)
        for i in 0..<arraySize(list) where arrayGet(list, i) == object {
            heap.store(storage, slot: i, .null)
        }
    }

    private func isArray(_ value: Ref) -> Bool {
        value.isObject && heap.classOf(value) == classes[ClassID.array]
    }

    /// What the original does on every resume: takes the restart list, installs a fresh
    /// empty one, and lets each entry rebuild its kernel-side state. Here nothing of a
    /// tty or a connection lives outside the space (the platform is stateless and a
    /// `fio:` position is in the connection), so restarting is re-registering: a tty
    /// always, a connection while it is connected. Anything else is skipped with a
    /// warning. Called when a VM attaches to an existing world.
    func restartObjects() throws(SpaceError) {
        let old = rootSlot(RootSlot.restartList)
        heap.retain(old)
        defer { heap.release(old) }
        let fresh = try makeArray()
        heap.store(root, slot: RootSlot.restartList, fresh)
        heap.release(fresh)
        guard isArray(old) else {
            if !old.isNull { diagnostic("restart list: root slot 68 held no array; replaced") }
            return
        }
        for i in 0..<arraySize(old) {
            let entry = arrayGet(old, i)
            if entry.isNull { continue }
            let id = internalID(of: classOf(entry))
            switch id {
            case ClassID.tty:
                try registerForRestart(entry)
            case ClassID.connection:
                if heap.load(entry, slot: ConnectionSlot.connected) == Ref(int: 1) { try registerForRestart(entry) }
            default:
                let what = id == nil ? "a non-internal object" : "an object"
                diagnostic(
                    "restart list: skipping \(what) of class \(className(classOf(entry))) (no restart function)")
            }
        }
    }
}

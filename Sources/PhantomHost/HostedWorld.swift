// HostedWorld.swift — a persistent world in a Linux process (PhantomHost): the image
// file, the space, the VM and the snapshots that keep them, run together.
//
// The `phantom` command (Sources/phantom/BootCommand.swift) drives it:
//   open      lock the image, then either create a world (a fresh space, store and VM)
//             or recover the newest snapshot and attach the VM to it (threads resume
//             where the snapshot left them; sleeps keep their wall-clock deadlines);
//   install   load class files into the world's persistent class cache;
//   start     run a class's method 8 with the boot object in a new thread;
//   run       the loop: time slices, a background snapshot every interval (cut at a
//             safepoint between slices, pages written by the writer thread while the VM
//             keeps running), idling in poll() when every thread waits, and a final
//             durable snapshot when asked to stop.
// Everything the world is lives in the space; this object holds only volatile handles.

import PhantomCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An image file opened as a running world.
public final class HostedWorld {
    public let vm: VM<HostPlatform>
    public let platform: HostPlatform
    public let snapshotter: Snapshotter<FileBlockDevice>
    let background: BackgroundSnapshotter<FileBlockDevice>
    /// True when this open created the world (nothing was on disk yet).
    public let isNew: Bool
    /// Class files the world may load on demand (name → bytes), volatile.
    private var available: [String: [UInt8]] = [:]

    /// Told how far opening the world or a snapshot of it has got: `phase` names the work
    /// ("loading" an image, "writing" a snapshot), `done` of `total` its units, as the
    /// ProgressHook of PhantomCore tells them (last with `done == total`).
    public typealias Progress = (_ phase: String, _ done: Int, _ total: Int) -> Void

    /// Hears of the pages written by `snapshotNow` (and so by the final snapshot).
    public var snapshotProgress: Progress?

    /// Opens (or creates) the image at `path`, locked against other processes.
    /// `progress` hears of the recovery of a large image (page reads, Snapshotter.recover).
    public init(imagePath path: String, pages: Int, platform: HostPlatform = HostPlatform(), progress: Progress? = nil) throws {
        let device = try FileBlockDevice(path: path, create: true)
        let space = HostMemory.makeSpace(capacityPages: pages)
        self.platform = platform
        if device.blockCount == 0 {
            snapshotter = Snapshotter(space: space, store: try Store.create(on: device, imageID: Self.imageID()))
            vm = try VM(heap: try Heap(formatting: space), platform: platform)
            isNew = true
        } else {
            snapshotter = try Snapshotter.recover(
                device: device, into: space, eager: true, progress: progress.map { tell in { tell("loading", $0, $1) } })
            if snapshotter.store.generation == 0 {
                vm = try VM(heap: try Heap(formatting: space), platform: platform)
                isNew = true
            } else {
                vm = try VM(heap: try Heap(attaching: space), platform: platform)
                isNew = false
            }
        }
        background = BackgroundSnapshotter(snapshotter)
        let provider = { [unowned self] (name: String) -> [UInt8]? in self.available[name] }
        vm.classProvider = provider
    }

    /// A random-enough image identity (the store records it in every root).
    private static func imageID() -> UInt64 {
        wallClockNanoseconds() ^ (UInt64(UInt32(bitPattern: getpid())) << 32) | 1
    }

    /// Makes `classes` loadable on demand (a class the world already has keeps its copy).
    public func makeAvailable(_ classes: [ClassFile]) {
        for file in classes { available[file.name] = file.serialize() }
    }

    /// Makes `classes` available and loads every one into the world's class cache. A
    /// class in `own` (the program's own classes) that the world already has with other
    /// code is an error: the world keeps the classes it has, so running a changed
    /// program under an old name would quietly run the old code.
    public func install(_ classes: [ClassFile], own: Set<String> = []) throws {
        for file in classes where own.contains(file.name) {
            if let loaded = vm.loadedClassFile(file.name), loaded != file.serialize() {
                throw VMError("this world already has a different class \(file.name) (a world keeps the classes it has: rename the class, or use a new image)")
            }
        }
        makeAvailable(classes)
        for file in classes {
            do {
                guard try vm.findClass(file.name) != nil else { throw VMError("class \(file.name) did not load") }
            } catch let error as LoadError {
                throw VMError("\(error)")
            }
        }
    }

    /// Sets kernel-environment items (`key=value`, boot.23) before the boot class runs.
    public func setKernelEnvironment(_ items: [String]) throws {
        for item in items { try vm.setKernelEnvironment(item) }
    }

    /// Starts `className`.8(boot object) on a new instance, made without a constructor,
    /// in a new persistent thread; the thread's number.
    @discardableResult
    public func start(className: String, arguments: [String] = []) throws -> Int {
        guard let cls = try vm.findClass(className) else { throw VMError("no class \(className)") }
        guard let object = vm.newInstance(of: cls) else { throw VMError("cannot make an instance of \(className)") }
        defer { vm.heap.release(object) }
        let thread = try vm.startProgram(target: object, argument: vm.bootObject, arguments: arguments)
        defer { vm.heap.release(thread) }
        return vm.threadID(thread)
    }

    /// Takes a whole snapshot and waits until it is durable; its generation.
    @discardableResult
    public func snapshotNow() throws(StoreError) -> UInt64? {
        // A snapshot in flight is finished first (and its waiters told).
        let progress = snapshotProgress.map { tell in { tell("writing", $0, $1) } as ProgressHook }
        if writing {
            writing = false
            durable(try background.finish(progress: progress))
        }
        waitingForDurable += waitingForCut
        waitingForCut = []
        let generation = try background.snapshotNow(progress: progress)
        durable(generation ?? self.generation)
        return generation
    }

    /// The generation of the newest durable snapshot.
    public var generation: UInt64 { snapshotter.store.generation }

    /// When the newest durable snapshot was taken (ns since 1970), if there is one.
    public var snapshotTime: UInt64? { snapshotter.store.current?.time }

    /// True while a background snapshot is being written.
    public var isWriting: Bool { writing }

    // MARK: - Requests from other threads (the control channel)

    /// Jobs other threads post; the world runs them between two slices.
    public let mailbox = Mailbox()

    /// Called with the generation of a durable snapshot that holds the state of the
    /// world as it was when the request was made, or with the error that stopped it.
    public typealias SnapshotWaiter = (Result<UInt64, StoreError>) -> Void

    /// Asks for a snapshot cut after now; `done` hears when it is durable.
    public func requestSnapshot(_ done: @escaping SnapshotWaiter) { waitingForCut.append(done) }

    /// Asks the run loop to stop: a final snapshot, then `done`, then `run` returns.
    public func requestStop(_ done: @escaping SnapshotWaiter) {
        stopAsked = true
        stopWaiters.append(done)
    }

    /// Sends the console output (and uncaught-exception reports) of thread `id` to
    /// `output` instead of this process's stdout/stderr, and tells `ended` once the
    /// thread has finished (true) or died of an uncaught exception (false).
    /// `token` names the client, for `detach`.
    public func attach(thread id: Int, token: Int, output: @escaping (_ bytes: [UInt8], _ isDiagnostic: Bool) -> Void,
                       ended: @escaping (_ finished: Bool) -> Void) {
        attachments[id] = Attachment(token: token, output: output, ended: ended)
    }

    /// Output of the threads attached for `token` goes back to this process's console.
    public func detach(token: Int) { attachments = attachments.filter { $0.value.token != token } }

    /// How many threads send their output to a client.
    public var attachedThreads: Int { attachments.count }

    private struct Attachment {
        let token: Int
        let output: ([UInt8], Bool) -> Void
        let ended: (Bool) -> Void
    }

    private var attachments: [Int: Attachment] = [:]
    private var waitingForCut: [SnapshotWaiter] = []
    private var waitingForDurable: [SnapshotWaiter] = []
    private var stopWaiters: [SnapshotWaiter] = []
    private var stopAsked = false
    private var writing = false
    private var cutAt: UInt64 = 0

    /// Where console output of the running thread goes: to its attachment, if any.
    private func route(_ bytes: [UInt8], isDiagnostic: Bool) -> Bool {
        guard !attachments.isEmpty, let id = vm.currentThreadID, let attachment = attachments[id] else { return false }
        attachment.output(bytes, isDiagnostic)
        return true
    }

    /// Tells attachments whose thread has ended (the VM reaps ended threads at the start
    /// of the next slice, so one look after each slice sees every ending).
    private func checkAttachedThreads() {
        var live: Set<Int> = []
        for thread in vm.threads {
            let id = vm.threadID(thread)
            guard let attachment = attachments[id] else { continue }
            if vm.threadEnded(thread) {
                attachments[id] = nil
                attachment.ended(!vm.threadFailed(thread))
            } else {
                live.insert(id)
            }
        }
        for (id, attachment) in attachments where !live.contains(id) {
            // Gone without our seeing it end (it cannot be, but never leave a client hanging).
            attachments[id] = nil
            attachment.ended(true)
        }
    }

    // MARK: - The run loop

    /// How `run` ended.
    public enum Ending: Equatable {
        /// `shouldStop` said so (a signal) or `requestStop` was called; a final snapshot was taken.
        case stopped
        /// Every thread ended and `untilIdle` was set; a final snapshot was taken.
        case idle
    }

    /// Runs the world until `shouldStop()` or, with `untilIdle`, until no thread is left.
    /// A snapshot starts every `interval` seconds (never by itself if it is 0); `log`
    /// hears about each one.
    public func run(
        snapshotInterval interval: Double, untilIdle: Bool, shouldStop: () -> Bool, log: (String) -> Void
    ) throws -> Ending {
        // An interval of 0 (or less) turns the automatic snapshots off: the world is then
        // saved only on commit(), on request and when it stops.
        let intervalMs = interval > 0 ? Int64(max(interval, 0.001) * 1000) : Int64.max / 4
        var nextSnapshot = platform.wallClockMilliseconds() + intervalMs
        platform.wakeDescriptor = mailbox.wakeDescriptor
        platform.route = { [unowned self] bytes, isDiagnostic in route(bytes, isDiagnostic: isDiagnostic) }
        defer {
            platform.route = nil
            platform.wakeDescriptor = -1
        }
        // Threads parked in commit() when the recovered snapshot was cut return now.
        durable(generation)
        while true {
            for job in mailbox.take() { job(self) }
            if shouldStop() || stopAsked {
                try finalSnapshot(log: log)
                return .stopped
            }
            if writing {
                switch background.pump(maxBatches: 2) {
                case .writing:
                    break
                case .idle:
                    writing = false  // finished elsewhere (snapshotNow settles it)
                case .committed(let generation):
                    writing = false
                    durable(generation)
                    log("snapshot \(generation) durable in \(Double((monotonicNanoseconds() - cutAt) / 1000) / 1000) ms")
                case .failed(let error):
                    // The cut went back into the dirty set (abandon): the next one retries.
                    writing = false
                    vm.snapshotInFlight = false
                    notify(&waitingForDurable, .failure(error))
                    log("snapshot failed: \(error)")
                }
            } else if vm.commitRequested || !waitingForCut.isEmpty || platform.wallClockMilliseconds() >= nextSnapshot {
                // Every interval, and at once when a thread waits in commit() or someone asked.
                vm.commitRequested = false
                nextSnapshot = platform.wallClockMilliseconds() + intervalMs
                cutAt = monotonicNanoseconds()
                writing = try background.start()
                vm.snapshotInFlight = writing
                if writing {
                    waitingForDurable += waitingForCut
                    waitingForCut = []
                    log("snapshot \(generation + 1) cut")
                }
            }
            let state = vm.runSlice()
            if !attachments.isEmpty { checkAttachedThreads() }
            switch state {
            case .ran:
                continue
            case .idle(let deadline, let console):
                // Wake for the earliest of: a thread's deadline, the next snapshot, or,
                // while a snapshot is being written, soon (to keep feeding the writer).
                var until = nextSnapshot
                if let deadline { until = min(until, deadline) }
                if writing || !waitingForCut.isEmpty { until = min(until, platform.wallClockMilliseconds() + 1) }
                platform.idle(until: until, console: console)
            case .done:
                if untilIdle {
                    try finalSnapshot(log: log)
                    return .idle
                }
                var until = nextSnapshot
                if writing || !waitingForCut.isEmpty { until = min(until, platform.wallClockMilliseconds() + 1) }
                platform.idle(until: until, console: false)
            }
        }
    }

    /// Tells the VM a snapshot is durable; threads in commit() re-check their target,
    /// and whoever waited for this snapshot hears of it.
    private func durable(_ generation: UInt64?) {
        vm.snapshotInFlight = false
        if let generation {
            vm.durableGeneration = generation
            notify(&waitingForDurable, .success(generation))
        }
        vm.wakeCommitWaiters()
    }

    private func notify(_ waiters: inout [SnapshotWaiter], _ result: Result<UInt64, StoreError>) {
        let called = waiters
        waiters = []
        for waiter in called { waiter(result) }
    }

    /// Finishes any snapshot in flight, then takes one more with everything up to now.
    private func finalSnapshot(log: (String) -> Void) throws(StoreError) {
        do {
            if let generation = try snapshotNow() { log("final snapshot \(generation) durable") }
        } catch {
            notify(&stopWaiters, .failure(error))
            throw error
        }
        notify(&stopWaiters, .success(generation))
    }
}

/// Jobs for a running world from other threads (the control channel's), and a pipe
/// that wakes the world when it idles in poll().
public final class Mailbox: Sendable {
    public typealias Job = @Sendable (HostedWorld) -> Void
    private let jobs = Mutex<[Job]>([])
    /// Set with every post: the world looks at it after every slice, and takes the lock
    /// and drains the pipe only when it is set.
    private let pending = Atomic<Bool>(false)
    /// Readable when a job (or a wake-up) is waiting; the world polls it while idle.
    public let wakeDescriptor: Int32
    private let wakeWriter: Int32

    public init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeDescriptor = ends[0]
        wakeWriter = ends[1]
    }

    deinit {
        close(wakeDescriptor)
        close(wakeWriter)
    }

    /// Queues `job` to run on the world's thread between two slices.
    public func post(_ job: @escaping Job) {
        jobs.withLock { $0.append(job) }
        pending.store(true, ordering: .releasing)
        wake()
    }

    /// Wakes the world if it idles (safe from a signal handler: one write).
    public func wake() { Mailbox.wake(wakeWriter) }

    /// The descriptor a signal handler may pass to `wake(_:)`.
    public var wakeWriteDescriptor: Int32 { wakeWriter }

    /// Writes one byte to a wake pipe; async-signal-safe.
    public static func wake(_ descriptor: Int32) {
        var byte: UInt8 = 1
        _ = write(descriptor, &byte, 1)
    }

    /// The jobs posted so far, emptying the queue and the wake pipe.
    func take() -> [Job] {
        guard pending.exchange(false, ordering: .acquiring) else { return [] }
        let taken = jobs.withLock { queue -> [Job] in
            defer { queue.removeAll() }
            return queue
        }
        var sink = [UInt8](repeating: 0, count: 64)
        while sink.withUnsafeMutableBytes({ read(wakeDescriptor, $0.baseAddress, 64) }) > 0 {}
        return taken
    }
}

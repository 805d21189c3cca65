// VMLayout.swift — where the VM keeps its state inside the object space (PhantomCore).
//
// Every VM structure is an ordinary object of the heap (Heap.swift), so snapshots
// carry it and verify() checks it. This file is the one table of their layouts; the
// byte-level form is drawn again in Docs/VMLayout.md. Keep the two in step.
//
//   root object (slots)     RootSlot: internal classes, null, thread list, restart
//                           list, class cache … (numbers as the original, INTERNAL.md §5)
//   class object (slots)    ClassSlot: name, parent, interface, constants, …
//   interface (slots)       one code reference per method ordinal
//   code object (raw)       CodeField header, handler table, then the bytecode itself
//   thread object (slots)   ThreadSlot: its stacks, state, wake-up time, …
//     ostack (slots)        object cells of every frame, counted like any slot
//     istack (raw)          32-bit int cells of every frame
//     frames (raw)          FrameField records, one per active call
//     estack (raw)          CatcherField records, the catchers of every frame
//
// Values. A Phantom `.internal.int` is a tagged int reference (no allocation); null is
// the all-zero reference, of class `.internal.void`; every other value is an object.
// Classes and code are pinned (the class cache and root hold them), so frames and
// catchers may keep their offsets in raw words without counting them.

/// Slots of the root object: the original's numbering (INTERNAL.md §5), 103 slots.
enum RootSlot {
    static let count = 103
    /// 0 … 40: internal class objects, at `InternalClass.rootSlot`.
    static let userClassLoader = 18
    static let nullObject = 64
    static let syscallInterface = 65
    static let threads = 66
    static let users = 67
    static let restartList = 68
    static let kernelEnvironment = 69
    static let osInterface = 70
    static let rootDirectory = 71
    static let statistics = 72
    static let classCache = 73
    /// Ours (reserved range 74–102): the boot object, the next thread id, the
    /// "out of memory" string thrown when allocation fails, the VM state word.
    static let bootObject = 74
    static let nextThreadID = 75
    static let outOfMemory = 76
    static let bootDone = 77
    /// int: the layout of the world's VM objects (`Machine.layoutVersion`); null in
    /// worlds made before it existed (version 1).
    static let layoutVersion = 78
}

/// Slots of a class object (class `.internal.class`).
enum ClassSlot {
    static let count = 12
    /// `.internal.string`: the full name with its leading dot.
    static let name = 0
    /// The parent class; null only for `.internal.void`.
    static let parent = 1
    /// int: `ClassFlags`.
    static let flags = 2
    /// int: slots of an instance, inherited ones included.
    static let objectSlots = 3
    /// The method table: slots indexed by ordinal, each a code object or null.
    static let interface = 4
    /// int: position in `InternalClass.table`, or −1 for a user class.
    static let tableID = 5
    /// An array of static variables (`.internal.class` 10/11).
    static let statics = 6
    /// Slots: pairs (name string, ordinal int) of this class's own methods, in class-file
    /// order, for dynamic_invoke (BYTECODE.md §3.7).
    static let methodNames = 7
    /// Slots: field name strings by slot.
    static let fieldNames = 8
    /// Slots indexed by constant id: the constant objects (BYTECODE.md const_pool).
    static let constants = 9
    /// Slots indexed by ordinal: raw (ip u32, line u32) pairs, sorted by ip.
    static let lineMaps = 10
    /// The class file it came from (`.internal.binary`), for inspection tools.
    static let source = 11
}

/// Bits of `ClassSlot.flags`.
enum ClassFlags {
    static let `internal` = 1
}

/// The raw layout of a code object (class `.internal.code`): a header, the handler
/// table, then the verified bytecode. All fields little-endian.
enum CodeField {
    /// u32: bytes of bytecode.
    static let codeSize = 0
    /// u32: declared argument count; `anyArgs` for the shared native stubs.
    static let argCount = 4
    /// u32: deepest object / int stack / catcher stack of a frame (verifier).
    static let maxObjects = 8
    static let maxInts = 12
    static let maxCatchers = 16
    /// u32: entries in the handler table.
    static let handlerCount = 20
    /// u32: this method's ordinal.
    static let ordinal = 24
    /// u32: the native table index for a stub (`sys k`), else 0.
    static let sysIndex = 28
    /// u64: offset of the defining class (pinned, not counted).
    static let owner = 32
    static let headerSize = 40
    /// Handler entries: u32 target IP, u32 object depth, u32 int depth, u32 unused.
    static let handlerSize = 16
    static let anyArgs: UInt32 = 0xFFFF_FFFF
}

/// Slots of a thread object (class `.internal.thread`).
enum ThreadSlot {
    static let count = 17
    static let ostack = 0
    static let istack = 1
    static let frames = 2
    static let estack = 3
    /// int: `ThreadState`.
    static let state = 4
    /// ints: cells in use on each stack, and active frames and catchers.
    static let osDepth = 5
    static let isDepth = 6
    static let frameCount = 7
    static let esDepth = 8
    /// int: wall-clock ms at which a sleeping thread wakes.
    static let wakeAt = 9
    /// The mutex or cond a blocked thread waits on.
    static let waitingOn = 10
    /// `.phantom.environment` instance (thread.12), created lazily.
    static let environment = 11
    /// thread.13 getUser.
    static let owner = 12
    /// int: thread number, from 1.
    static let id = 13
    /// What the bottom frame returned, or the uncaught exception.
    static let result = 14
    /// int: how many times a native call blocked it (diagnostics).
    static let blockCount = 15
    /// The string array boot.26 `arguments()` returns (`phantom run PROG ARGS`), or null.
    /// Threads of worlds made before it existed have 16 slots and no arguments.
    static let arguments = 16
}

/// Values of `ThreadSlot.state`.
enum ThreadState {
    static let runnable = 0
    static let sleeping = 1
    static let blocked = 2
    static let console = 3
    static let finished = 4
    static let failed = 5
}

/// A frame record in a thread's `frames` object (raw, little-endian).
enum FrameField {
    static let size = 32
    /// u64: offset of the running code object.
    static let code = 0
    /// u32: the frame's IP: where it resumes (the caller's return point, or for the
    /// top frame of a parked thread, the instruction to run next).
    static let ip = 8
    /// u32: ostack index of the frame's cell 0; `this` is the cell just below it.
    static let osBase = 12
    /// u32: istack index of the frame's cell 0.
    static let isBase = 16
    /// u32: estack index of the frame's first catcher.
    static let esBase = 20
    /// u32: the method's ordinal (for reports).
    static let ordinal = 24
}

/// A catcher record in a thread's `estack` object.
enum CatcherField {
    static let size = 16
    /// u64: offset of the class it catches (pinned).
    static let catchClass = 0
    /// u32: handler IP.
    static let target = 8
}

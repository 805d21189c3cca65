// BlockDevice.swift — what the snapshot store needs from a disk (PhantomCore).
//
// The store (Store.swift) reads and writes whole 4 KiB blocks and asks for flushes;
// it never assumes a write is durable before a flush returns. Devices: the in-memory
// one (MemoryBlockDevice.swift), the crash-simulating one for tests
// (CrashBlockDevice.swift), the file-backed one in PhantomHost (FileBlockDevice.swift)
// and, later, ATA/virtio disks in Kernel/.

/// Why a device operation failed. Every case names the block involved where there is one.
public enum DeviceError: Error, Equatable, CustomStringConvertible {
    /// The block lies beyond what the device can ever hold.
    case outOfRange(block: UInt64)
    /// The device is full (ENOSPC, EDQUOT) while writing `block`.
    case noSpace(block: UInt64)
    /// The device cannot be written (read-only file or medium).
    case readOnly
    /// Any other I/O error, with the host error number where there is one.
    case io(code: Int32, block: UInt64, what: String)
    /// The crash-simulating device has crashed: nothing more reaches it.
    case crashed

    public var description: String {
        switch self {
        case .outOfRange(let block): return "block \(block) is beyond the end of the device"
        case .noSpace(let block): return "no space left on the device while writing block \(block)"
        case .readOnly: return "the device is read-only"
        case .io(let code, let block, let what): return "\(what) failed at block \(block) (error \(code))"
        case .crashed: return "the device has crashed (simulated)"
        }
    }
}

/// A disk of 4 KiB blocks. Writes may be cached until `flush()` returns; a crash may
/// lose, reorder, tear or garble any write that no completed flush covers.
public protocol BlockDevice: AnyObject {
    /// How many blocks the device holds now (reads at or past this return zeros).
    var blockCount: UInt64 { get }
    /// Reads `count` consecutive blocks starting at `block` into `buffer`
    /// (`count * blockSize` bytes). Blocks never written read as zeros.
    func read(block: UInt64, count: Int, into buffer: UnsafeMutableRawPointer) throws(DeviceError)
    /// Writes `count` consecutive blocks starting at `block` from `buffer`. Growable
    /// devices grow; a full one throws `.noSpace`.
    func write(block: UInt64, count: Int, from buffer: UnsafeRawPointer) throws(DeviceError)
    /// Returns once every write issued before it is durable.
    func flush() throws(DeviceError)
}

/// The block size of every device: one block holds one page of the space.
public let blockSize = 4096

// FileBlockDevice.swift — a snapshot image in a regular file on Linux (PhantomHost).
//
// The store (PhantomCore/Store.swift) sees this as a BlockDevice (PhantomCore/
// BlockDevice.swift): block i is bytes 4096*i ..< 4096*(i+1) of the file. I/O is plain
// pread/pwrite at explicit offsets (no shared file position, no page-cache tricks) and
// durability is fdatasync: the store never assumes more than the protocol promises.
//
// One image, one process: opening takes a flock on the file, exclusive for a writer and
// shared for a read-only open, without waiting. Two processes writing one image would
// each believe they own its free blocks and destroy each other's snapshots; a reader
// beside a writer would see half-written snapshots. The lock belongs to the open file
// and goes away when the descriptor is closed or the process dies, so a crash never
// leaves a stale lock behind.
//
// Host errors become DeviceError for the store:
//   ENOSPC, EDQUOT, EFBIG           -> .noSpace(block:)  (disk, quota or file size limit)
//   EROFS, EACCES, EPERM, EBADF on a
//   read-only open                  -> .readOnly
//   anything else                   -> .io(code:block:what:)
// and opening errors become FileDeviceError, with the path and the host's message.

#if canImport(Glibc)
import Glibc
#endif
import PhantomCore

/// Why an image file could not be opened. Each case carries the path; `description` is
/// a sentence for the user.
public enum FileDeviceError: Error, Equatable, CustomStringConvertible {
    /// No file at `path`, and the caller did not ask to create one.
    case notFound(path: String)
    /// The host refused access (permissions, read-only file system); `reason` is its message.
    case permissionDenied(path: String, reason: String)
    /// Another open of the image (in this or another process) holds its lock.
    case locked(path: String)
    /// `path` names a directory, device or other non-regular file.
    case notRegularFile(path: String)
    /// Any other host error while `what` (open, fstat, flock) ran.
    case io(path: String, what: String, code: Int32, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no such image file"
        case .permissionDenied(let path, let reason):
            return "\(path): permission denied (\(reason))"
        case .locked(let path):
            return "\(path): the image is in use by another process (or another open in this one); "
                + "stop it before opening the image"
        case .notRegularFile(let path):
            return "\(path): not a regular file; an image must be a plain file"
        case .io(let path, let what, let code, let reason):
            return "\(path): \(what) failed: \(reason) (errno \(code))"
        }
    }
}

/// A BlockDevice over a regular file, locked against other openers, growing as blocks
/// past its end are written; the host side of every persistent Phantom image.
public final class FileBlockDevice: BlockDevice {
    /// The path the device was opened with, for messages.
    public let path: String
    /// True if opened read-only: writes throw `.readOnly` without touching the file.
    public let readOnly: Bool
    /// The file descriptor, or -1 once closed.
    private var fd: Int32
    /// Blocks the file holds: its size rounded up to a block, kept current by `write`
    /// (the lock means nobody else changes the size).
    private var cachedBlockCount: UInt64

    /// Opens (and if `create`, creates) the image at `path` and locks it. Fails if the
    /// file is missing and `create` is false, is not a regular file, or is locked.
    public init(path: String, create: Bool, readOnly: Bool = false) throws(FileDeviceError) {
        self.path = path
        self.readOnly = readOnly
        var flags = (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC
        if create && !readOnly { flags |= O_CREAT }
        var descriptor: Int32
        repeat {
            descriptor = open(path, flags, 0o644)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw .notFound(path: path)
            case EACCES, EPERM, EROFS: throw .permissionDenied(path: path, reason: FileBlockDevice.message(code))
            case EISDIR: throw .notRegularFile(path: path)
            default: throw .io(path: path, what: "open", code: code, reason: FileBlockDevice.message(code))
            }
        }

        // From here on the descriptor must be closed on every failure.
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            _ = Glibc.close(descriptor)
            throw .io(path: path, what: "fstat", code: code, reason: FileBlockDevice.message(code))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            _ = Glibc.close(descriptor)
            throw .notRegularFile(path: path)
        }
        var locked: Int32
        repeat {
            locked = flock(descriptor, (readOnly ? LOCK_SH : LOCK_EX) | LOCK_NB)
        } while locked != 0 && errno == EINTR
        guard locked == 0 else {
            let code = errno
            _ = Glibc.close(descriptor)
            if code == EWOULDBLOCK { throw .locked(path: path) }
            throw .io(path: path, what: "flock", code: code, reason: FileBlockDevice.message(code))
        }

        fd = descriptor
        let size = UInt64(max(info.st_size, 0))
        cachedBlockCount = (size + UInt64(blockSize) - 1) / UInt64(blockSize)
    }

    deinit {
        close()
    }

    /// Releases the lock and the descriptor. Later operations throw `.io(code: EBADF …)`.
    /// Closing does not make writes durable; only `flush()` does.
    public func close() {
        guard fd >= 0 else { return }
        // Linux frees the descriptor even when close reports EINTR, so never retry.
        _ = Glibc.close(fd)
        fd = -1
    }

    // MARK: - BlockDevice

    public var blockCount: UInt64 { cachedBlockCount }

    public func read(block: UInt64, count: Int, into buffer: UnsafeMutableRawPointer) throws(DeviceError) {
        let offset = try byteOffset(block: block, count: count)
        guard fd >= 0 else { throw .io(code: EBADF, block: block, what: "read of a closed image") }
        let total = count * blockSize
        var done = 0
        while done < total {
            let n = pread(fd, buffer + done, total - done, off_t(offset + Int64(done)))
            if n > 0 {
                done += n
            } else if n == 0 {
                // End of file: the rest has never been written and reads as zeros.
                (buffer + done).initializeMemory(as: UInt8.self, repeating: 0, count: total - done)
                done = total
            } else if errno != EINTR {
                let failed = block + UInt64(done / blockSize)
                throw FileBlockDevice.deviceError(errno, block: failed, what: "read", readOnly: readOnly)
            }
        }
    }

    public func write(block: UInt64, count: Int, from buffer: UnsafeRawPointer) throws(DeviceError) {
        guard !readOnly else { throw .readOnly }
        let offset = try byteOffset(block: block, count: count)
        guard fd >= 0 else { throw .io(code: EBADF, block: block, what: "write to a closed image") }
        let total = count * blockSize
        var done = 0
        // Grow the cached size by what reached the file even if a later part fails.
        defer {
            let end = block + UInt64((done + blockSize - 1) / blockSize)
            if done > 0 && end > cachedBlockCount { cachedBlockCount = end }
        }
        while done < total {
            let n = pwrite(fd, buffer + done, total - done, off_t(offset + Int64(done)))
            if n > 0 {
                done += n
            } else if n == 0 {
                // A zero-byte write of a non-empty buffer makes no progress; retrying would spin.
                throw .io(code: EIO, block: block + UInt64(done / blockSize), what: "write (no progress)")
            } else if errno != EINTR {
                let failed = block + UInt64(done / blockSize)
                throw FileBlockDevice.deviceError(errno, block: failed, what: "write", readOnly: readOnly)
            }
        }
        // Ask the kernel to start writing large runs back now rather than at the flush:
        // the disk works while the writer checksums the next batch (Docs/Performance.md).
        if total >= 64 * 1024 {
            _ = posix_fadvise(fd, off_t(offset), off_t(total), POSIX_FADV_DONTNEED)
        }
    }

    /// fdatasync: the data and the size are durable, other metadata (times) need not be.
    /// Falls back to fsync where the file system does not support fdatasync.
    public func flush() throws(DeviceError) {
        guard fd >= 0 else { throw .io(code: EBADF, block: 0, what: "flush of a closed image") }
        var result: Int32
        repeat {
            result = fdatasync(fd)
        } while result != 0 && errno == EINTR
        if result != 0 && (errno == EINVAL || errno == ENOSYS) {
            repeat {
                result = fsync(fd)
            } while result != 0 && errno == EINTR
        }
        guard result == 0 else {
            throw FileBlockDevice.deviceError(errno, block: 0, what: "flush", readOnly: readOnly)
        }
    }

    // MARK: - Helpers

    /// The file offset of `block`, after checking that `count` blocks from it fit in a
    /// file offset (off_t is signed 64-bit).
    private func byteOffset(block: UInt64, count: Int) throws(DeviceError) -> Int64 {
        let maxBlocks = UInt64(Int64.max) / UInt64(blockSize)
        guard count >= 0, block <= maxBlocks, UInt64(count) <= maxBlocks - block else {
            throw .outOfRange(block: block)
        }
        return Int64(block) * Int64(blockSize)
    }

    /// The DeviceError for host error `code` while accessing `block` (see the table at the
    /// top of the file). Internal so that tests can check the mapping of errors that no
    /// test can provoke, such as a full disk.
    static func deviceError(_ code: Int32, block: UInt64, what: String, readOnly: Bool) -> DeviceError {
        switch code {
        case ENOSPC, EDQUOT, EFBIG: return .noSpace(block: block)
        case EROFS, EACCES, EPERM: return .readOnly
        case EBADF where readOnly: return .readOnly
        default: return .io(code: code, block: block, what: "\(what): \(message(code))")
        }
    }

    /// The host's text for an errno value.
    static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

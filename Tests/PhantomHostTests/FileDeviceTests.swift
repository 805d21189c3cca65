// FileDeviceTests.swift — the file-backed block device on a real file system (PhantomHostTests).
//
// Every test works in its own fresh directory under /tmp, so tests can run in parallel.
// A full disk cannot be made on demand here (no small tmpfs), so the "no space" path is
// driven by the file size limit instead: with RLIMIT_FSIZE lowered and SIGXFSZ ignored,
// the kernel itself answers EFBIG, which the device reports as `.noSpace`. The mapping of
// ENOSPC and EDQUOT, which no test can provoke, is checked on the mapping function.

#if canImport(Glibc)
import Glibc
#endif
import PhantomCore
@testable import PhantomHost
import Testing

// MARK: - Helpers

/// A fresh directory, removed with its files when the value goes away.
private final class ScratchDirectory {
    let path: String

    init() {
        var template = Array("/tmp/phantom-filedevice-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { unlink(file(name)) }
            }
            closedir(dir)
        }
        rmdir(path)
    }
}

private func filled(_ byte: UInt8, blocks: Int = 1) -> [UInt8] {
    [UInt8](repeating: byte, count: blocks * blockSize)
}

// `withUnsafeBytes` only rethrows untyped errors, so the device call goes out as a
// Result and its DeviceError is thrown from `get()`.

private func write(_ device: FileBlockDevice, _ block: UInt64, _ data: [UInt8]) throws(DeviceError) {
    try data.withUnsafeBytes { bytes in
        Result { () throws(DeviceError) in
            try device.write(block: block, count: data.count / blockSize, from: bytes.baseAddress!)
        }
    }.get()
}

private func read(_ device: FileBlockDevice, _ block: UInt64, count: Int = 1) throws(DeviceError) -> [UInt8] {
    var data = [UInt8](repeating: 0xEE, count: count * blockSize)
    try data.withUnsafeMutableBytes { bytes in
        Result { () throws(DeviceError) in try device.read(block: block, count: count, into: bytes.baseAddress!) }
    }.get()
    return data
}

/// Writes `bytes` raw bytes of 0x5A to a new file at `path`, bypassing the device.
private func makeFile(_ path: String, bytes: Int, mode: mode_t = 0o644) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
    precondition(fd >= 0)
    let data = [UInt8](repeating: 0x5A, count: bytes)
    precondition(data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, bytes) } == bytes)
    Glibc.close(fd)
}

// MARK: - Tests

/// FileBlockDevice: I/O, persistence, locking and the mapping of host errors.
struct FileDeviceTests {
    @Test func roundTripAndZerosPastTheEnd() throws {
        let dir = ScratchDirectory()
        let device = try FileBlockDevice(path: dir.file("image"), create: true)
        #expect(device.blockCount == 0)
        let data = filled(1) + filled(2) + filled(3)
        try write(device, 2, data)
        #expect(device.blockCount == 5)
        #expect(try read(device, 2, count: 3) == data)
        #expect(try read(device, 0, count: 2) == filled(0, blocks: 2))
        #expect(try read(device, 4, count: 3) == filled(3) + filled(0, blocks: 2))
        #expect(try read(device, 1_000_000) == filled(0))
        try device.flush()
    }

    @Test func blocksPersistAcrossCloseAndReopen() throws {
        let dir = ScratchDirectory()
        let path = dir.file("image")
        do {
            let device = try FileBlockDevice(path: path, create: true)
            try write(device, 7, filled(9))
            try device.flush()
            device.close()
        }
        let again = try FileBlockDevice(path: path, create: false)
        #expect(again.blockCount == 8)
        #expect(try read(again, 7) == filled(9))
        #expect(try read(again, 6) == filled(0))
    }

    @Test func partialLastBlockCountsAndReadsAsZeroTail() throws {
        let dir = ScratchDirectory()
        let path = dir.file("short")
        makeFile(path, bytes: blockSize + 100)
        let device = try FileBlockDevice(path: path, create: false)
        #expect(device.blockCount == 2)
        let second = try read(device, 1)
        #expect(second[..<100].allSatisfy { $0 == 0x5A })
        #expect(second[100...].allSatisfy { $0 == 0 })
    }

    @Test func missingFileWithoutCreateIsNotFound() {
        let dir = ScratchDirectory()
        let path = dir.file("absent")
        #expect(throws: FileDeviceError.notFound(path: path)) { try FileBlockDevice(path: path, create: false) }
        #expect(throws: FileDeviceError.notFound(path: path)) {
            try FileBlockDevice(path: path, create: true, readOnly: true)
        }
    }

    @Test func directoriesAndDevicesAreNotImages() {
        let dir = ScratchDirectory()
        #expect(throws: FileDeviceError.notRegularFile(path: dir.path)) {
            try FileBlockDevice(path: dir.path, create: false, readOnly: true)
        }
        #expect(throws: FileDeviceError.notRegularFile(path: "/dev/null")) {
            try FileBlockDevice(path: "/dev/null", create: false)
        }
    }

    @Test func readOnlyOpenRefusesWrites() throws {
        let dir = ScratchDirectory()
        let path = dir.file("image")
        makeFile(path, bytes: blockSize, mode: 0o444)
        let device = try FileBlockDevice(path: path, create: false, readOnly: true)
        #expect(throws: DeviceError.readOnly) { try write(device, 0, filled(1)) }
        #expect(try read(device, 0) == [UInt8](repeating: 0x5A, count: blockSize))
        try device.flush()
    }

    /// Root ignores file modes, so this only means something for other users.
    @Test(.enabled(if: geteuid() != 0, "root may open any file"))
    func unwritableFileIsPermissionDenied() throws {
        let dir = ScratchDirectory()
        let path = dir.file("image")
        makeFile(path, bytes: blockSize, mode: 0o444)
        #expect {
            try FileBlockDevice(path: path, create: false)
        } throws: { error in
            guard case FileDeviceError.permissionDenied(path, _) = error else { return false }
            return true
        }
    }

    @Test func secondOpenOfAnImageIsLocked() throws {
        let dir = ScratchDirectory()
        let path = dir.file("image")
        let first = try FileBlockDevice(path: path, create: true)
        #expect(throws: FileDeviceError.locked(path: path)) { try FileBlockDevice(path: path, create: false) }
        #expect(throws: FileDeviceError.locked(path: path)) {
            try FileBlockDevice(path: path, create: false, readOnly: true)
        }
        #expect(FileDeviceError.locked(path: path).description.contains("in use by another process"))
        first.close()
        let second = try FileBlockDevice(path: path, create: false)
        second.close()
    }

    @Test func readersShareTheLockButExcludeAWriter() throws {
        let dir = ScratchDirectory()
        let path = dir.file("image")
        makeFile(path, bytes: blockSize)
        let reader1 = try FileBlockDevice(path: path, create: false, readOnly: true)
        let reader2 = try FileBlockDevice(path: path, create: false, readOnly: true)
        #expect(throws: FileDeviceError.locked(path: path)) { try FileBlockDevice(path: path, create: false) }
        reader1.close()
        reader2.close()
    }

    @Test func lockIsReleasedWhenTheDeviceGoesAway() throws {
        let dir = ScratchDirectory()
        let path = dir.file("image")
        do {
            _ = try FileBlockDevice(path: path, create: true)
        }
        _ = try FileBlockDevice(path: path, create: false)
    }

    @Test func closedDeviceRefusesIO() throws {
        let dir = ScratchDirectory()
        let device = try FileBlockDevice(path: dir.file("image"), create: true)
        device.close()
        device.close()
        #expect {
            _ = try read(device, 0)
        } throws: { error in
            guard case DeviceError.io(EBADF, 0, _) = error else { return false }
            return true
        }
        #expect(throws: DeviceError.self) { try device.flush() }
    }

    @Test func offsetsPastAnyFileAreOutOfRange() throws {
        let dir = ScratchDirectory()
        let device = try FileBlockDevice(path: dir.file("image"), create: true)
        #expect(throws: DeviceError.outOfRange(block: .max)) { _ = try read(device, .max) }
        #expect(throws: DeviceError.outOfRange(block: UInt64(Int64.max) / 4096)) {
            try write(device, UInt64(Int64.max) / 4096, filled(1))
        }
    }

    /// A write that crosses the file size limit: the part below it lands (a short write
    /// the loop must continue), the rest fails with EFBIG, reported as no space at the
    /// first block that did not fit. The limit is high (1 GiB, a sparse file) so that
    /// tests writing ordinary files in parallel are not affected while it is lowered.
    @Test func fileSizeLimitIsNoSpace() throws {
        let dir = ScratchDirectory()
        let device = try FileBlockDevice(path: dir.file("image"), create: true)
        let limitBlocks: UInt64 = 262_144
        let fileSizeLimit = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        var saved = rlimit()
        #expect(getrlimit(fileSizeLimit, &saved) == 0)
        // rlim_t.max is RLIM_INFINITY, which Swift cannot import (it is written as -1).
        try #require(saved.rlim_max == rlim_t.max || saved.rlim_max > limitBlocks * 4096 + 8192)
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var lowered = saved
        lowered.rlim_cur = rlim_t(limitBlocks * 4096)
        #expect(setrlimit(fileSizeLimit, &lowered) == 0)
        let result: Result<Void, DeviceError>
        do throws(DeviceError) {
            try write(device, limitBlocks - 1, filled(1, blocks: 2))
            result = .success(())
        } catch {
            result = .failure(error)
        }
        #expect(setrlimit(fileSizeLimit, &saved) == 0)
        signal(SIGXFSZ, oldHandler)

        guard case .failure(let error) = result else {
            Issue.record("a write past the file size limit succeeded")
            return
        }
        #expect(error == .noSpace(block: limitBlocks))
        #expect(device.blockCount == limitBlocks)
        #expect(try read(device, limitBlocks - 1, count: 2) == filled(1) + filled(0))
    }

    @Test func hostErrorsMapToDeviceErrors() {
        #expect(FileBlockDevice.deviceError(ENOSPC, block: 3, what: "write", readOnly: false) == .noSpace(block: 3))
        #expect(FileBlockDevice.deviceError(EDQUOT, block: 4, what: "write", readOnly: false) == .noSpace(block: 4))
        #expect(FileBlockDevice.deviceError(EFBIG, block: 5, what: "write", readOnly: false) == .noSpace(block: 5))
        #expect(FileBlockDevice.deviceError(EROFS, block: 1, what: "write", readOnly: false) == .readOnly)
        #expect(FileBlockDevice.deviceError(EACCES, block: 1, what: "write", readOnly: false) == .readOnly)
        #expect(FileBlockDevice.deviceError(EBADF, block: 1, what: "write", readOnly: true) == .readOnly)
        let eio = FileBlockDevice.deviceError(EIO, block: 9, what: "write", readOnly: false)
        guard case .io(EIO, 9, let what) = eio else {
            Issue.record("EIO became \(eio)")
            return
        }
        #expect(what.hasPrefix("write: "))
        #expect(what.count > "write: ".count)
    }

    @Test func openErrorsNameThePathAndTheCause() {
        let error = FileDeviceError.io(path: "/x/img", what: "open", code: EIO, reason: FileBlockDevice.message(EIO))
        #expect(error.description.contains("/x/img"))
        #expect(error.description.contains("Input/output error"))
    }
}

// Control.swift — the control channel of a running world: a Unix socket beside the
// image (`IMAGE.sock`) through which other `phantom` invocations talk to it.
//
// The protocol (Docs/Control.md) is JSON lines: the client sends one request, the
// world answers with replies until `done` or `error`. The server is SwiftNIO on one
// event-loop thread; it hands each request to the world's thread through the world's
// mailbox (HostedWorld.swift), which runs it between two slices, so a request sees the
// world at a safepoint and never races the interpreter. Replies go back through the
// channel, which NIO lets any thread write to.
import Foundation
import NIOCore
import NIOPosix
import PhantomCore
import PhantomHost
import Synchronization

/// What a client asks.
struct ControlRequest: Codable, Sendable {
    enum Command: String, Codable, Sendable { case status, inspect, snapshot, stop, run }
    var command: Command
    /// inspect: how many classes to list.
    var top: Int?
    /// run: the class files (base64 in JSON), the class to start, and which classes are
    /// the program's own (a changed one under an old name is refused).
    var classes: [Data]?
    var entry: String?
    var own: [String]?
    /// run: the program's arguments (boot.26 `arguments()`).
    var arguments: [String]?
    /// run: true to leave the program's output on the world's console (the client goes).
    var detach: Bool?
}

/// One answer; a request gets any number of text/output/diagnostic/started replies,
/// then exactly one `done` or `error` (after a `stop`'s `done` the world exits).
struct ControlReply: Codable, Sendable {
    enum Kind: String, Codable, Sendable { case text, output, diagnostic, started, done, error }
    var kind: Kind
    var text: String?
    /// output/diagnostic: the bytes the program wrote (base64 in JSON; console output
    /// need not be UTF-8).
    var data: Data?
    var generation: UInt64?
    var thread: Int?
    /// done after run: false when the program died of an uncaught exception.
    var ok: Bool?
}

/// The socket of the world on `image`.
func controlSocketPath(image: String) -> String { image + ".sock" }

/// Splits the byte stream into lines (requests and replies are one JSON object a line).
private struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    /// A class file set for `run` is large, but not this large.
    static let maxLine = 256 << 20

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine { throw ControlError("a control message longer than \(Self.maxLine) bytes") }
            return .needMoreData
        }
        let line = buffer.readSlice(length: end - buffer.readerIndex)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}

struct ControlError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Writes replies to one client from any thread.
struct Replier: Sendable {
    let channel: Channel

    @discardableResult
    func send(_ reply: ControlReply) -> EventLoopFuture<Void> {
        var line = (try? JSONEncoder().encode(reply)) ?? Data("{\"kind\":\"error\",\"text\":\"unencodable reply\"}".utf8)
        line.append(UInt8(ascii: "\n"))
        return channel.writeAndFlush(ByteBuffer(bytes: line))
    }

    func fail(_ message: String) { send(ControlReply(kind: .error, text: message)) }
}

// MARK: - The server (in the world's process)

/// Listens on the world's socket while the world runs.
final class ControlServer {
    private let group: MultiThreadedEventLoopGroup
    private let listener: Channel
    let path: String

    /// Binds `IMAGE.sock` (a stale socket of a killed world is replaced: we hold the
    /// image's lock, so no live world owns it). `started` and `interval` are for `status`.
    init(image: String, world: HostedWorld, started: Date, interval: Double) throws {
        path = controlSocketPath(image: image)
        // The event-loop thread must not take SIGINT/SIGTERM: the world's thread waits
        // for them (a thread inherits its creator's signal mask).
        var stopSignals = sigset_t()
        var previous = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &stopSignals, &previous)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        let mailbox = world.mailbox
        let context = ServiceContext(image: image, pid: getpid(), started: started, interval: interval)
        do {
            listener = try ServerBootstrap(group: group)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                        try channel.pipeline.syncOperations.addHandler(
                            RequestHandler(mailbox: mailbox, context: context, token: RequestHandler.nextToken()))
                    }
                }
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true)
                .wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Stops listening, lets replies already written reach their clients, removes the socket.
    func shutdown() {
        try? listener.close().wait()
        try? group.syncShutdownGracefully()
        unlink(path)
    }
}

/// What `status` reports about the process (the rest comes from the world).
struct ServiceContext: Sendable {
    let image: String
    let pid: Int32
    let started: Date
    let interval: Double
}

/// One client connection: decodes its request and posts it to the world.
private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private static let tokens = Atomic<Int>(0)
    static func nextToken() -> Int { tokens.add(1, ordering: .relaxed).newValue }

    let mailbox: Mailbox
    let context: ServiceContext
    let token: Int

    init(mailbox: Mailbox, context: ServiceContext, token: Int) {
        self.mailbox = mailbox
        self.context = context
        self.token = token
    }

    func channelRead(context channelContext: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let replier = Replier(channel: channelContext.channel)
        guard let request = try? JSONDecoder().decode(ControlRequest.self, from: Data(line.readableBytesView)) else {
            replier.fail("not a control request (see Docs/Control.md)")
            return
        }
        let service = context
        let token = token
        mailbox.post { world in WorldService.handle(request, world: world, replier: replier, token: token, context: service) }
    }

    func channelInactive(context channelContext: ChannelHandlerContext) {
        // The client went away: its programs' output goes back to the world's console.
        let token = token
        mailbox.post { world in world.detach(token: token) }
        channelContext.fireChannelInactive()
    }

    func errorCaught(context channelContext: ChannelHandlerContext, error: Error) {
        Replier(channel: channelContext.channel).fail("\(error)")
        channelContext.close(promise: nil)
    }
}

/// Requests, run on the world's thread between two slices.
enum WorldService {
    static func handle(_ request: ControlRequest, world: HostedWorld, replier: Replier, token: Int, context: ServiceContext) {
        switch request.command {
        case .status:
            for line in WorldReport.status(world: world, context: context) { replier.send(ControlReply(kind: .text, text: line)) }
            replier.send(ControlReply(kind: .done, generation: world.generation))
        case .inspect:
            let lines = WorldReport.inspect(
                vm: world.vm, image: context.image, generation: world.generation, time: world.snapshotTime,
                top: request.top ?? 25)
            for line in lines { replier.send(ControlReply(kind: .text, text: line)) }
            replier.send(ControlReply(kind: .done, generation: world.generation))
        case .snapshot:
            world.requestSnapshot { result in
                switch result {
                case .success(let generation): replier.send(ControlReply(kind: .done, generation: generation))
                case .failure(let error): replier.fail("the snapshot failed: \(error)")
                }
            }
        case .stop:
            world.requestStop { result in
                switch result {
                case .success(let generation):
                    // The process exits next: make sure this reply is out first.
                    _ = try? replier.send(ControlReply(kind: .done, generation: generation)).wait()
                case .failure(let error):
                    replier.fail("the final snapshot failed: \(error)")
                }
            }
        case .run:
            run(request, world: world, replier: replier, token: token)
        }
    }

    private static func run(_ request: ControlRequest, world: HostedWorld, replier: Replier, token: Int) {
        guard let blobs = request.classes, let entry = request.entry else {
            replier.fail("run needs classes and an entry class")
            return
        }
        do {
            let files = try blobs.map { try ClassFile.parse([UInt8]($0)) }
            try world.install(files, own: Set(request.own ?? []))
            let thread = try world.start(className: entry, arguments: request.arguments ?? [])
            // Durable before it runs: a crash from here on resumes the program, never loses it.
            let generation = try world.snapshotNow() ?? world.generation
            replier.send(ControlReply(kind: .started, text: entry, generation: generation, thread: thread))
            if request.detach == true { return }
            world.attach(
                thread: thread, token: token,
                output: { bytes, isDiagnostic in
                    replier.send(ControlReply(kind: isDiagnostic ? .diagnostic : .output, data: Data(bytes)))
                },
                ended: { finished in
                    let text = finished ? "\(entry) finished" : "\(entry) ended with an uncaught exception"
                    replier.send(ControlReply(kind: .done, text: text, ok: finished))
                })
        } catch {
            replier.fail("\(error)")
        }
    }
}

// MARK: - The client (another phantom invocation)

/// A connection to a running world.
final class ControlClient {
    private let group: MultiThreadedEventLoopGroup
    private let channel: Channel
    private let inbox: Inbox

    /// Connects to the world running on `image`; nil when no world runs there. A world
    /// that holds the image's lock but has not opened its socket yet (it is starting)
    /// is waited for, up to `patience` seconds.
    static func connect(image: String, patience: Double = 15) throws -> ControlClient? {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            if let client = try? ControlClient(path: controlSocketPath(image: image)) { return client }
            guard imageIsLocked(image), Date() < deadline else {
                if imageIsLocked(image) {
                    throw Failure("\(image): a world holds the image but does not answer on \(controlSocketPath(image: image))")
                }
                return nil
            }
            usleep(50_000)
        }
    }

    /// True when a process holds the image's lock (a world runs or is starting).
    static func imageIsLocked(_ image: String) -> Bool {
        do {
            _ = try FileBlockDevice(path: image, create: false, readOnly: true)
            return false
        } catch {
            if case .locked = error { return true }
            return false
        }
    }

    private init(path: String) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let inbox = Inbox()
        self.inbox = inbox
        do {
            channel = try ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                        try channel.pipeline.syncOperations.addHandler(ReplyHandler(inbox: inbox))
                    }
                }
                .connect(unixDomainSocketPath: path)
                .wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    deinit {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    func send(_ request: ControlRequest) throws {
        var line = try JSONEncoder().encode(request)
        line.append(UInt8(ascii: "\n"))
        try channel.writeAndFlush(ByteBuffer(bytes: line)).wait()
    }

    /// The next reply; nil once the world closed the connection.
    func next() -> ControlReply? { inbox.take() }

    /// Handles replies until `done` (returned) or `error` (thrown): text and output to
    /// stdout, diagnostics to stderr; `started` goes to `onStarted`.
    func finish(onStarted: (ControlReply) -> Void = { _ in }) throws -> ControlReply {
        while let reply = next() {
            switch reply.kind {
            case .text:
                print(reply.text ?? "")
            case .output:
                fflush(nil)
                FileHandle.standardOutput.write(reply.data ?? Data())
            case .diagnostic:
                FileHandle.standardError.write(reply.data ?? Data())
            case .started:
                onStarted(reply)
            case .done:
                fflush(nil)
                return reply
            case .error:
                throw Failure(reply.text ?? "the world reported an error")
            }
        }
        throw ConnectionClosed()
    }

    /// The world closed the connection before its final reply (its process ended).
    struct ConnectionClosed: Error, CustomStringConvertible {
        var description: String { "the world closed the connection before answering (its process ended)" }
    }

    /// Waits until the world closes the connection (it exits after a stop).
    func waitForClose() {
        while next() != nil {}
    }
}

/// Replies received on the event loop, taken by the command's thread.
private final class Inbox: Sendable {
    private let state = Mutex<(replies: [ControlReply], closed: Bool)>(([], false))
    private let ready = DispatchSemaphore(value: 0)

    func put(_ reply: ControlReply) {
        state.withLock { $0.replies.append(reply) }
        ready.signal()
    }

    func close() {
        state.withLock { $0.closed = true }
        ready.signal()
    }

    func take() -> ControlReply? {
        while true {
            let (reply, closed) = state.withLock { state -> (ControlReply?, Bool) in
                if !state.replies.isEmpty { return (state.replies.removeFirst(), false) }
                return (nil, state.closed)
            }
            if let reply { return reply }
            if closed { return nil }
            ready.wait()
        }
    }
}

private final class ReplyHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let inbox: Inbox

    init(inbox: Inbox) { self.inbox = inbox }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        if let reply = try? JSONDecoder().decode(ControlReply.self, from: Data(line.readableBytesView)) {
            inbox.put(reply)
        } else {
            inbox.put(ControlReply(kind: .error, text: "the world sent something that is not a control reply"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        inbox.put(ControlReply(kind: .error, text: "control channel: \(error)"))
        context.close(promise: nil)
    }
}

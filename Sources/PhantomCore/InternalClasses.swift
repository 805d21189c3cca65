// InternalClasses.swift — the table of built-in classes (PhantomCore, VM layer).
//
// The order of this table is part of the image format: a class object stores its
// position (`ClassSlot.tableID`), as the original stores `sys_table_id` (INTERNAL.md
// §2). Never reorder it; append. The natives themselves are in Natives*.swift.

/// One built-in class: its name, its root-object slot and the size of its native table.
struct InternalClass {
    let name: String
    let rootSlot: Int
    /// Ordinals 0 ..< nativeCount have natives; calling one above is an error.
    let nativeCount: Int
    /// What toString returns for its instances (INTERNAL.md §3), where it is fixed.
    let display: String
}

/// Positions in `InternalClass.table`, named.
enum ClassID {
    static let void = 0, `class` = 1, interface = 2, code = 3, int = 4, long = 5, string = 6
    static let array = 7, page = 8, thread = 9, callFrame = 10, istack = 11, ostack = 12
    static let estack = 13, boot = 14, tty = 15, mutex = 16, cond = 17, sema = 18
    static let binary = 19, bitmap = 20, closure = 21, world = 22, udp = 23, tcp = 24
    static let window = 25, directory = 26, connection = 27, float = 28, double = 29
    static let net = 30, http = 31, time = 32, stat = 33, io = 34, port = 35
    static let uiControl = 36, uiFont = 37
}

extension InternalClass {
    static let table: [InternalClass] = [
        InternalClass(name: ".internal.void", rootSlot: 0, nativeCount: 16, display: "(void)"),
        InternalClass(name: ".internal.class", rootSlot: 1, nativeCount: 16, display: "class"),
        InternalClass(name: ".internal.interface", rootSlot: 2, nativeCount: 16, display: "interface"),
        InternalClass(name: ".internal.code", rootSlot: 3, nativeCount: 16, display: "code"),
        InternalClass(name: ".internal.int", rootSlot: 4, nativeCount: 16, display: "int"),
        InternalClass(name: ".internal.long", rootSlot: 13, nativeCount: 16, display: "long"),
        InternalClass(name: ".internal.string", rootSlot: 5, nativeCount: 21, display: "string"),
        InternalClass(name: ".internal.container.array", rootSlot: 6, nativeCount: 16, display: "array"),
        InternalClass(name: ".internal.container.page", rootSlot: 7, nativeCount: 16, display: "page"),
        InternalClass(name: ".internal.thread", rootSlot: 8, nativeCount: 16, display: "thread"),
        InternalClass(name: ".internal.call_frame", rootSlot: 9, nativeCount: 16, display: "call_frame"),
        InternalClass(name: ".internal.istack", rootSlot: 10, nativeCount: 16, display: "istack"),
        InternalClass(name: ".internal.ostack", rootSlot: 11, nativeCount: 16, display: "ostack"),
        InternalClass(name: ".internal.estack", rootSlot: 12, nativeCount: 16, display: "estack"),
        // 26, not the original's 25: ordinal 25 is our commit() (Docs/Hosted.md).
        InternalClass(name: ".internal.boot", rootSlot: 16, nativeCount: 27, display: "bootstrap"),
        InternalClass(name: ".internal.io.tty", rootSlot: 17, nativeCount: 32, display: "tty window"),
        InternalClass(name: ".internal.mutex", rootSlot: 20, nativeCount: 16, display: "mutex"),
        InternalClass(name: ".internal.cond", rootSlot: 21, nativeCount: 16, display: ".internal.cond"),
        InternalClass(name: ".internal.sema", rootSlot: 32, nativeCount: 16, display: ".internal.sema"),
        InternalClass(name: ".internal.binary", rootSlot: 22, nativeCount: 16, display: "(binary)"),
        InternalClass(name: ".internal.bitmap", rootSlot: 23, nativeCount: 16, display: "(bitmap)"),
        InternalClass(name: ".internal.closure", rootSlot: 25, nativeCount: 16, display: "(closure)"),
        InternalClass(name: ".internal.world", rootSlot: 24, nativeCount: 16, display: "(world)"),
        InternalClass(name: ".internal.udp", rootSlot: 26, nativeCount: 26, display: "udp socket"),
        InternalClass(name: ".internal.tcp", rootSlot: 27, nativeCount: 25, display: "tcp socket"),
        InternalClass(name: ".internal.window", rootSlot: 29, nativeCount: 40, display: "(window)"),
        InternalClass(name: ".internal.directory", rootSlot: 30, nativeCount: 16, display: "(directory)"),
        InternalClass(name: ".internal.connection", rootSlot: 31, nativeCount: 16, display: "(connection)"),
        InternalClass(name: ".internal.float", rootSlot: 14, nativeCount: 16, display: "float"),
        InternalClass(name: ".internal.double", rootSlot: 15, nativeCount: 17, display: "double"),
        InternalClass(name: ".internal.net", rootSlot: 33, nativeCount: 18, display: "net"),
        InternalClass(name: ".internal.http", rootSlot: 34, nativeCount: 18, display: "http"),
        InternalClass(name: ".internal.time", rootSlot: 35, nativeCount: 18, display: "time"),
        InternalClass(name: ".internal.stat", rootSlot: 36, nativeCount: 18, display: "stat"),
        InternalClass(name: ".internal.io", rootSlot: 37, nativeCount: 16, display: "(io)"),
        InternalClass(name: ".internal.port", rootSlot: 38, nativeCount: 18, display: "port"),
        InternalClass(name: ".internal.ui.control", rootSlot: 39, nativeCount: 18, display: "ui_control"),
        InternalClass(name: ".internal.ui.font", rootSlot: 40, nativeCount: 18, display: "ui_font"),
    ]

    /// Table position of an internal class name; `.internal.object` is void's alias.
    static func id(named name: String) -> Int? {
        if name == ".internal.object" { return ClassID.void }
        return table.firstIndex { $0.name == name }
    }
}

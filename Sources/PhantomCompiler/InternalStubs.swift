// InternalStubs.swift — the method tables of the VM's native classes (`.internal.*`),
// written as Phantom-language stubs (PhantomCompiler, front end).
//
// A named call such as `s.length()`, `tty.putws(s)` or `dir.put(k, v)` compiles to a
// call by ordinal, so the compiler must know each native class's method names, ordinals,
// parameter types and result types. The original Phantom keeps them in stub `.ph` files
// whose bodies are ignored and whose `[N]` ordinals mirror the VM's native tables
// (LANGUAGE.md §9); these are our own stubs, written from INTERNAL.md §1–§4 and §7 and
// checked against the natives themselves: PhantomCore/Natives.swift (dispatch),
// NativesValues.swift, NativesContainers.swift and NativesSystem.swift (one `switch`
// per class; `need(args, k)` gives the argument count), InternalClasses.swift (class
// names and table sizes). Where the VM departs from INTERNAL.md the stub follows the VM,
// and a comment above the entry says so (Docs/Compatibility.md lists the departures).
//
// Conventions of the stubs:
//   - every method ends in `;` and has an explicit `[N]`, the VM's native ordinal;
//   - ordinals 0, 1, 6 and 7 (construct, destruct, toXML, fromXML) are never declared:
//     Phantom code does not call them by name;
//   - a parameter that accepts any object is untyped (`var o`), so that untyped
//     arguments match it too (LANGUAGE.md §7.2); other types are `int`, `string` or
//     absolute class names;
//   - a result of no meaning (null, or the int 0 of setImmutable) is `void`; a result
//     that may be any object is `.internal.object`; an array is `T []`;
//   - no stub has an `extends`: the parent of a class without one is `.internal.object`;
//   - a class named by a reserved word is quoted: `.internal."class"`, `.internal."interface"`.
//
// While the stubs are declared every stub class is visible to every other (Checker.swift,
// `definingStubs`): `.internal.object` and `.internal.string` name each other, and
// getClass names `.internal."class"`. The table is otherwise in dependency order (a stub
// names only itself, `int`, `string` and classes listed before it), the root first.
// `.internal.void` (an alias of `.internal.object`) and `.internal.weakref` (not compiled
// into the VM) have no stub.

/// The Phantom sources of the native-class stubs, compiled before any user source so
/// that named calls on `.internal.*` values resolve to the VM's native ordinals.
enum InternalStubs {
    /// One Phantom-language source per native class, compiled before anything else (the
    /// order is explained in the file header).
    static let sources: [(path: String, text: String)] = [
        // MARK: - The root and the value classes

        // setImmutable returns the int 0. Our VM gives user objects all of these (the
        // original only construct: 1–15 are FATAL unless the user class defines them).
        ("<internal>/internal.object.ph", """
            package .internal;
            class .internal.object {
                .internal."class" getClass() [2];
                .internal.object clone() [3];
                int equals(var o) [4];
                string toString() [5];
                void setImmutable() [14];
                int hashCode() [15];
            };
            """),
        ("<internal>/internal.int.ph", """
            package .internal;
            class .internal.int {
                int equals(var o) [4];
                string toString() [5];
                int hashCode() [15];
            };
            """),
        ("<internal>/internal.long.ph", """
            package .internal;
            class .internal.long {
                int equals(var o) [4];
                string toString() [5];
                int hashCode() [15];
            };
            """),
        // equals compares numerically in our VM (NaN ≠ NaN, 0.0 = −0.0), as C's `==` does.
        ("<internal>/internal.float.ph", """
            package .internal;
            class .internal.float {
                int equals(var o) [4];
                string toString() [5];
                int hashCode() [15];
            };
            """),
        // VM extends INTERNAL.md §1: sqrt [16], the correctly rounded square root (the
        // original has no mathematics on doubles).
        ("<internal>/internal.double.ph", """
            package .internal;
            class .internal.double {
                int equals(var o) [4];
                string toString() [5];
                int hashCode() [15];
                .internal.double sqrt() [16];
            };
            """),
        // VM differs from INTERNAL.md §3.1: toFloat [18] and toDouble [19] parse like C's
        // atof (INTERNAL.md: they throw 'not impl'), so they are declared with results.
        // strstr is the VM's `find`; 13 is invalid and not declared.
        ("<internal>/internal.string.ph", """
            package .internal;
            class .internal.string {
                int equals(var o) [4];
                string toString() [5];
                string substring(var index : int, var length : int) [8];
                int charAt(var index : int) [9];
                string concat(var s : string) [10];
                int length() [11];
                int strstr(var s : string) [12];
                void setImmutable() [14];
                int hashCode() [15];
                int toInt() [16];
                .internal.long toLong() [17];
                .internal.float toFloat() [18];
                .internal.double toDouble() [19];
                .internal.object parseJson() [20];
            };
            """),

        // MARK: - Containers and VM structures

        // VM differs from INTERNAL.md §3.2: subarray [9] returns a copy of the range
        // (INTERNAL.md: it throws). iterator [8] throws in both. `a[i]` and `a[i] = v`
        // compile to get [10] and set [11] directly; set returns the stored value.
        ("<internal>/internal.container.array.ph", """
            package .internal;
            class .internal.container.array {
                int equals(var o) [4];
                string toString() [5];
                .internal.object iterator() [8];
                void [] subarray(var base : int, var length : int) [9];
                .internal.object get(var index : int) [10];
                .internal.object set(var value, var index : int) [11];
                int size() [12];
            };
            """),
        ("<internal>/internal.container.page.ph", """
            package .internal;
            class .internal.container.page {
                string toString() [5];
            };
            """),
        // VM differs from INTERNAL.md §3.5: newClass [8] is not declared, because our VM
        // always throws 'class.newClass is not supported' (INTERNAL.md: broken, do not use).
        // getStatic [11] takes one argument, as INTERNAL.md says (the original asks for two).
        ("<internal>/internal.class.ph", """
            package .internal;
            class .internal."class" {
                int equals(var o) [4];
                string toString() [5];
                void setStatic(var slot : int, var value) [10];
                .internal.object getStatic(var slot : int) [11];
                int instanceof(var o) [14];
            };
            """),
        ("<internal>/internal.interface.ph", """
            package .internal;
            class .internal."interface" {
                string toString() [5];
            };
            """),
        ("<internal>/internal.code.ph", """
            package .internal;
            class .internal.code {
                string toString() [5];
            };
            """),
        ("<internal>/internal.call_frame.ph", """
            package .internal;
            class .internal.call_frame {
                string toString() [5];
            };
            """),
        ("<internal>/internal.istack.ph", """
            package .internal;
            class .internal.istack {
                string toString() [5];
            };
            """),
        ("<internal>/internal.ostack.ph", """
            package .internal;
            class .internal.ostack {
                string toString() [5];
            };
            """),
        ("<internal>/internal.estack.ph", """
            package .internal;
            class .internal.estack {
                string toString() [5];
            };
            """),

        // MARK: - Data

        // VM differs from INTERNAL.md §3.3: setRange [10] also accepts a string as its
        // source (INTERNAL.md: from is a binary), so `from` is untyped; the VM checks it.
        ("<internal>/internal.binary.ph", """
            package .internal;
            class .internal.binary {
                int equals(var o) [4];
                string toString() [5];
                int getByte(var index : int) [8];
                void setByte(var index : int, var value : int) [9];
                void setRange(var from, var toPos : int, var fromPos : int, var length : int) [10];
            };
            """),
        // paintTo [9] is a no-op in both (its target is a tty or a window, hence untyped).
        ("<internal>/internal.bitmap.ph", """
            package .internal;
            class .internal.bitmap {
                int equals(var o) [4];
                string toString() [5];
                void loadFromString(var s : string) [8];
                void paintTo(var target, var x : int, var y : int) [9];
            };
            """),
        // VM differs from INTERNAL.md §3.9: iterate [12] returns an array of the keys
        // (INTERNAL.md: it throws). equals [4] throws in both, so it is not declared.
        ("<internal>/internal.directory.ph", """
            package .internal;
            class .internal.directory {
                string toString() [5];
                int put(var key : string, var value) [8];
                .internal.object get(var key : string) [9];
                int remove(var key : string) [10];
                int size() [11];
                string [] iterate() [12];
            };
            """),
        // VM differs from INTERNAL.md §3 (toString table): toString is "(closure)"
        // (INTERNAL.md: "(binary)", the original reusing binary's routine).
        ("<internal>/internal.closure.ph", """
            package .internal;
            class .internal.closure {
                int equals(var o) [4];
                string toString() [5];
                int getOrdinal() [9];
                void setOrdinal(var ordinal : int) [10];
                void setObject(var object) [11];
            };
            """),

        // MARK: - Threads

        // pause [10] and unpause [11] throw in both. getEnvironment [12] is an instance of
        // `.phantom.environment`; our VM gives an empty directory when that class is
        // missing (INTERNAL.md: FATAL).
        ("<internal>/internal.thread.ph", """
            package .internal;
            class .internal.thread {
                int equals(var o) [4];
                string toString() [5];
                void pause() [10];
                void unpause() [11];
                .internal.object getEnvironment() [12];
                .internal.object getUser() [13];
                .internal.object getOsInterface() [14];
            };
            """),
        ("<internal>/internal.world.ph", """
            package .internal;
            class .internal.world {
                int equals(var o) [4];
                string toString() [5];
                .internal.thread getMyThread() [8];
            };
            """),
        // VM differs from INTERNAL.md §3.10: trylock [10] returns 1 if it took the mutex,
        // else 0 (INTERNAL.md: it throws); lock [8] by the owner throws (INTERNAL.md:
        // deadlocks).
        ("<internal>/internal.mutex.ph", """
            package .internal;
            class .internal.mutex {
                int equals(var o) [4];
                string toString() [5];
                void lock() [8];
                void unlock() [9];
                int trylock() [10];
            };
            """),
        // VM differs from INTERNAL.md §3.10: wait [8] re-locks the mutex before it returns
        // (INTERNAL.md: unfinished). twait [9] throws in both and its arguments are not
        // documented, so it is not declared.
        ("<internal>/internal.cond.ph", """
            package .internal;
            class .internal.cond {
                int equals(var o) [4];
                string toString() [5];
                void wait(var mutex : .internal.mutex) [8];
                void broadcast() [10];
                void signal() [11];
            };
            """),
        // VM differs from INTERNAL.md §3.10: acquire [8] and release [11] work (INTERNAL.md:
        // both throw 'Not this way'). tacquire [9] throws in both and its arguments are not
        // documented, so it is not declared.
        ("<internal>/internal.sema.ph", """
            package .internal;
            class .internal.sema {
                int equals(var o) [4];
                string toString() [5];
                void acquire() [8];
                void zero() [10];
                void release() [11];
            };
            """),

        // MARK: - The boot object and the console

        // INTERNAL.md §4. consolePrint [16] takes any number of arguments; by name it is
        // `print` with one, and `boot.16(a, b, …)` passes more. VM differs from INTERNAL.md:
        // print writes its arguments in source order (INTERNAL.md: last first); sleep [21]
        // really sleeps (INTERNAL.md: only logs); reboot [24] throws 'reboot is not
        // supported'; the loader given to setClassLoader [17] is stored but not yet asked.
        // (LANGUAGE.md Appendix A calls this class `.internal.bootstrap`; INTERNAL.md §2
        // and the VM call it `.internal.boot`.)
        ("<internal>/internal.boot.ph", """
            package .internal;
            class .internal.boot {
                int equals(var o) [4];
                string toString() [5];
                .internal."class" loadClass(var name : string) [8];
                void print(var o) [16];
                void setClassLoader(var loader) [17];
                void startThread(var runnable) [18];
                .internal.binary createBinary(var size : int) [19];
                void setScreenBackground(var bitmap : .internal.bitmap) [20];
                void sleep(var milliseconds : int) [21];
                void setOsInterface(var os) [22];
                string [] getKernelEnvironment() [23];
                void reboot() [24];
                void commit() [25];
                string [] arguments() [26];
            };
            """),
        // INTERNAL.md §3.7. VM differs: getwc [16] reads one byte of console input,
        // blocking, and "" at its end (INTERNAL.md: always "\0"); putws [17] writes the
        // whole string (INTERNAL.md: at most 1024 bytes); the drawing calls check their
        // arguments and do nothing on the text console. fill [22] and putblock [23] throw
        // 'not implemented' in both and their arguments are not documented, so they are
        // not declared.
        ("<internal>/internal.io.tty.ph", """
            package .internal;
            class .internal.io.tty {
                int equals(var o) [4];
                string toString() [5];
                string getwc() [16];
                void putws(var s : string) [17];
                void debug(var o) [18];
                void gotoxy(var x : int, var y : int) [19];
                void clear() [20];
                void setcolor(var color : int) [21];
                void moveWindow(var x : int, var y : int) [24];
                void setTitle(var title : string) [25];
                void setbgcolor(var color : int) [26];
            };
            """),
        // INTERNAL.md §3.8. VM differs: it has no window natives yet (its table has the 40
        // entries, but every ordinal from 8 up throws 'invalid syscall called'). The
        // methods are declared as documented so that window programs compile.
        ("<internal>/internal.window.ph", """
            package .internal;
            class .internal.window {
                int equals(var o) [4];
                string toString() [5];
                int getXSize() [16];
                int getYSize() [17];
                int getX() [18];
                int getY() [19];
                void clear() [20];
                void fill(var color : int) [21];
                void setFg(var color : int) [22];
                void setBg(var color : int) [23];
                void drawString(var x : int, var y : int, var s : string) [24];
                void drawImage(var x : int, var y : int, var bitmap) [25];
                void setWinSize(var width : int, var height : int) [26];
                void setWinPosition(var x : int, var y : int) [27];
                void drawLine(var x : int, var y : int, var dx : int, var dy : int) [28];
                void drawBox(var x : int, var y : int, var width : int, var height : int) [29];
                void fillBox(var x : int, var y : int, var width : int, var height : int) [30];
                void fillEllipse(var x : int, var y : int, var width : int, var height : int) [31];
                void setEventHandler(var handler) [32];
                void setTitle(var title : string) [33];
                void update() [34];
                int scrollHor(var x : int, var y : int, var width : int, var height : int,
                    var steps : int) [35];
                void drawImagePart(var x : int, var y : int, var bitmap,
                    var xstart : int, var ystart : int, var xsize : int, var ysize : int) [36];
                void setAutoUpdate(var on : int) [37];
            };
            """),

        // MARK: - Connections and networking

        // INTERNAL.md §7. invoke [11] is the VM's `do`. VM differs: block [13] with no
        // back end throws 'connection is not connected' (INTERNAL.md: undefined), and the
        // `udp:` and `url:` prefixes are unknown, so connect returns ENOMEM (12) for them.
        ("<internal>/internal.connection.ph", """
            package .internal;
            class .internal.connection {
                int equals(var o) [4];
                string toString() [5];
                int connect(var name : string) [8];
                int disconnect() [9];
                int check(var op : int) [10];
                int invoke(var arg, var op : int) [11];
                int setCallback(var target, var ordinal : int) [12];
                .internal.object block(var arg, var op : int) [13];
            };
            """),
        // INTERNAL.md §3.12: connect, disconnect, send, recv and accept need two arguments
        // and throw 'not implemented' in both; their arguments are not documented. VM
        // differs: curl [24] throws 'not implemented' (INTERNAL.md: an HTTP GET).
        ("<internal>/internal.tcp.ph", """
            package .internal;
            class .internal.tcp {
                int equals(var o) [4];
                string toString() [5];
                void connect(var a, var b) [16];
                void disconnect(var a, var b) [17];
                void send(var a, var b) [19];
                void recv(var a, var b) [21];
                void accept(var a, var b) [23];
                string curl(var url : string, var headers : string) [24];
            };
            """),
        // INTERNAL.md §3.12: udp runs tcp's natives (a bug of the original kept by the VM),
        // so the names are udp's intended ones at tcp's ordinals, each needing two
        // arguments and throwing 'not implemented'. VM differs: its udp table has 26
        // entries, so sendTo [25] throws 'not implemented' (INTERNAL.md: FATAL, outside
        // tcp's 25).
        ("<internal>/internal.udp.ph", """
            package .internal;
            class .internal.udp {
                int equals(var o) [4];
                string toString() [5];
                void bind(var a, var b) [16];
                void send(var a, var b) [19];
                void recv(var a, var b) [21];
                void recvFrom(var a, var b) [23];
                void sendTo(var a, var b) [25];
            };
            """),
        // resolve [16] needs one argument and throws 'not implemented' in both.
        ("<internal>/internal.net.ph", """
            package .internal;
            class .internal.net {
                string toString() [5];
                .internal.object resolve(var name) [16];
            };
            """),
        ("<internal>/internal.http.ph", """
            package .internal;
            class .internal.http {
                string toString() [5];
                .internal.object resolve(var name) [16];
            };
            """),

        // MARK: - Placeholders

        // time, stat, port, ui.control and ui.font have one unnamed method, 16, which
        // throws 'not implemented'; only toString is declared. io's methods are no-ops:
        // read returns null, write and getvar the int 0 (INTERNAL.md §3.12).
        ("<internal>/internal.time.ph", """
            package .internal;
            class .internal.time {
                string toString() [5];
                int unixTime() [16];
                void sleepSec(var seconds : int) [17];
            };
            """),
        ("<internal>/internal.stat.ph", """
            package .internal;
            class .internal.stat {
                string toString() [5];
            };
            """),
        ("<internal>/internal.io.ph", """
            package .internal;
            class .internal.io {
                string toString() [5];
                void open(var name) [8];
                void close(var o) [9];
                void read() [10];
                int write(var o) [11];
                void setvar(var name, var value) [12];
                int getvar(var name) [13];
                void reset(var o) [14];
            };
            """),
        ("<internal>/internal.port.ph", """
            package .internal;
            class .internal.port {
                string toString() [5];
            };
            """),
        ("<internal>/internal.ui.control.ph", """
            package .internal;
            class .internal.ui.control {
                string toString() [5];
            };
            """),
        ("<internal>/internal.ui.font.ph", """
            package .internal;
            class .internal.ui.font {
                string toString() [5];
            };
            """),
    ]
}

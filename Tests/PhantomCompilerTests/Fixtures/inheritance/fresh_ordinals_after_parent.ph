// §3.4: a subclass's new methods get fresh ordinals after the parent's slots; overrides keep theirs
package .test;

class base {
    string a() [16] {
        return "a";
    }

    string b() [17] {
        return "b";
    }

    void base() [18] {
    }
};

class sub extends base {
    string c() {
        return "c";
    }

    string a() {
        return "A";
    }
};

class main {
    void run(var boot) [8] {
        var s : sub;
        s = new sub();
        boot.16(s.16(), s.17(), s.19(), "\n"); // expect: Abc
    }
};

// §3.4 (recommended): fresh ordinals from 16 in declaration order
package .test;

class k {
    string a() {
        return "a";
    }

    string b() {
        return "b";
    }

    string c() {
        return "c";
    }
};

class main {
    void run(var boot) [8] {
        var x : k;
        x = new k();
        boot.16(x.16(), x.17(), x.18(), "\n"); // expect: abc
    }
};

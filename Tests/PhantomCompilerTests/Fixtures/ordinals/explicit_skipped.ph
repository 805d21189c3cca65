// §3.4: fresh ordinals skip the explicit ones of the class
package .test;

class k {
    string a() {
        return "a";
    }

    string b() [16] {
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
        boot.16(x.16(), x.17(), x.18(), "\n"); // expect: bac
    }
};

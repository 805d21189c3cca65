// §12.4: int, long, string, float and double are identifiers outside type positions (here parameters and a field)
package .test;

class main {
    var boot;
    var float : int;

    int add(var int : int, var long : int) {
        return int + long;
    }

    void show(var string : string) {
        boot.16(string, "\n");
    }

    int twice(var double : int) {
        return double * 2;
    }

    void run(var b) [8] {
        boot = b;
        boot.16(add(2, 3), "\n");   // expect: 5
        show("text");               // expect: text
        float = 7;
        boot.16(twice(float), "\n"); // expect: 14
    }
};

// §3.2: attributes are syntax only: after a type, a field or parameter name, a return type, and after ) or [N]
package .test;

attribute const * ->!;
attribute nonnull +, weak !;

class main {
    var a : int @const;
    var o @const;
    int @nonnull n;

    int @const twice(var x : int @const) @const {
        return x * 2;
    }

    void show(var boot, var v @weak) [20] @const {
        boot.16(v, "\n");
    }

    void run(var boot @const) [8] {
        a = 4;
        n = twice(a);
        show(boot, n); // expect: 8
    }
};

// §8: any object can be thrown and caught with its class type
package .test;

class err {
    var msg : string;

    void setMsg(var m : string) {
        msg = m;
    }

    string getMsg() {
        return msg;
    }
};

class main {
    void run(var boot) [8] {
        var x : err;
        x = new err();
        x.setMsg("custom");
        try {
            throw x;
        } catch (err e) {
            boot.16(e.getMsg(), "\n"); // expect: custom
            boot.16(e :== x, "\n");    // expect: 1
        }
    }
};

// §3.3: the corpus form void getVarA(){ return (varA); } compiles
package .test;

class main {
    var varA : int;

    void getVarA() {
        return (varA);
    }

    void run(var boot) [8] {
        varA = 1;
        getVarA();
        boot.16("ok\n"); // expect: ok
    }
};

// §12.5: empty top-level items (;;) are fine
;
package .test;;
;;
class main {
    void run(var boot) [8] {
        boot.16("ok\n"); // expect: ok
    }
};;

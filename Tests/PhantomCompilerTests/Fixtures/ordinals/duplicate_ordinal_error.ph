// §12.11: two equal explicit ordinals in one class are an error
package .test;

class k {
    void a() [16] {
    }

    void b() [16] { // expect error: ordinal
    }
};

// §3.1: at most one extends
package .test;

class a {
};

class b {
};

class c extends a extends b { // expect error: extends
};

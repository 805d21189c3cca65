// §12.38 / §3.6: implements I also requires the methods of the interfaces I implements
package .test;

interface a {
    int fa();
};

interface b implements a {
    int fb();
};

class c implements b { int fb() { return 2; } }; // expect error: implement

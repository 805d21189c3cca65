// empty.ph - does nothing: the runner times it to show the fixed cost of
// `phantom run` (create a world, compile the library and the program, start the
// program, take the final snapshot). empty.lua and empty.py show their interpreters'.
package .bench;

class empty {
    void run(var boot) [8] {
    }
};

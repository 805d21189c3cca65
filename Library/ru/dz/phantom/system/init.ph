// init.ph - .ru.dz.phantom.system.init, the class the boot class starts as root.init.
//
// The kernel environment names it (root.init=.ru.dz.phantom.system.init, boot.23); the
// boot class starts it in its own thread next to the shell. It is where system-wide
// start-up work belongs, once in the life of a world. The library's has none yet: it
// exists so that a fresh world boots without a class-load error, and it prints nothing,
// because it runs concurrently with the shell and would interleave with its prompt.

package .ru.dz.phantom.system;

class init
{
    // Runs once, in its own thread, on the first boot of a world.
    void run(var boot) [8]
    {
        return;
    }
};

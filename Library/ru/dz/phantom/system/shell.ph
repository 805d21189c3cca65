// shell.ph - .ru.dz.phantom.system.shell, the text shell the boot class starts (the
// kernel environment names it as root.shell).
//
// It runs as a thread: boot.18 calls run (ordinal 8) with the boot object. It prints
// a prompt, reads a line from the console (.internal.io.tty getwc gives one byte at a
// time, "" once the input has ended), and runs the command:
//   help           the list of commands
//   echo TEXT      prints TEXT
//   run CLASS      loads CLASS (boot.8) and starts its method 8 in a new thread (boot.18)
//   env, classes   prints the kernel environment (boot.23), one "key=value" a line
//   exit           ends the shell, as the end of the input does
// Anything else prints "unknown command: NAME". A command that fails prints what it
// threw ("run: ...", "error: ...") and the shell goes on.

package .ru.dz.phantom.system;

import .internal.io.tty;
import .internal."class";
import .phantom.util.strings;
import .ru.dz.phantom.system.runnable;

attribute const * ->!;

class shell extends runnable
{
    var console : .internal.io.tty;
    var boot_object;
    var str : .phantom.util.strings;
    var running : int;

    // The thread body.
    void run(var parent_object @const) [8]
    {
        var line : string;
        boot_object = parent_object;
        console = new .internal.io.tty();
        str = new .phantom.util.strings();
        console.setTitle("Phantom shell");
        say("Phantom shell. Type help for the list of commands.");
        running = 1;
        while( running )
        {
            console.putws("phantom> ");
            line = read_line();
            if( line :== null )
            {
                console.putws("\n");
                running = 0;
            }
            else
            {
                try execute(str.trim(line));
                catch( .internal.object e ) say(("error: ").concat(e.toString()));
            }
        }
        say("shell: bye");
    }

    // One line of console input without its end of line; null at the end of the input.
    string read_line()                                              // 16
    {
        var line : string;
        var c : string;
        var got : int;
        line = "";
        got = 0;
        while( 1 )
        {
            c = console.getwc();
            if( c.length() == 0 )
            {
                if( got )
                    return line;
                return null;
            }
            got = 1;
            if( c == "\n" )
                return line;
            if( !(c == "\r") )
                line = line.concat(c);
        }
        return null;
    }

    // Runs one command line (already trimmed).
    void execute(var line : string)                                 // 17
    {
        var cmd : string;
        var arg : string;
        var sp : int;
        if( line.length() == 0 )
            return;
        sp = line.strstr(" ");
        if( sp < 0 )
        {
            cmd = line;
            arg = "";
        }
        else
        {
            cmd = str.slice(line, 0, sp);
            arg = str.trim(str.slice(line, sp + 1, line.length()));
        }
        if( cmd == "help" )
            help();
        else if( cmd == "echo" )
            say(arg);
        else if( cmd == "run" )
            run_class(arg);
        else if( cmd == "env" || cmd == "classes" )
            print_env();
        else if( cmd == "exit" )
            running = 0;
        else
            say(("unknown command: ").concat(cmd));
    }

    // help: the commands.
    void help()                                                     // 18
    {
        say("commands:");
        say("  help          this list");
        say("  echo TEXT     print TEXT");
        say("  run CLASS     start CLASS (its method 8) in a new thread");
        say("  env, classes  print the kernel environment");
        say("  exit          leave the shell");
    }

    // run CLASS: load the class and start an instance of it as a thread. The instance
    // is made without a constructor, as the boot class makes the shell.
    void run_class(var name : string)                               // 19
    {
        var cls : .internal."class";
        var obj : .internal.object;
        if( name.length() == 0 )
        {
            say("usage: run CLASS");
            return;
        }
        if( name.charAt(0) != 46 )  // no leading '.': the name is absolute anyway
            name = (".").concat(name);
        try
        {
            cls = boot_object.8(name);
            obj = new *(cls) : .internal.object ();
            boot_object.18(obj);
            say(("started ").concat(name));
        }
        catch( .internal.object e ) say(("run: ").concat(e.toString()));
    }

    // env, classes: the kernel environment, one entry a line.
    void print_env()                                                // 20
    {
        var env : string [];
        var i : int;
        var n : int;
        env = boot_object.23();
        n = env.size();
        i = 0;
        while( i < n )
        {
            say(env[i]);
            i = i + 1;
        }
    }

    // Prints s and an end of line on the console.
    void say(var s : string)                                        // 21
    {
        console.putws(s);
        console.putws("\n");
    }
};

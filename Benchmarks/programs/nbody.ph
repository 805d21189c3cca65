// nbody.ph - the n-body simulation of the Jovian planets (sun, Jupiter, Saturn, Uranus,
// Neptune): 500,000 steps of dt = 0.01, symplectic Euler. Prints the energy before and
// after, times 10^9, truncated toward zero, so that the three versions print the same
// text. With an argument N, N steps instead. Same algorithm and order of floating-point
// operations as nbody.lua and nbody.py.
//
// The language has no float literals (constants are parsed from strings with toDouble,
// which rounds correctly, as a literal would) and no obj.field (a body reads another
// body's position through methods). The square root is the double's sqrt method, the
// correctly rounded one, as the C library's that Lua and Python call.
package .bench;

import .internal.boot;
import .internal.long;
import .internal.double;

class body {
    var x : .internal.double;
    var y : .internal.double;
    var z : .internal.double;
    var vx : .internal.double;
    var vy : .internal.double;
    var vz : .internal.double;
    var mass : .internal.double;

    void body(var px : string, var py : string, var pz : string,
              var pvx : string, var pvy : string, var pvz : string, var pmass : string,
              var solarMass : .internal.double) {
        var daysPerYear : .internal.double;
        daysPerYear = ("365.24").toDouble();
        x = px.toDouble();
        y = py.toDouble();
        z = pz.toDouble();
        vx = pvx.toDouble() * daysPerYear;
        vy = pvy.toDouble() * daysPerYear;
        vz = pvz.toDouble() * daysPerYear;
        mass = pmass.toDouble() * solarMass;
    }

    .internal.double px() { return x; }
    .internal.double py() { return y; }
    .internal.double pz() { return z; }
    .internal.double m() { return mass; }
    .internal.double momentumX() { return vx * mass; }
    .internal.double momentumY() { return vy * mass; }
    .internal.double momentumZ() { return vz * mass; }

    void setVelocity(var nvx : .internal.double, var nvy : .internal.double, var nvz : .internal.double) {
        vx = nvx;
        vy = nvy;
        vz = nvz;
    }

    // The pull between this body and o over dt: both velocities change.
    void interact(var o : body, var dt : .internal.double) {
        var dx : .internal.double;
        var dy : .internal.double;
        var dz : .internal.double;
        var d2 : .internal.double;
        var mag : .internal.double;
        var bm : .internal.double;
        dx = x - o.px();
        dy = y - o.py();
        dz = z - o.pz();
        d2 = dx * dx + dy * dy + dz * dz;
        mag = dt / (d2 * d2.sqrt());
        bm = o.m() * mag;
        vx = vx - dx * bm;
        vy = vy - dy * bm;
        vz = vz - dz * bm;
        o.kick(dx, dy, dz, mass * mag);
    }

    void kick(var dx : .internal.double, var dy : .internal.double, var dz : .internal.double,
              var bm : .internal.double) {
        vx = vx + dx * bm;
        vy = vy + dy * bm;
        vz = vz + dz * bm;
    }

    void move(var dt : .internal.double) {
        x = x + dt * vx;
        y = y + dt * vy;
        z = z + dt * vz;
    }

    .internal.double kinetic() {
        var half : .internal.double;
        half = 1;
        half = half / 2;
        return half * mass * (vx * vx + vy * vy + vz * vz);
    }

    .internal.double potential(var o : body) {
        var dx : .internal.double;
        var dy : .internal.double;
        var dz : .internal.double;
        var d2 : .internal.double;
        dx = x - o.px();
        dy = y - o.py();
        dz = z - o.pz();
        d2 = dx * dx + dy * dy + dz * dz;
        return (mass * o.m()) / d2.sqrt();
    }
};

class nbody {
    var bodies : body [];

    void makeBodies() {
        var pi : .internal.double;
        var solarMass : .internal.double;
        pi = ("3.141592653589793").toDouble();
        solarMass = 4 * pi * pi;
        bodies = new body[]();
        bodies[0] = new body("0", "0", "0", "0", "0", "0", "1", solarMass);
        bodies[1] = new body("4.84143144246472090e+00", "-1.16032004402742839e+00",
            "-1.03622044471123109e-01", "1.66007664274403694e-03", "7.69901118419740425e-03",
            "-6.90460016972063023e-05", "9.54791938424326609e-04", solarMass);
        bodies[2] = new body("8.34336671824457987e+00", "4.12479856412430479e+00",
            "-4.03523417114321381e-01", "-2.76742510726862411e-03", "4.99852801234917238e-03",
            "2.30417297573763929e-05", "2.85885980666130812e-04", solarMass);
        bodies[3] = new body("1.28943695621391310e+01", "-1.51111514016986312e+01",
            "-2.23307578892655734e-01", "2.96460137564761618e-03", "2.37847173959480950e-03",
            "-2.96589568540237556e-05", "4.36624404335156298e-05", solarMass);
        bodies[4] = new body("1.53796971148509165e+01", "-2.59193146099879641e+01",
            "1.79258772950371181e-01", "2.68067772490389322e-03", "1.62824170038242295e-03",
            "-9.51592254519715870e-05", "5.15138902046611451e-05", solarMass);
        offsetMomentum(solarMass);
    }

    void offsetMomentum(var solarMass : .internal.double) {
        var px : .internal.double;
        var py : .internal.double;
        var pz : .internal.double;
        var i : int;
        i = 0;
        while (i < bodies.size()) {
            px = px + bodies[i].momentumX();
            py = py + bodies[i].momentumY();
            pz = pz + bodies[i].momentumZ();
            i = i + 1;
        }
        bodies[0].setVelocity(0 - px / solarMass, 0 - py / solarMass, 0 - pz / solarMass);
    }

    .internal.double energy() {
        var e : .internal.double;
        var bi : body;
        var i : int;
        var j : int;
        var n : int;
        n = bodies.size();
        i = 0;
        while (i < n) {
            bi = bodies[i];
            e = e + bi.kinetic();
            j = i + 1;
            while (j < n) {
                e = e - bi.potential(bodies[j]);
                j = j + 1;
            }
            i = i + 1;
        }
        return e;
    }

    void advance(var dt : .internal.double) {
        var bi : body;
        var i : int;
        var j : int;
        var n : int;
        n = bodies.size();
        i = 0;
        while (i < n) {
            bi = bodies[i];
            j = i + 1;
            while (j < n) {
                bi.interact(bodies[j], dt);
                j = j + 1;
            }
            i = i + 1;
        }
        i = 0;
        while (i < n) {
            bodies[i].move(dt);
            i = i + 1;
        }
    }

    void run(var boot : .internal.boot) [8] {
        var args : string [];
        var steps : int;
        var k : int;
        var dt : .internal.double;
        var before : .internal.long;
        var after : .internal.long;
        steps = 500000;
        args = boot.arguments();
        if (args.size() > 0) steps = args[0].toInt();
        dt = ("0.01").toDouble();
        makeBodies();
        before = energy() * 1000000000;
        k = 0;
        while (k < steps) {
            advance(dt);
            k = k + 1;
        }
        after = energy() * 1000000000;
        boot.16("nbody: ", steps, " steps, energy x 1e9: ", before, " -> ", after, "\n");
    }
};

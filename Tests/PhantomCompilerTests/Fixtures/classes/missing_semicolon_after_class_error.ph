// §12.5 / Q2: every top-level item ends in ';', including class ... { }
package .test;

class a { } class main { void run(var boot) [8] { } }; // expect error: expected

// §12.40: a parenthesised expression starting with a[i] also parses in conditions and arguments
package .test;

class main {
    var nums : int[];

    void run(var boot) [8] {
        nums = new int[]();
        nums[0] = 4;
        nums[1] = 6;
        if ((nums[0] + 1) * 2 == 10) boot.16("ten\n"); // expect: ten
        boot.16((nums[1] - nums[0]) * 5, "\n");       // expect: 10
        boot.16((nums[0]), "\n");                     // expect: 4
    }
};

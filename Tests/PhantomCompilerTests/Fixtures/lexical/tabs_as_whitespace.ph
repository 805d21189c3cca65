// §1: any whitespace character separates tokens, including TAB
package .test;

class	main	{
	void	run(var	boot)	[8]	{
		var	x	:	int;
		x	=	20	+	22;
		boot.16(x,	"\n");	// expect: 42
	}
};

// Uses Descent.Core from its package: numpy's RandomState(0).randn(3) (numpy's numbers bit for bit:
// 1.764052345967664 0.4001572083672233 0.9787379841057392), then the vectorized sigmoid over them (its exp may differ
// from libm's in the last bit: Python's 1/(1+math.exp(-z)) gives 0.8537164618123155 0.59872543052593
// 0.7268577330436564). Both in round-trip form, for CI (.ci/packages) to compare.
using System.Globalization;
using Descent.Core;

var rng = new RandomState(0);
var z = new double[3];
rng.FillStandardNormal(z);
var p = new double[3];
Sigmoid.Apply<double>(z, p);
string Join(double[] v, string format) => string.Join(" ", v.Select(x => x.ToString(format, CultureInfo.InvariantCulture)));
Console.WriteLine($"randn {Join(z, "R")}");
Console.WriteLine($"sigmoid {Join(p, "R")}");

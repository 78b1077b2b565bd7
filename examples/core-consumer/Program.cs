// Uses Descent.Core from its package: numpy's RandomState(0).randn(3), then the vectorized sigmoid over it,
// printed in round-trip form so CI can compare them with numpy's numbers
// (np.random.RandomState(0).randn(3) = [1.764052345967664, 0.4001572083672233, 0.9787379841057392]).
using System.Globalization;
using Descent.Core;

var rng = new RandomState(0);
var z = new double[3];
rng.FillStandardNormal(z);
var p = new double[3];
Sigmoid.Apply<double>(z, p);
string Join(double[] v) => string.Join(" ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
Console.WriteLine($"randn {Join(z)}");
Console.WriteLine($"sigmoid {Join(p)}");

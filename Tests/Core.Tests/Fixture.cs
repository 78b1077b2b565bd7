using System.Text.Json;

namespace Descent.Core.Tests;

/// <summary>Reads the numpy/scikit-learn reference files copied into Tests/Fixtures.</summary>
internal static class Fixture
{
    public static JsonElement Load(string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();
}

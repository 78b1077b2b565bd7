namespace Descent.Core;

/// <summary>The checks torch makes on the Adam family's shared hyperparameters, with its messages.</summary>
internal static class AdamFamily
{
    public static void Check(UpdateSettings s)
    {
        if (!(s.Eps >= 0)) throw new ArgumentOutOfRangeException(nameof(s), s.Eps, $"Invalid epsilon value: {s.Eps}");
        if (!(s.Beta1 >= 0 && s.Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(s), s.Beta1, $"Invalid beta parameter at index 0: {s.Beta1}");
        if (!(s.Beta2 >= 0 && s.Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(s), s.Beta2, $"Invalid beta parameter at index 1: {s.Beta2}");
    }
}

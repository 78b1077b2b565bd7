namespace Descent.Core;

/// <summary>A small count known to the JIT, so loops specialised by it keep every column or vector in registers.</summary>
internal interface ICount
{
    static abstract int Count { get; }
}

/// <summary>No columns: the loss loop reads scores already stored (<see cref="FusedGradient.LossAndDerivative"/>).</summary>
internal readonly struct Stored : ICount { public static int Count => 0; }
internal readonly struct One : ICount { public static int Count => 1; }
internal readonly struct Two : ICount { public static int Count => 2; }
internal readonly struct Three : ICount { public static int Count => 3; }
internal readonly struct Four : ICount { public static int Count => 4; }
internal readonly struct Five : ICount { public static int Count => 5; }
internal readonly struct Six : ICount { public static int Count => 6; }
internal readonly struct Seven : ICount { public static int Count => 7; }
internal readonly struct Eight : ICount { public static int Count => 8; }

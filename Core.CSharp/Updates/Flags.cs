namespace Descent.Core;

/// <summary>A yes/no known to the JIT, so an operator specialised by it carries no branch or unused state for the other case.</summary>
public interface IFlag
{
    static abstract bool On { get; }
}

/// <summary>The variant is on.</summary>
public readonly struct Yes : IFlag { public static bool On => true; }

/// <summary>The variant is off.</summary>
public readonly struct No : IFlag { public static bool On => false; }

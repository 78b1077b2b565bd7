/// NUnit 5's Is.EqualTo has generic overloads F# cannot choose between; this `Is` takes obj, as NUnit 3's did.
/// Open it after NUnit.Framework.
module Descent.Tests.Constraints

type Is =
    static member EqualTo(expected: obj) = NUnit.Framework.Is.EqualTo(expected)
    static member GreaterThanOrEqualTo(expected: obj) = NUnit.Framework.Is.GreaterThanOrEqualTo(expected)
    static member LessThanOrEqualTo(expected: obj) = NUnit.Framework.Is.LessThanOrEqualTo(expected)
    static member GreaterThan(expected: obj) = NUnit.Framework.Is.GreaterThan(expected)
    static member LessThan(expected: obj) = NUnit.Framework.Is.LessThan(expected)
    static member InRange(low: obj, high: obj) = NUnit.Framework.Is.InRange(low, high)
    static member True = NUnit.Framework.Is.True
    static member False = NUnit.Framework.Is.False
    static member Empty = NUnit.Framework.Is.Empty
    static member Zero = NUnit.Framework.Is.Zero
    static member Null = NUnit.Framework.Is.Null
    static member Not = NUnit.Framework.Is.Not
    static member All = NUnit.Framework.Is.All

global using NUnit.Framework;
global using Descent.Reference;
global using System.Numerics;
global using System.Runtime.Intrinsics;

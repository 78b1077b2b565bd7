// What every benchmark file uses: BenchmarkDotNet's attributes, the library under test and its scalar reference.
global using BenchmarkDotNet.Attributes;
global using Descent.Core;
global using Descent.Reference;
global using System.Numerics;

// The namespaces nearly every kernel uses (generic math, inlining hints, Vector256, MemoryMarshal), said once here
// rather than at the top of each file; a namespace only one or two files use (Intrinsics.X86) stays in those files.
global using System.Numerics;
global using System.Runtime.CompilerServices;
global using System.Runtime.InteropServices;
global using System.Runtime.Intrinsics;

global using NUnit.Framework;
global using Descent.Reference;

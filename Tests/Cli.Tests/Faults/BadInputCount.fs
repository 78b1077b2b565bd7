namespace Descent.Tests

open System.IO
open NUnit.Framework

/// Prints how many bad inputs the whole test run tried (DescentProcess.assertRefused counts them), on the progress
/// output and into bad-input-count.txt, which .ci/run prints.
[<SetUpFixture>]
type BadInputCount() =
    [<OneTimeTearDown>]
    member _.Report() =
        let line = $"bad-input suite: {DescentProcess.badInputsTried} inputs tried"
        TestContext.Progress.WriteLine line
        File.WriteAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "bad-input-count.txt"), line + "\n")

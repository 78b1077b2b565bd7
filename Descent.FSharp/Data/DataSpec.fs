namespace Descent

/// make_blobs(n_samples, n_features, centers, cluster_std, random_state): isotropic Gaussian blobs.
type BlobsSpec =
    { Samples: int
      Features: int
      Centers: int
      ClusterStd: float
      Seed: int64 }

/// make_moons(n_samples, noise, random_state): two interleaving half circles.
type MoonsSpec =
    { Samples: int
      /// Standard deviation of the Gaussian noise added to each coordinate (0 = none, sklearn's noise=None).
      Noise: float
      Seed: int64 }

/// make_circles(n_samples, noise, factor, random_state): a circle inside another.
type CirclesSpec =
    { Samples: int
      Noise: float
      /// Radius of the inner circle relative to the outer one, in [0, 1).
      Factor: float
      Seed: int64 }

/// XOR, like TensorFlow Playground's (whose own draws differ): points uniform in the square [−1, 1)², class 1 where x0 and x1 have the
/// same sign (x0·x1 > 0), then Gaussian noise added to each coordinate (the label stays that of the point before the
/// noise, so noise blurs the boundary along the axes, as make_moons' noise does).
type XorSpec =
    { Samples: int
      /// Standard deviation of the Gaussian noise added to each coordinate (0 = none: no draws).
      Noise: float
      Seed: int64 }

/// A labelled table read from a file: Parquet when its name ends in .parquet, otherwise CSV (gzip-compressed when it
/// ends in .gz).
type TableFile =
    { Path: string
      /// A header name or a 0-based column index; None = the last column.
      Label: string option
      Delimiter: char
      /// The first row is data; otherwise a header is detected (see CsvTable).
      NoHeader: bool
      /// Skip rows with an empty cell instead of refusing the file.
      DropMissing: bool
      /// The feature columns by name, in this order; None = every column but the label and the ignored ones.
      Columns: string list option
      /// Columns left out: never parsed or converted.
      Ignore: string list }

/// Where the data come from.
type DataSpec =
    | Blobs of BlobsSpec
    | Moons of MoonsSpec
    | Circles of CirclesSpec
    | Xor of XorSpec
    | Table of TableFile

module DataSpec =

    /// The lesson's data: make_blobs(1000, 2 features, 2 centers, std 1.5, seed 1).
    let lessonBlobs: BlobsSpec = { Samples = 1000; Features = 2; Centers = 2; ClusterStd = 1.5; Seed = 1L }

    /// make_circles' default factor.
    let defaultFactor = 0.8

    /// A table file read as the command line reads it by default: header detected, the last column the label, every
    /// other column a feature, commas.
    let tableFile (path: string) : TableFile =
        { Path = path; Label = None; Delimiter = ','; NoHeader = false; DropMissing = false; Columns = None; Ignore = [] }

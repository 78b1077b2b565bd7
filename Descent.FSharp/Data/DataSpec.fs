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

/// A labelled table read from a CSV file (or a gzip-compressed one, `.gz`).
type CsvSpec =
    { Path: string
      /// A header name or a 0-based column index; None = the last column.
      Label: string option
      Delimiter: char
      /// The first row is data; otherwise a header is detected (see CsvTable).
      NoHeader: bool
      /// Skip rows with an empty cell instead of refusing the file.
      DropMissing: bool }

/// Where the data come from.
type DataSpec =
    | Blobs of BlobsSpec
    | Moons of MoonsSpec
    | Circles of CirclesSpec
    | Csv of CsvSpec

module DataSpec =

    /// The lesson's data: make_blobs(1000, 2 features, 2 centers, std 1.5, seed 1).
    let lessonBlobs: BlobsSpec = { Samples = 1000; Features = 2; Centers = 2; ClusterStd = 1.5; Seed = 1L }

    /// make_circles' default factor.
    let defaultFactor = 0.8

    /// A CSV file read as the command line reads it by default: header detected, the last column the label, commas.
    let csvFile (path: string) : CsvSpec =
        { Path = path; Label = None; Delimiter = ','; NoHeader = false; DropMissing = false }

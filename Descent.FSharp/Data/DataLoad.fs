/// The data a DataSpec describes: generated or read from a table file (Parquet by its extension, CSV otherwise).
module Descent.DataLoad

let load (spec: DataSpec) : Dataset =
    match spec with
    | Blobs b -> Blobs.make b.Samples b.Features b.Centers b.ClusterStd b.Seed
    | Moons m -> MoonsAndCircles.moons m.Samples m.Noise m.Seed
    | Circles c -> MoonsAndCircles.circles c.Samples c.Noise c.Factor c.Seed
    | Xor x -> Xor.make x.Samples x.Noise x.Seed
    | Table t when TableSource.isParquet t.Path -> ParquetDataset.load t
    | Table t -> CsvDataset.load t

namespace Descent.Benchmarks;

/// <summary>
/// Whole training epochs as <c>descent train</c> runs them (<c>Training.batchTrainer</c>: gradient, update rule), batch GD
/// and every other rule (SGD and the torch.optim family) with batches of 32, on one thread and on all cores, against
/// the scalar reference epoch (the plain rule's, for every row), beside a read-only pass over the same X (the memory
/// floor).
/// </summary>
[Config(typeof(QuickConfig))]
public class EpochBenchmarks
{
    IEpochs _epochs = null!;

    [ParamsSource(nameof(AllSizes))]
    public string Size = "";

    [Params("float64", "float32")]
    public string Dtype = "";

    [Params("gd", "sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam", "radam", "adamax", "adadelta")]
    public string Optimizer = "";

    public static IEnumerable<string> AllSizes => Sizes.All;

    [GlobalSetup]
    public void Setup() => _epochs = Dtype == "float64"
        ? new Epochs<double>(new Problem<double>(Size), Optimizer)
        : new Epochs<float>(new Problem<float>(Size), Optimizer);

    [GlobalCleanup]
    public void Cleanup() => _epochs.Dispose();

    [Benchmark(Baseline = true)]
    public double ScalarReference() => _epochs.Scalar();

    [Benchmark]
    public double OneThread() => _epochs.OneThread();

    [Benchmark]
    public double AllCores() => _epochs.AllCores();

    [Benchmark]
    public double ReadPass() => _epochs.ReadPass();

    interface IEpochs : IDisposable
    {
        double Scalar();
        double OneThread();
        double AllCores();
        double ReadPass();
    }

    sealed class Epochs<T> : IEpochs where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        readonly Problem<T> _p;
        readonly int _batch;
        readonly BatchTrainer<T> _one;
        readonly BatchTrainer<T> _all;
        readonly RandomState _rng = new(0u);
        readonly double _alpha;

        public Epochs(Problem<T> p, string optimizer)
        {
            _p = p;
            var e = ExperimentModule.withPrecision(typeof(T) == typeof(double) ? Precision.Float64 : Precision.Float32, ExperimentModule.lesson);
            e = optimizer switch
            {
                "gd" => e,
                "sgd" => ExperimentModule.sgd(32, e),
                "adagrad" => ExperimentModule.adagrad(32, e),
                "rmsprop" => ExperimentModule.rmsprop(32, e),
                "adam" => ExperimentModule.adam(32, e),
                "adamw" => ExperimentModule.adamw(32, e),
                "nadam" => ExperimentModule.nadam(32, e),
                "radam" => ExperimentModule.radam(32, e),
                "adamax" => ExperimentModule.adamax(32, e),
                "adadelta" => ExperimentModule.adadelta(32, e),
                _ => throw new ArgumentException($"no optimizer {optimizer}", nameof(optimizer)),
            };
            _batch = optimizer == "gd" ? p.Rows : 32;
            _alpha = double.CreateTruncating(p.Alpha);
            _one = Trainer(ExperimentModule.withThreads(1, e));
            _all = Trainer(ExperimentModule.withThreads(Environment.ProcessorCount, e));
        }

        BatchTrainer<T> Trainer(Experiment e) => Training.batchTrainer<T>(e, _p.X, _p.Y, _p.Rows, _p.Columns, 1, new double[_p.Columns]);

        double Epoch(BatchTrainer<T> trainer)
        {
            trainer.NewEpoch(_rng);
            return trainer.Epoch(_alpha);
        }

        public double Scalar() => Reference.ScalarReference.Epoch(_p.X, _p.Y, _p.Rows, _p.Columns, _p.W, _p.G, _batch, _p.Alpha);
        public double OneThread() => Epoch(_one);
        public double AllCores() => Epoch(_all);
        public double ReadPass() => Bench.readPass<T>(_p.X);

        public void Dispose()
        {
            _one.Dispose();
            _all.Dispose();
        }
    }
}

using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// Train step and Predict of every suite network, generated vs interpreted, one full batch per call. The suite
/// (<c>--suite</c>) turns the times into samples/s beside PyTorch's.
/// </summary>
[MemoryDiagnoser]
public class NetworkBenchmarks
{
    private INetwork _network = null!;
    private float[] _inputs = [];
    private int[] _labels = [];
    private float[] _outputs = [];

    public static IEnumerable<string> Cases => SuiteCase.All.Select(c => c.Name);

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "mlp64";

    [Params(Engine.Generated, Engine.Interpreted)]
    public Engine Engine { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        SuiteCase suite = SuiteCase.Named(Case);
        _network = suite.Create(Engine);
        (_inputs, _labels) = suite.Batch(_network);
        _outputs = new float[_network.BatchSize * _network.OutputSize];
    }

    [Benchmark]
    public float TrainStep() => _network.TrainStep(_inputs, _labels);

    [Benchmark]
    public void Predict() => _network.Predict(_inputs, _outputs);
}

/// <summary>Single-sample Predict latency on MLP 784-256-128-10, generated vs interpreted.</summary>
[MemoryDiagnoser]
public class PredictLatency
{
    private INetwork _network = null!;
    private float[] _input = [];
    private readonly float[] _output = new float[10];

    [Params(Engine.Generated, Engine.Interpreted)]
    public Engine Engine { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        SuiteCase suite = SuiteCase.Named("mlp784");
        _network = suite.Create(Engine);
        _input = suite.Batch(_network).Inputs[..784];
    }

    [Benchmark]
    public void PredictOne() => _network.Predict(_input, _output);
}

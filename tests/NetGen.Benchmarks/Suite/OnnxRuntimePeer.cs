using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace NetGen.Benchmarks;

/// <summary>
/// The inference peer: Predict of every suite network, generated, against the same network exported with ExportOnnx
/// and run in ONNX Runtime (CPU provider, all graph optimizations, intra-op threads = cores, as NetGen splits over every
/// core), on a full batch and on one sample. ONNX Runtime runs on OrtValues over pinned arrays allocated once, so
/// neither side pays for copies or allocation per call.
/// </summary>
public class OnnxRuntimePeer
{
    private INetwork _network = null!;
    private float[] _inputs = [];
    private float[] _outputs = [];
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtValue _input = null!, _output = null!;
    private int _samples;

    public static IEnumerable<string> Cases => SuiteCase.All.Select(c => c.Name);

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "mlp64";

    /// <summary>"batch" (the network's BatchSize) or "one" (a single sample).</summary>
    [Params("batch", "one")]
    public string Samples { get; set; } = "batch";

    [GlobalSetup]
    public void Setup()
    {
        SuiteCase suite = SuiteCase.Named(Case);
        _network = suite.Create(Engine.Generated);
        _samples = Samples == "one" ? 1 : _network.BatchSize;
        _inputs = suite.Batch(_network).Inputs[..(_samples * _network.InputSize)];
        _outputs = new float[_samples * _network.OutputSize];
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Environment.ProcessorCount,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new InferenceSession(_network.ToOnnx(), options);
        _runOptions = new RunOptions();
        long[] inputShape = [_samples, .. _network.Architecture.InputShape.Select(d => (long)d)];
        _input = OrtValue.CreateTensorValueFromMemory(_inputs, inputShape);
        _output = OrtValue.CreateTensorValueFromMemory(_outputs, [_samples, _network.OutputSize]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    [Benchmark]
    public void GeneratedPredict() => _network.Predict(_inputs, _outputs);

    [Benchmark]
    public void OnnxRuntimePredict() => _session.Run(_runOptions, [OnnxExport.InputName], [_input], [OnnxExport.OutputName], [_output]);
}

using NetGen.Randomness;
using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>
/// A network interpreted op by op: built at run time from a <see cref="GraphDescription"/> (see
/// <see cref="GraphBuilder"/> and <see cref="GraphJson"/>), run over dynamically shaped tensors with a tape for backward,
/// on the same runtime kernels as generated code. It implements the generated surface (<see cref="INetwork"/>) with the
/// same parameter layout, init and dropout streams, so a description and seed give the same network either way: the
/// baseline the generated code is benchmarked against, and the oracle it is tested against.
/// </summary>
public sealed class GraphNetwork : INetwork
{
    private readonly GraphDescription _description;
    private readonly List<GraphLayer> _graphLayers;
    private readonly GraphOp[] _ops;
    private readonly Layer[] _layers;
    private readonly ParameterStore _parameters = new();
    private readonly float[] _gradients;
    private readonly GraphLoss _loss;
    private readonly GraphOptimizer _optimizer;
    private readonly Tape _tape = new();
    private readonly ExecutionContext _context;
    private readonly Tensor _input;
    private readonly Tensor _outputGradient;
    private readonly bool _batchNormNeedsTwoSamples;
    private float _learningRate;

    private GraphNetwork(GraphDescription description, int seed)
    {
        _description = description;
        _graphLayers = OpFactory.Build(description.Spec, _parameters);
        _ops = _graphLayers.SelectMany(l => l.Ops).ToArray();
        _parameters.Seal();
        _gradients = new float[_parameters.Count];
        InputSize = _graphLayers[0].Input.Size;
        OutputSize = _graphLayers[^1].Output.Size;
        _input = new Tensor(_graphLayers[0].Input);
        _outputGradient = new Tensor(_graphLayers[^1].Output);
        _loss = new GraphLoss(description.Spec.Losses[0], OutputSize);
        _optimizer = new GraphOptimizer(description.Spec, _parameters);
        _learningRate = description.Spec.Optimizers[0].LearningRate;
        _batchNormNeedsTwoSamples = _ops.Any(o => o is BatchNormOp { OutputShape.Spatial: false } or BatchNormOp { OutputShape: { Height: 1, Width: 1 } });
        _context = new ExecutionContext(_parameters, SeededRandom.ForDropout(seed));
        var random = new SeededRandom(seed);
        foreach (GraphOp op in _ops)
        {
            op.Initialize(_parameters, random);
        }

        _layers = LayerViews();
    }

    /// <summary>
    /// Builds <paramref name="description"/>, parameters drawn from <paramref name="seed"/>. A description that breaks
    /// the spec language's rules, or asks for what only generated code has (LSUV init needs a data batch at
    /// construction), throws <see cref="GraphSpecException"/> and builds nothing.
    /// </summary>
    public static GraphNetwork Create(GraphDescription description, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(description);
        GraphDiagnostic[] errors = description.Diagnostics.Where(d => d.IsError).ToArray();
        if (errors.Length > 0)
        {
            throw new GraphSpecException(errors);
        }

        if (description.Spec.Layers.FirstOrDefault(l => l.Ops[0].Init == InitKind.Lsuv) is { } lsuv)
        {
            throw new GraphSpecException($"Init.Lsuv in layer '{lsuv.Name}' needs a data batch at construction, which the interpreter does not take; use Init.Orthogonal, or the generated InitializeLsuv.");
        }

        return new GraphNetwork(description, seed);
    }

    /// <summary>What this network was built from.</summary>
    public GraphDescription Description => _description;

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize { get; }

    /// <inheritdoc/>
    public int BatchSize => _description.BatchSize;

    /// <inheritdoc/>
    public int ParameterCount => _parameters.Count;

    /// <inheritdoc/>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The op sequence the interpreter runs, one line per op with its shapes.</summary>
    public IReadOnlyList<string> Ops => _ops.Select(o => $"{o.Name}: {o.GetType().Name.Replace("`1", "", StringComparison.Ordinal)} {o.InputShape} → {o.OutputShape}").ToArray();

    /// <inheritdoc/>
    public Span<float> Parameters => _parameters.Values;

    /// <inheritdoc/>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = ArgumentChecks.LearningRate(value);
    }

    /// <inheritdoc/>
    public long Step { get; private set; }

    /// <inheritdoc/>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        float loss = ComputeGradientsCore(inputs, labels);
        Update(_gradients);
        return loss;
    }

    /// <inheritdoc/>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        float loss = ComputeGradientsCore(inputs, targets);
        Update(_gradients);
        return loss;
    }

    /// <inheritdoc/>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients)
    {
        ArgumentChecks.Gradients(gradients.Length, ParameterCount, nameof(gradients));
        float loss = ComputeGradientsCore(inputs, labels);
        _gradients.CopyTo(gradients);
        return loss;
    }

    /// <inheritdoc/>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients)
    {
        ArgumentChecks.Gradients(gradients.Length, ParameterCount, nameof(gradients));
        float loss = ComputeGradientsCore(inputs, targets);
        _gradients.CopyTo(gradients);
        return loss;
    }

    /// <inheritdoc/>
    public void ApplyGradients(ReadOnlySpan<float> gradients)
    {
        ArgumentChecks.Gradients(gradients.Length, ParameterCount, nameof(gradients));
        Update(gradients);
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        int samples = ArgumentChecks.SampleCount(inputs, outputs, InputSize, OutputSize);
        for (int start = 0; start < samples; start += BatchSize)
        {
            int batch = Math.Min(BatchSize, samples - start);
            Tensor logits = Forward(inputs.Slice(start * InputSize, batch * InputSize), batch, training: false);
            _loss.Output(logits.Span, outputs.Slice(start * OutputSize, batch * OutputSize));
        }
    }

    /// <summary>Restarts the dropout stream as construction with <paramref name="seed"/> starts it (as the generated ReseedDropout).</summary>
    public void ReseedDropout(int seed) => _context.DropoutRandom = SeededRandom.ForDropout(seed);

    private float ComputeGradientsCore(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        int batch = ArgumentChecks.BatchOfLabels(inputs, labels, InputSize, _loss.Classes, BatchSize);
        CheckBatchNorm(batch, nameof(labels));
        Tensor logits = Forward(inputs, batch, training: true);
        float loss = _loss.Forward(logits.Span, labels, _outputGradient.Resize(batch).Span);
        Backward();
        return loss;
    }

    private float ComputeGradientsCore(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        int batch = ArgumentChecks.BatchOfTargets(inputs, targets, InputSize, OutputSize, BatchSize);
        CheckBatchNorm(batch, nameof(targets));
        Tensor logits = Forward(inputs, batch, training: true);
        float loss = _loss.Forward(logits.Span, targets, _outputGradient.Resize(batch).Span);
        Backward();
        return loss;
    }

    private void CheckBatchNorm(int batch, string name)
    {
        if (_batchNormNeedsTwoSamples)
        {
            ArgumentChecks.BatchForBatchNorm(batch, name);
        }
    }

    /// <summary>Runs every op in order; in training each is recorded on the tape.</summary>
    private Tensor Forward(ReadOnlySpan<float> inputs, int batch, bool training)
    {
        _context.Training = training;
        _tape.Clear();
        Tensor x = _input.CopyFrom(inputs, batch);
        foreach (GraphOp op in _ops)
        {
            Tensor y = op.Forward(x, _context);
            if (training)
            {
                _tape.Record(op, x, y);
            }

            x = y;
        }

        return x;
    }

    private void Backward()
    {
        _context.Gradients = _gradients;
        _tape.Backward(_outputGradient, _context);
    }

    private void Update(ReadOnlySpan<float> gradients)
    {
        _optimizer.Apply(gradients, _parameters.Values, Step, _learningRate);
        Step++;
    }

    /// <summary>The layer's view: its tensors' slices of the parameters (WeightNorm's g as γ), and BatchNorm's running statistics.</summary>
    private Layer LayerView(GraphLayer layer, int offset)
    {
        static ParameterSlice Slice(ParameterTensor? tensor) => tensor is null ? default : new ParameterSlice(tensor.Offset, tensor.Length);
        WeightedOp? producer = layer.Ops[0] as WeightedOp;
        OutputNormOp? norm = layer.Ops.OfType<OutputNormOp>().FirstOrDefault();
        BatchNormOp? batchNorm = norm as BatchNormOp;
        ParameterTensor? gamma = producer?.Lengths ?? norm?.Gamma;
        return new Layer(
            layer.Spec.Name,
            LayerText.Describe(layer.Spec),
            layer.Input.Size,
            layer.Output.Size,
            _parameters.Values,
            producer?.WeightShape ?? [],
            producer is null ? new ParameterSlice(offset, 0) : Slice(producer.Weight),
            Slice(producer?.Bias),
            Slice(gamma),
            norm is null ? default : Slice(norm.Beta),
            Slice(layer.Ops.OfType<PReluOp>().FirstOrDefault()?.Slopes),
            batchNorm?.RunningMean,
            batchNorm?.RunningVariance);
    }

    /// <summary>Every layer's view, a layer without parameters placed where the next tensor would start.</summary>
    private Layer[] LayerViews()
    {
        var views = new Layer[_graphLayers.Count];
        int end = 0;
        for (int i = 0; i < views.Length; i++)
        {
            views[i] = LayerView(_graphLayers[i], end);
            foreach (ParameterTensor tensor in _graphLayers[i].Ops.SelectMany(o => o.Tensors))
            {
                end = tensor.Offset + tensor.Length;
            }
        }

        return views;
    }
}

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
    private readonly BatchNormOp[] _batchNorms;
    private readonly float[] _savedRunningStatistics;
    private readonly string _name;
    private readonly NetworkArchitecture _architecture;
    private readonly IReadOnlyList<OptimizerBuffer> _optimizerState;
    private SeededRandom.State _savedDropoutState;
    private long _batchNormBatches; // training forward passes BatchNorm has seen (torch's num_batches_tracked); 0 without BatchNorm
    private long _savedBatchNormBatches;
    private string? _runningCall; // the public call in progress, or null: a concurrent call is refused (NetGen.CallGuard)
    private float _learningRate, _weightDecay, _momentum;

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
        _optimizer = new GraphOptimizer(description.Spec, _parameters, MaxNormConstraint.Of(_graphLayers));
        _learningRate = description.Spec.Optimizers[0].LearningRate;
        _weightDecay = description.Spec.Optimizers[0].WeightDecay;
        _momentum = HasMomentum ? description.Spec.Optimizers[0].Momentum : 0f;
        _batchNormNeedsTwoSamples = _ops.Any(o => o is BatchNormOp { OutputShape.Spatial: false } or BatchNormOp { OutputShape: { Height: 1, Width: 1 } });
        _batchNorms = _ops.OfType<BatchNormOp>().ToArray();
        _savedRunningStatistics = new float[_batchNorms.Sum(b => 2 * b.RunningMean.Length)];
        _name = description.Spec.ClassName;
        _architecture = GraphArchitecture.Of(description.Validated);
        _optimizerState = Array.AsReadOnly(_optimizer.Buffers);
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
    public float WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = ArgumentChecks.WeightDecay(value);
    }

    /// <inheritdoc/>
    public float Momentum
    {
        get => _momentum;
        set
        {
            OptimizerSpec o = _description.Spec.Optimizers[0];
            _momentum = ArgumentChecks.Momentum(value, HasMomentum, HasMomentum ? o.Momentum : 0f, o.Kind == OptimizerKind.Sgd && o.Nesterov, _name, o.Kind.ToString());
        }
    }

    private bool HasMomentum => _description.Spec.Optimizers[0].Kind is OptimizerKind.Sgd or OptimizerKind.RmsProp;

    /// <inheritdoc/>
    public long Step { get; private set; }

    /// <inheritdoc/>
    public NetworkArchitecture Architecture => _architecture;

    /// <inheritdoc/>
    public IReadOnlyList<OptimizerBuffer> OptimizerState => _optimizerState;

    /// <inheritdoc/>
    public TrainingPosition Position
    {
        get => new(Step, _context.DropoutRandom.Save(), _batchNormBatches);
        set
        {
            ArgumentChecks.Position(value);
            CallGuard.Enter(ref _runningCall, _name, nameof(Position));
            try
            {
                Step = value.Step;
                _context.DropoutRandom.Restore(value.Dropout);
                _batchNormBatches = _batchNorms.Length > 0 ? value.BatchNormBatches : 0;
            }
            finally
            {
                CallGuard.Exit(ref _runningCall);
            }
        }
    }

    /// <inheritdoc/>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        CallGuard.Enter(ref _runningCall, _name, nameof(TrainStep));
        try
        {
            float loss = ComputeGradientsCore(inputs, labels, nameof(TrainStep));
            Update(_gradients);
            return loss;
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    /// <inheritdoc/>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        CallGuard.Enter(ref _runningCall, _name, nameof(TrainStep));
        try
        {
            float loss = ComputeGradientsCore(inputs, targets, nameof(TrainStep));
            Update(_gradients);
            return loss;
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    /// <inheritdoc/>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients)
    {
        CallGuard.Enter(ref _runningCall, _name, nameof(ComputeGradients));
        try
        {
            ArgumentChecks.Gradients(gradients.Length, ParameterCount, nameof(gradients));
            float loss = ComputeGradientsCore(inputs, labels, nameof(ComputeGradients));
            _gradients.CopyTo(gradients);
            return loss;
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    /// <inheritdoc/>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients)
    {
        CallGuard.Enter(ref _runningCall, _name, nameof(ComputeGradients));
        try
        {
            ArgumentChecks.Gradients(gradients.Length, ParameterCount, nameof(gradients));
            float loss = ComputeGradientsCore(inputs, targets, nameof(ComputeGradients));
            _gradients.CopyTo(gradients);
            return loss;
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    /// <inheritdoc/>
    public void ApplyGradients(ReadOnlySpan<float> gradients)
    {
        CallGuard.Enter(ref _runningCall, _name, nameof(ApplyGradients));
        try
        {
            ArgumentChecks.Gradients(gradients.Length, ParameterCount, nameof(gradients));
            ArgumentChecks.Finite(gradients, nameof(gradients));
            Update(gradients);
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs) => PredictCore(inputs, outputs, dropout: false, nameof(Predict));

    /// <inheritdoc/>
    public void PredictWithDropout(ReadOnlySpan<float> inputs, Span<float> outputs) => PredictCore(inputs, outputs, dropout: true, nameof(PredictWithDropout));

    private void PredictCore(ReadOnlySpan<float> inputs, Span<float> outputs, bool dropout, string member)
    {
        CallGuard.Enter(ref _runningCall, _name, member);
        try
        {
            int samples = ArgumentChecks.SampleCount(inputs, outputs, InputSize, OutputSize);
            for (int start = 0; start < samples; start += BatchSize)
            {
                int batch = Math.Min(BatchSize, samples - start);
                Tensor logits = Forward(inputs.Slice(start * InputSize, batch * InputSize), batch, training: false, dropout);
                _loss.Output(logits.Span, outputs.Slice(start * OutputSize, batch * OutputSize));
            }
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    /// <inheritdoc/>
    public void RecordActivations(ReadOnlySpan<float> inputs, IActivationRecorder recorder)
    {
        CallGuard.Enter(ref _runningCall, _name, nameof(RecordActivations));
        try
        {
            ArgumentNullException.ThrowIfNull(recorder);
            int batch = ArgumentChecks.BatchOfInputs(inputs, InputSize, BatchSize);
            CheckBatchNorm(batch, nameof(inputs));
            ArgumentChecks.Finite(inputs, InputSize, nameof(inputs));
            SaveTrainingState();
            try
            {
                Forward(inputs, batch, training: true, recorder: recorder);
            }
            finally
            {
                RestoreTrainingState(); // what the pass moved, as the refused step puts it back
            }
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    /// <summary>Restarts the dropout stream as construction with <paramref name="seed"/> starts it (as the generated ReseedDropout).</summary>
    public void ReseedDropout(int seed)
    {
        CallGuard.Enter(ref _runningCall, _name, nameof(ReseedDropout));
        try
        {
            _context.DropoutRandom.ReseedForDropout(seed);
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    /// <summary>
    /// A new network from the same description that predicts exactly as this one: parameters and BatchNorm running
    /// statistics copied, nothing mutable shared (as the generated CreateInferenceCopy).
    /// </summary>
    public GraphNetwork CreateInferenceCopy()
    {
        CallGuard.Enter(ref _runningCall, _name, nameof(CreateInferenceCopy));
        try
        {
            var copy = new GraphNetwork(_description, 0);
            InferenceState.Copy(this, copy);
            return copy;
        }
        finally
        {
            CallGuard.Exit(ref _runningCall);
        }
    }

    private float ComputeGradientsCore(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, string member)
    {
        int batch = ArgumentChecks.BatchOfLabels(inputs, labels, InputSize, _loss.Classes, BatchSize);
        CheckBatchNorm(batch, nameof(labels));
        ArgumentChecks.Finite(inputs, InputSize, nameof(inputs));
        SaveTrainingState();
        Tensor logits = Forward(inputs, batch, training: true);
        float loss = _loss.Forward(logits.Span, labels, _outputGradient.Resize(batch).Span);
        CheckLoss(loss, member);
        Backward();
        return loss;
    }

    private float ComputeGradientsCore(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, string member)
    {
        int batch = ArgumentChecks.BatchOfTargets(inputs, targets, InputSize, OutputSize, BatchSize);
        CheckBatchNorm(batch, nameof(targets));
        ArgumentChecks.Finite(inputs, InputSize, nameof(inputs));
        ArgumentChecks.Finite(targets, OutputSize, nameof(targets));
        SaveTrainingState();
        Tensor logits = Forward(inputs, batch, training: true);
        float loss = _loss.Forward(logits.Span, targets, _outputGradient.Resize(batch).Span);
        CheckLoss(loss, member);
        Backward();
        return loss;
    }

    /// <summary>
    /// Saves what a training forward moves (running statistics, BatchNorm's batch count, the dropout stream), for
    /// <see cref="CheckLoss"/>, and counts the pass for BatchNorm.
    /// </summary>
    private void SaveTrainingState()
    {
        int offset = 0;
        foreach (BatchNormOp norm in _batchNorms)
        {
            int n = norm.RunningMean.Length;
            norm.RunningMean.CopyTo(_savedRunningStatistics.AsSpan(offset, n));
            norm.RunningVariance.CopyTo(_savedRunningStatistics.AsSpan(offset + n, n));
            offset += 2 * n;
        }

        _savedDropoutState = _context.DropoutRandom.Save();
        _savedBatchNormBatches = _batchNormBatches;
        if (_batchNorms.Length > 0)
        {
            _batchNormBatches++;
        }
    }

    /// <summary>A non-finite loss: what the forward moved is put back, then NotFiniteNumberException, before backward.</summary>
    private void CheckLoss(float loss, string member)
    {
        if (float.IsFinite(loss))
        {
            return;
        }

        RestoreTrainingState();
        ArgumentChecks.Loss(loss, _name, member);
    }

    /// <summary>Puts back what <see cref="SaveTrainingState"/> saved (for CheckLoss and RecordActivations).</summary>
    private void RestoreTrainingState()
    {
        int offset = 0;
        foreach (BatchNormOp norm in _batchNorms)
        {
            int n = norm.RunningMean.Length;
            _savedRunningStatistics.AsSpan(offset, n).CopyTo(norm.RunningMean);
            _savedRunningStatistics.AsSpan(offset + n, n).CopyTo(norm.RunningVariance);
            offset += 2 * n;
        }

        _context.DropoutRandom.Restore(_savedDropoutState);
        _batchNormBatches = _savedBatchNormBatches;
    }

    private void CheckBatchNorm(int batch, string name)
    {
        if (_batchNormNeedsTwoSamples)
        {
            ArgumentChecks.BatchForBatchNorm(batch, name);
        }
    }

    /// <summary>
    /// Runs every op in order; in training each is recorded on the tape. Dropout draws masks in training or with
    /// <paramref name="dropout"/>. A <paramref name="recorder"/> gets each layer's output after its activation: the
    /// input of its Dropout op, or its last op's output.
    /// </summary>
    private Tensor Forward(ReadOnlySpan<float> inputs, int batch, bool training, bool dropout = false, IActivationRecorder? recorder = null)
    {
        _context.Training = training;
        _context.Dropout = training || dropout;
        _tape.Clear();
        Tensor x = _input.CopyFrom(inputs, batch);
        for (int l = 0; l < _graphLayers.Count; l++)
        {
            IReadOnlyList<GraphOp> ops = _graphLayers[l].Ops;
            bool recorded = false;
            for (int o = 0; o < ops.Count; o++)
            {
                GraphOp op = ops[o];
                if (recorder is not null && !recorded && op is DropoutOp)
                {
                    recorder.Record(l, x.Span, batch);
                    recorded = true;
                }

                Tensor y = op.Forward(x, _context);
                if (training)
                {
                    _tape.Record(op, x, y);
                }

                x = y;
            }

            if (recorder is not null && !recorded)
            {
                recorder.Record(l, x.Span, batch);
            }
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
        _optimizer.Apply(gradients, _parameters.Values, Step, _learningRate, _weightDecay, _momentum);
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
        DropoutOp? dropout = layer.Ops.OfType<DropoutOp>().FirstOrDefault(d => d.Probability > 0f); // Dropout(0) has no rate, as in generated code
        var view = new Layer(
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
            batchNorm?.RunningVariance,
            dropout?.Probability);
        if (dropout is not null)
        {
            dropout.View = view; // the op reads the view's run-time rate
        }

        return view;
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

using NetGen;

namespace NetGen.Inlining.Probe;

/// <summary>One full batch of small inputs for a network, with labels or with 0/1 targets, whichever its loss takes.</summary>
internal sealed class ProbeBatch
{
    private readonly float[] _inputs, _targets, _outputs;
    private readonly int[] _labels;
    private bool _takesTargets;

    public ProbeBatch(INetwork network)
    {
        var random = new Random(1);
        int batch = network.BatchSize;
        _inputs = new float[batch * network.InputSize];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)(random.NextDouble() * 2 - 1);
        }

        _labels = new int[batch];
        _targets = new float[batch * network.OutputSize];
        for (int i = 0; i < batch; i++)
        {
            _labels[i] = random.Next(network.OutputSize);
            _targets[i * network.OutputSize + _labels[i]] = 1f;
        }

        _outputs = new float[batch * network.OutputSize];
    }

    public void Train(INetwork network)
    {
        if (!_takesTargets)
        {
            try
            {
                network.TrainStep(_inputs, _labels);
                return;
            }
            catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException)
            {
                _takesTargets = true; // a regression or binary loss: it trains on targets[batch, OutputSize]
            }
        }

        network.TrainStep(_inputs, _targets);
    }

    public void Predict(INetwork network) => network.Predict(_inputs, _outputs);
}

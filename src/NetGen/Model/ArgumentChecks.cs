namespace NetGen;

/// <summary>
/// The argument checks every generated network runs before touching any state, so a bad call throws and changes
/// nothing. Messages name the argument, what it held and what was expected.
/// </summary>
public static class ArgumentChecks
{
    /// <summary>The batch size of a labelled call: labels[batch] with batch in 1..maxBatch, inputs[batch, inputSize], labels in 0..classes-1.</summary>
    public static int BatchOfLabels(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int inputSize, int classes, int maxBatch)
    {
        int batch = labels.Length;
        CheckBatch(batch, maxBatch, nameof(labels), "labels", 0);
        CheckInputs(inputs.Length, batch, inputSize);
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"labels[{i}] = {labels[i]} is outside the {classes} classes 0..{classes - 1}.");
            }
        }

        return batch;
    }

    /// <summary>The batch size of a call with targets[batch, outputSize], batch in 1..maxBatch, and inputs[batch, inputSize].</summary>
    public static int BatchOfTargets(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int inputSize, int outputSize, int maxBatch)
    {
        if (targets.Length % outputSize != 0)
        {
            throw new ArgumentException($"targets holds {targets.Length} floats, not a whole number of samples of {outputSize} outputs.", nameof(targets));
        }

        int batch = targets.Length / outputSize;
        CheckBatch(batch, maxBatch, nameof(targets), "targets", outputSize);
        CheckInputs(inputs.Length, batch, inputSize);
        return batch;
    }

    /// <summary>The sample count of a Predict call: inputs[n, inputSize] and outputs[n, outputSize].</summary>
    public static int SampleCount(ReadOnlySpan<float> inputs, Span<float> outputs, int inputSize, int outputSize)
    {
        if (inputs.Length % inputSize != 0)
        {
            throw new ArgumentException($"inputs holds {inputs.Length} floats, not a whole number of samples of {inputSize}.", nameof(inputs));
        }

        int samples = inputs.Length / inputSize;
        if (outputs.Length != (long)samples * outputSize)
        {
            throw new ArgumentException($"outputs holds {outputs.Length} floats; {samples} samples of {outputSize} outputs need {(long)samples * outputSize}.", nameof(outputs));
        }

        return samples;
    }

    /// <summary>The batch size of an unlabelled batch inputs[batch, inputSize], batch in 1..maxBatch.</summary>
    public static int BatchOfInputs(ReadOnlySpan<float> inputs, int inputSize, int maxBatch)
    {
        if (inputs.Length % inputSize != 0)
        {
            throw new ArgumentException($"inputs holds {inputs.Length} floats, not a whole number of samples of {inputSize}.", nameof(inputs));
        }

        int batch = inputs.Length / inputSize;
        CheckBatch(batch, maxBatch, nameof(inputs), "", inputSize);
        return batch;
    }

    /// <summary>
    /// Batch norm's training statistics need two values per channel or more (the unbiased variance divides by N·H·W − 1):
    /// generated code and the interpreter call this only for networks with a BatchNorm over one position per sample.
    /// </summary>
    public static void BatchForBatchNorm(int batch, string name)
    {
        if (batch < 2)
        {
            throw new ArgumentException($"{name} holds a batch of {batch}; a network with BatchNorm over one value per channel (after a Dense layer) trains on batches of 2 or more samples.", name);
        }
    }

    /// <summary>A gradient span must hold exactly one float per parameter.</summary>
    public static void Gradients(int length, int parameterCount, string name)
    {
        if (length != parameterCount)
        {
            throw new ArgumentException($"{name} holds {length} floats; expected exactly {parameterCount}, one per parameter.", name);
        }
    }

    /// <summary>
    /// A learning rate must be finite and ≥ 0; returns it. Zero is allowed at run time because schedules reach it
    /// (cosine annealing to η_min = 0); the attribute's rate must still be &gt; 0 (NG0008).
    /// </summary>
    public static float LearningRate(float value)
    {
        if (!float.IsFinite(value) || value < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"learning rate {value} is invalid; expected a finite value ≥ 0.");
        }

        return value;
    }

    /// <summary>
    /// A weight decay λ must be finite and ≥ 0; returns it (the same rule as the attributes' WeightDecay, NG0009's range).
    /// </summary>
    public static float WeightDecay(float value)
    {
        if (!float.IsFinite(value) || value < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"weight decay {value} is invalid; expected a finite value ≥ 0.");
        }

        return value;
    }

    /// <summary>
    /// A momentum μ to set on <paramref name="network"/>, whose optimizer <paramref name="optimizer"/> was declared with
    /// <paramref name="declared"/>: μ must be in [0, 1) (else <see cref="ArgumentOutOfRangeException"/>); a nonzero μ
    /// needs the momentum buffer, which only a network declared with a nonzero momentum has (else
    /// <see cref="InvalidOperationException"/> naming the attribute to set); Nesterov needs μ &gt; 0; optimizers without
    /// momentum (Adam, AdamW, AdaGrad: <paramref name="hasMomentum"/> false) take only 0 (else
    /// <see cref="NotSupportedException"/>). Returns μ.
    /// </summary>
    public static float Momentum(float value, bool hasMomentum, float declared, bool nesterov, string network, string optimizer)
    {
        if (!float.IsFinite(value) || value < 0f || value >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"momentum {value} is invalid; expected a value in [0, 1).");
        }

        if (value == 0f)
        {
            if (nesterov)
            {
                throw new InvalidOperationException($"{network} uses Nesterov momentum, which needs a momentum > 0; declare [{optimizer}(..., Nesterov = false)] to turn momentum off at run time.");
            }

            return value;
        }

        if (!hasMomentum)
        {
            throw new NotSupportedException($"{network}'s optimizer {optimizer} has no momentum; only 0 can be set.");
        }

        if (declared == 0f)
        {
            throw new InvalidOperationException($"{network} was declared without momentum, so it keeps no momentum buffer; declare [{optimizer}(..., Momentum = ...)] with a nonzero value to set a nonzero momentum at run time.");
        }

        return value;
    }

    /// <summary>A dropout probability p must be in [0, 1) (NG0028's range); returns it.</summary>
    public static float DropoutRate(float value)
    {
        if (!float.IsFinite(value) || value < 0f || value >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"dropout rate {value} is invalid; expected a probability in [0, 1).");
        }

        return value;
    }

    /// <summary>
    /// Monte Carlo dropout's arguments: passes ≥ 1, and mean and variance each OutputSize floats per sample of the inputs.
    /// Returns the sample count.
    /// </summary>
    public static int MonteCarlo(ReadOnlySpan<float> inputs, int passes, Span<float> mean, Span<float> variance, int inputSize, int outputSize)
    {
        if (passes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(passes), passes, $"passes is {passes}; expected at least 1.");
        }

        if (inputs.Length % inputSize != 0)
        {
            throw new ArgumentException($"inputs holds {inputs.Length} floats, not a whole number of samples of {inputSize}.", nameof(inputs));
        }

        int samples = inputs.Length / inputSize;
        long needed = (long)samples * outputSize;
        if (mean.Length != needed)
        {
            throw new ArgumentException($"mean holds {mean.Length} floats; {samples} samples of {outputSize} outputs need {needed}.", nameof(mean));
        }

        if (variance.Length != needed)
        {
            throw new ArgumentException($"variance holds {variance.Length} floats; {samples} samples of {outputSize} outputs need {needed}.", nameof(variance));
        }

        return samples;
    }

    /// <summary>
    /// A training position to set: Step and BatchNormBatches ≥ 0 (a count), else <see cref="ArgumentOutOfRangeException"/>
    /// naming the field, before the network changes.
    /// </summary>
    public static void Position(in TrainingPosition value)
    {
        if (value.Step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Step, $"Position.Step is {value.Step}; expected a count of steps ≥ 0.");
        }

        if (value.BatchNormBatches < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.BatchNormBatches, $"Position.BatchNormBatches is {value.BatchNormBatches}; expected a count of batches ≥ 0.");
        }
    }

    /// <summary>
    /// Every value of <paramref name="values"/> (samples of <paramref name="perSample"/> floats) must be finite: the
    /// first NaN or ±∞ throws <see cref="ArgumentException"/> for <paramref name="name"/> naming its index and sample.
    /// One vectorized scan (<see cref="Runtime.Finite"/>), before any state changes.
    /// </summary>
    public static void Finite(ReadOnlySpan<float> values, int perSample, string name)
    {
        int index = Runtime.Finite.IndexOfNonFinite(values);
        if (index >= 0)
        {
            throw NonFinite(values[index], index, perSample, name);
        }
    }

    /// <summary>Every value of <paramref name="values"/> must be finite (ApplyGradients' gradients): the first NaN or ±∞ throws naming its index.</summary>
    public static void Finite(ReadOnlySpan<float> values, string name)
    {
        int index = Runtime.Finite.IndexOfNonFinite(values);
        if (index >= 0)
        {
            throw new ArgumentException($"{name}[{index}] is {Describe(values[index])}; training takes finite values only, and nothing was changed.", name);
        }
    }

    /// <summary>
    /// A training step's loss must be finite: otherwise <see cref="NotFiniteNumberException"/> (an
    /// <see cref="ArithmeticException"/>), thrown by the network after it has put back everything the forward pass
    /// moved, before backward or any update runs.
    /// </summary>
    public static void Loss(float loss, string network, string member)
    {
        if (!float.IsFinite(loss))
        {
            throw new NotFiniteNumberException(
                $"{network}.{member}: the batch's loss is {Describe(loss)}, so the step was refused; nothing changed (parameters, optimizer state, "
                + "running statistics, the dropout stream and Step are as before the call). Lower the learning rate, clip gradients "
                + "or skip the batch.",
                loss);
        }
    }

    private static ArgumentException NonFinite(float value, int index, int perSample, string name) => new(
        $"{name}[{index}] is {Describe(value)} (sample {index / perSample}, value {index % perSample} of {perSample}); "
        + "training takes finite values only, and nothing was changed.",
        name);

    private static string Describe(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "−∞";

    // unit: what one sample holds, "labels" (one each, perSample 0), else samples of perSample of them. The message is
    // formatted only when the check fails, so a passing call allocates nothing.
    private static void CheckBatch(int batch, int maxBatch, string name, string unit, int perSample)
    {
        if (batch < 1 || batch > maxBatch)
        {
            string what = perSample == 0 ? unit : unit.Length == 0 ? $"samples of {perSample}" : $"samples of {perSample} {unit}";
            throw new ArgumentException($"{name} holds {batch} {what}; a batch must have 1 to {maxBatch} samples.", name);
        }
    }

    private static void CheckInputs(int length, int batch, int inputSize)
    {
        if (length != (long)batch * inputSize)
        {
            throw new ArgumentException($"inputs holds {length} floats; {batch} samples of {inputSize} need {(long)batch * inputSize}.", "inputs");
        }
    }
}

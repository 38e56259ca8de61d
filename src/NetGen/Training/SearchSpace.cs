using System.Collections;
using NetGen.Randomness;

namespace NetGen.Training;

/// <summary>One named hyperparameter of a <see cref="SearchSpace"/> and how it is drawn.</summary>
public abstract record Hyperparameter(string Name)
{
    /// <summary>A value drawn from <paramref name="random"/>.</summary>
    public abstract object Draw(SeededRandom random);
}

/// <summary>Uniform in log space between Min and Max (both &gt; 0): learning rates, weight decay.</summary>
public sealed record LogUniform : Hyperparameter
{
    /// <summary>A log-uniform range; 0 &lt; min ≤ max.</summary>
    public LogUniform(string name, double min, double max) : base(name)
    {
        if (!(min > 0 && max >= min && double.IsFinite(max)))
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"{name}: a log-uniform range needs 0 < min ≤ max, got [{min}, {max}].");
        }

        (Min, Max) = (min, max);
    }

    /// <summary>The smallest value.</summary>
    public double Min { get; }

    /// <summary>The largest value.</summary>
    public double Max { get; }

    /// <inheritdoc/>
    public override object Draw(SeededRandom random) => Math.Exp(Math.Log(Min) + random.NextDouble() * (Math.Log(Max) - Math.Log(Min)));
}

/// <summary>Uniform between Min and Max: momentum, dropout rate.</summary>
public sealed record Uniform : Hyperparameter
{
    /// <summary>A uniform range; min ≤ max.</summary>
    public Uniform(string name, double min, double max) : base(name)
    {
        if (!(max >= min && double.IsFinite(min) && double.IsFinite(max)))
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"{name}: a uniform range needs finite min ≤ max, got [{min}, {max}].");
        }

        (Min, Max) = (min, max);
    }

    /// <summary>The smallest value.</summary>
    public double Min { get; }

    /// <summary>The largest value.</summary>
    public double Max { get; }

    /// <inheritdoc/>
    public override object Draw(SeededRandom random) => Min + random.NextDouble() * (Max - Min);
}

/// <summary>One of a list of values, equally likely: batch sizes, activation names, network factories (architectures).</summary>
public sealed record Choice : Hyperparameter
{
    /// <summary>A choice among <paramref name="values"/> (at least one).</summary>
    public Choice(string name, params object[] values) : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException($"{name}: a choice needs at least one value.", nameof(values));
        }

        Values = values;
    }

    /// <summary>The values.</summary>
    public IReadOnlyList<object> Values { get; }

    /// <inheritdoc/>
    public override object Draw(SeededRandom random) => Values[random.NextInt(Values.Count)];
}

/// <summary>Named hyperparameters, drawn in the order added: <c>new SearchSpace { new LogUniform("lr", 1e-4, 1) }</c>.</summary>
public sealed class SearchSpace : IEnumerable<Hyperparameter>
{
    private readonly List<Hyperparameter> _parameters = [];

    /// <summary>Adds a hyperparameter; names are unique.</summary>
    public void Add(Hyperparameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (_parameters.Any(p => p.Name == parameter.Name))
        {
            throw new ArgumentException($"the space already has a hyperparameter named '{parameter.Name}'.", nameof(parameter));
        }

        _parameters.Add(parameter);
    }

    /// <summary>The hyperparameter named <paramref name="name"/>.</summary>
    public Hyperparameter this[string name] => _parameters.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"no hyperparameter named '{name}'.");

    /// <summary>Hyperparameters in the space.</summary>
    public int Count => _parameters.Count;

    /// <summary>One draw of every hyperparameter, in order, from <paramref name="random"/>.</summary>
    public IReadOnlyDictionary<string, object> Draw(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var values = new Dictionary<string, object>();
        foreach (Hyperparameter p in _parameters)
        {
            values[p.Name] = p.Draw(random);
        }

        return values;
    }

    /// <inheritdoc/>
    public IEnumerator<Hyperparameter> GetEnumerator() => _parameters.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

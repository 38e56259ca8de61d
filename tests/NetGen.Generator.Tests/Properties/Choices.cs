namespace NetGen.Generator.Tests.Properties;

/// <summary>
/// A CsCheck-drawn array read as a stream of choices (the Hypothesis way): each decision takes the next number modulo
/// its range, 0 once the array is used up. Shrinking the array toward zeros shrinks every decision toward its first,
/// simplest option, so a failing network shrinks to a small one.
/// </summary>
internal sealed class Choices(int[] values)
{
    private int _next;

    /// <summary>A choice in 0..<paramref name="count"/> − 1.</summary>
    public int Next(int count) => count <= 1 || _next >= values.Length ? 0 : values[_next++] % count;

    /// <summary>One of <paramref name="options"/>.</summary>
    public T Pick<T>(params T[] options) => options[Next(options.Length)];

    /// <summary>True about one time in <paramref name="oneIn"/>.</summary>
    public bool OneIn(int oneIn) => Next(oneIn) == 1 % oneIn;
}

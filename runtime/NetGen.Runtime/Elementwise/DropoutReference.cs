namespace NetGen.Runtime;

/// <summary>The dropout kernels' definitions as plain loops, for tests: y = a ⊙ mask forward, dy ⊙= mask backward.</summary>
public static class DropoutReference
{
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> mask, Span<float> y)
    {
        for (int i = 0; i < a.Length; i++)
        {
            y[i] = a[i] * mask[i];
        }
    }

    public static void Backward(ReadOnlySpan<float> mask, Span<float> dy)
    {
        for (int i = 0; i < dy.Length; i++)
        {
            dy[i] *= mask[i];
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// What a feature-major register block (<see cref="FeatureMajorBlocks"/>) does with a finished row of sums: the two
/// vectors of one lane block's row <c>row</c>, written once, after every product term is in.
/// </summary>
internal interface IRowStore
{
    void Store(Vector512<float> low, Vector512<float> high, int row);

    void Store(Vector256<float> low, Vector256<float> high, int row);
}

/// <summary>Forward: yᵀ[row, block] = f(z + b[row]) (no bias where the layer has none).</summary>
internal readonly ref struct BiasActivationRows<TActivation> : IRowStore
    where TActivation : struct, IActivation
{
    private readonly ref float bias;
    private readonly ref float y;
    private readonly bool hasBias;
    private readonly int lanes;
    private readonly TActivation activation;

    /// <param name="bias">b[units], read only when <paramref name="hasBias"/>.</param>
    /// <param name="y">This lane block's yᵀ[units, lanes].</param>
    public BiasActivationRows(ref float bias, bool hasBias, TActivation activation, ref float y, int lanes)
    {
        this.bias = ref bias;
        this.hasBias = hasBias;
        this.activation = activation;
        this.y = ref y;
        this.lanes = lanes;
    }

    // Once per row and lane block. A piecewise-linear activation is a few instructions and stays in the register
    // block; one built on an exponential (tanh, sigmoid, ELU, GELU, SiLU) goes through a call of its own, where the
    // exponential inlines: in the block, eight rows of it would exceed the inliner's budget and call the exponential.
    public void Store(Vector512<float> low, Vector512<float> high, int row)
    {
        if (hasBias)
        {
            Vector512<float> b = Vector512.Create(Unsafe.Add(ref bias, row));
            low += b;
            high += b;
        }

        ref float target = ref Unsafe.Add(ref y, row * lanes);
        if (IsPiecewiseLinear)
        {
            activation.Apply(low).StoreUnsafe(ref target);
            activation.Apply(high).StoreUnsafe(ref target, (nuint)Vector512<float>.Count);
        }
        else
        {
            StoreApplied(activation, low, high, ref target);
        }
    }

    public void Store(Vector256<float> low, Vector256<float> high, int row)
    {
        if (hasBias)
        {
            Vector256<float> b = Vector256.Create(Unsafe.Add(ref bias, row));
            low += b;
            high += b;
        }

        ref float target = ref Unsafe.Add(ref y, row * lanes);
        if (IsPiecewiseLinear)
        {
            activation.Apply(low).StoreUnsafe(ref target);
            activation.Apply(high).StoreUnsafe(ref target, (nuint)Vector256<float>.Count);
        }
        else
        {
            StoreApplied(activation, low, high, ref target);
        }
    }

    private static bool IsPiecewiseLinear => typeof(TActivation) == typeof(Identity) || typeof(TActivation) == typeof(Relu) || typeof(TActivation) == typeof(LeakyRelu);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreApplied(TActivation activation, Vector512<float> low, Vector512<float> high, ref float target)
    {
        activation.Apply(low).StoreUnsafe(ref target);
        activation.Apply(high).StoreUnsafe(ref target, (nuint)Vector512<float>.Count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreApplied(TActivation activation, Vector256<float> low, Vector256<float> high, ref float target)
    {
        activation.Apply(low).StoreUnsafe(ref target);
        activation.Apply(high).StoreUnsafe(ref target, (nuint)Vector256<float>.Count);
    }
}

/// <summary>
/// Backward: ∂L/∂zᵀ[row, block] of the layer below = (Wᵀ·∂L/∂zᵀ)[row] ⊙ f'(y[row]), f being that layer's activation
/// read through its stored output yᵀ (Identity: f' = 1, the product alone).
/// </summary>
internal readonly ref struct DerivativeRows<TActivation> : IRowStore
    where TActivation : struct, IActivation
{
    private readonly ref float y;
    private readonly ref float dx;
    private readonly int lanes;
    private readonly TActivation activation;

    /// <param name="y">This lane block's yᵀ[features, lanes] of the layer below.</param>
    /// <param name="dx">This lane block's ∂L/∂zᵀ[features, lanes] of the layer below.</param>
    public DerivativeRows(TActivation activation, ref float y, ref float dx, int lanes)
    {
        this.activation = activation;
        this.y = ref y;
        this.dx = ref dx;
        this.lanes = lanes;
    }

    public void Store(Vector512<float> low, Vector512<float> high, int row)
    {
        int offset = row * lanes;
        ref float target = ref Unsafe.Add(ref dx, offset);
        if (typeof(TActivation) != typeof(Identity))
        {
            ref float output = ref Unsafe.Add(ref y, offset);
            low *= activation.Derivative(Vector512.LoadUnsafe(ref output));
            high *= activation.Derivative(Vector512.LoadUnsafe(ref output, (nuint)Vector512<float>.Count));
        }

        low.StoreUnsafe(ref target);
        high.StoreUnsafe(ref target, (nuint)Vector512<float>.Count);
    }

    public void Store(Vector256<float> low, Vector256<float> high, int row)
    {
        int offset = row * lanes;
        ref float target = ref Unsafe.Add(ref dx, offset);
        if (typeof(TActivation) != typeof(Identity))
        {
            ref float output = ref Unsafe.Add(ref y, offset);
            low *= activation.Derivative(Vector256.LoadUnsafe(ref output));
            high *= activation.Derivative(Vector256.LoadUnsafe(ref output, (nuint)Vector256<float>.Count));
        }

        low.StoreUnsafe(ref target);
        high.StoreUnsafe(ref target, (nuint)Vector256<float>.Count);
    }
}

namespace NetGen.Runtime;

/// <summary>
/// An in-place update over several spans at once, element i of each: the shape of an optimizer step (θ, m, v, v̂ from g)
/// and of any pass that writes more than one span from the same index. The operator is a ref struct that carries its
/// spans (as refs) and its scalars, and loads and stores only the streams its settings use, so an optimizer without
/// momentum or AMSGrad costs no memory traffic for the buffer it does not have; <see cref="SimdLoop.Update{TOperator}"/>
/// runs its three step sizes over the indices. The caller checks every span's length before the loop: the steps'
/// loads and stores are unchecked.
/// </summary>
internal interface IUpdateOperator
{
    /// <summary>Element i alone: the scalar tail.</summary>
    void Element(nuint i);

    /// <summary>Elements i … i + 7, as Vector256 lanes.</summary>
    void Lanes256(nuint i);

    /// <summary>Elements i … i + 15, as Vector512 lanes.</summary>
    void Lanes512(nuint i);
}

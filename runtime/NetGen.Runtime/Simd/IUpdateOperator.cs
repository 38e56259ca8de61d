using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// An in-place update of one target and up to three state values from one read-only input, element by element: the
/// shape of an optimizer step (θ, m, v, v̂ from g) and of any pass that writes several spans from the same index.
/// <see cref="SimdLoop.Update{TOperator}"/> loads the streams, calls this, and stores them back; a stream the caller
/// passed empty arrives as zero and is not stored, so the operator touches only the state its settings use.
/// </summary>
internal interface IUpdateOperator
{
    /// <summary>One element: the scalar tail.</summary>
    void Invoke(float input, ref float target, ref float state0, ref float state1, ref float state2);

    /// <summary>Eight lanes at a time.</summary>
    void Invoke(Vector256<float> input, ref Vector256<float> target, ref Vector256<float> state0, ref Vector256<float> state1, ref Vector256<float> state2);

    /// <summary>Sixteen lanes at a time.</summary>
    void Invoke(Vector512<float> input, ref Vector512<float> target, ref Vector512<float> state0, ref Vector512<float> state1, ref Vector512<float> state2);
}

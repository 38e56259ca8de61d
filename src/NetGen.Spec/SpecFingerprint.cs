using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace NetGen.Spec;

/// <summary>
/// What a checkpoint's full load compares to tell one network from another: the SHA-256 of the input shape, every
/// layer's name and ops with their arguments, the loss and the optimizer kind, as 32 hex digits. Hyperparameters a user
/// changes between runs (learning rate, momentum, betas, ε, weight decay, batch size, regularizer strengths) are left
/// out, so a resumed run may change them; anything that changes what the network computes or which state it keeps is in.
/// The generator and the interpreter compute it from the same spec, so either engine loads the other's checkpoint.
/// </summary>
internal static class SpecFingerprint
{
    public static string Of(NetworkSpec spec)
    {
        var text = new StringBuilder();
        text.Append("input [").Append(string.Join(", ", spec.InputShape.Select(d => SpecText.Format(d)))).Append("]\n");
        foreach (LayerSpec layer in spec.Layers)
        {
            text.Append(layer.Name).Append(": ").Append(LayerText.Describe(layer));
            foreach (OpSpec op in layer.Ops)
            {
                // What LayerText leaves out but the computation depends on.
                text.Append(op.Kind switch
                {
                    OpKind.Dense or OpKind.Conv2D => op.UseBias ? "" : " [no bias]",
                    OpKind.BatchNorm or OpKind.LayerNorm or OpKind.GroupNorm or OpKind.InstanceNorm => $" [ε {SpecText.Format(op.Epsilon)}]",
                    _ => "",
                });
            }

            text.Append('\n');
        }

        text.Append("loss ").Append(spec.Losses.Count > 0 ? spec.Losses[0].Kind.ToString() : "none").Append('\n');
        OptimizerSpec? optimizer = spec.Optimizers.Count > 0 ? spec.Optimizers[0] : null;
        text.Append("optimizer ").Append(optimizer is null ? "none" : $"{optimizer.Kind}{(optimizer.AmsGrad ? " amsgrad" : "")}{(optimizer.Centered ? " centered" : "")}{(optimizer.Momentum != 0f ? " momentum" : "")}");
        using SHA256 sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        return string.Concat(hash.Take(16).Select(b => b.ToString("x2")));
    }
}

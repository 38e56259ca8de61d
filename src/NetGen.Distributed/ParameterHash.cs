using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NetGen.Distributed;

/// <summary>A short fingerprint of a network's learned state, for checking that the ranks of a job agree bit for bit.</summary>
public static class ParameterHash
{
    /// <summary>
    /// The first 16 hex digits of the SHA-256 of the parameters' bytes (little-endian floats in layout order) followed by
    /// every BatchNorm layer's running mean and variance: equal hashes mean equal predictions.
    /// </summary>
    public static string Of(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)network.Parameters));
        foreach (Layer layer in network.Layers)
        {
            hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)layer.RunningMean));
            hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)layer.RunningVariance));
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetCurrentHash(digest);
        return Convert.ToHexStringLower(digest[..8]);
    }
}

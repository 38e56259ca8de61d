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

    /// <summary>
    /// A collective: every rank hashes its network (<see cref="Of"/>), rank 0's hash is broadcast and the ranks that
    /// hold another are counted by all-reduce. Returns rank 0's hash and that count (0: every rank agrees bit for bit),
    /// the same on every rank.
    /// </summary>
    public static (string Hash, int Disagreeing) Agreement(Communicator communicator, INetwork network)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        string own = Of(network);
        Span<byte> root = stackalloc byte[8];
        Convert.FromHexString(own, root, out _, out _);
        communicator.Broadcast(root, root: 0);
        string hash = Convert.ToHexStringLower(root);
        Span<double> disagreeing = [hash == own ? 0 : 1];
        communicator.AllreduceSum(disagreeing);
        return (hash, (int)disagreeing[0]);
    }
}

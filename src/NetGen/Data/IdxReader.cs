using System.Buffers.Binary;
using System.IO.Compression;

namespace NetGen.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (big-endian header: magic 0x00 0x00 type rank, then one
/// 32-bit size per dimension, then the data), plain or gzip-compressed (detected by the gzip magic bytes).
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>An IDX3 file of unsigned-byte images: [count, rows, columns].</summary>
    public static IdxImages ReadImages(string path)
    {
        (int[] dimensions, byte[] data) = Read(path, expectedRank: 3);
        return new IdxImages(dimensions[0], dimensions[1], dimensions[2], data);
    }

    /// <summary>An IDX1 file of unsigned-byte labels: [count].</summary>
    public static byte[] ReadLabels(string path) => Read(path, expectedRank: 1).Data;

    private static (int[] Dimensions, byte[] Data) Read(string path, int expectedRank)
    {
        byte[] bytes;
        try
        {
            bytes = Decompress(path, File.ReadAllBytes(path));
        }
        catch (FileNotFoundException e)
        {
            throw new DataSetException(path, "file not found.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new DataSetException(path, "file not found (its directory does not exist).", e);
        }
        catch (InvalidDataException e)
        {
            throw new DataSetException(path, "corrupt gzip stream: " + e.Message, e);
        }

        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
        {
            throw new DataSetException(path, "not an IDX file (the first two bytes of the magic number must be zero).");
        }

        if (bytes[2] != UnsignedByteType)
        {
            throw new DataSetException(path, $"IDX element type 0x{bytes[2]:X2} is not supported; expected 0x08 (unsigned byte).");
        }

        int rank = bytes[3];
        if (rank != expectedRank)
        {
            throw new DataSetException(path, $"IDX rank {rank}, expected {expectedRank} ({(expectedRank == 3 ? "images" : "labels")}).");
        }

        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
        {
            throw new DataSetException(path, $"truncated header: {bytes.Length} bytes, the header alone needs {headerLength}.");
        }

        var dimensions = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dimensions[d] < 0)
            {
                throw new DataSetException(path, $"dimension {d} is negative ({dimensions[d]}).");
            }

            count *= dimensions[d];
        }

        if (bytes.Length - headerLength != count)
        {
            throw new DataSetException(path, $"the header promises {count} data bytes ({string.Join(" × ", dimensions)}) but the file holds {bytes.Length - headerLength}: truncated or corrupt.");
        }

        return (dimensions, bytes.AsSpan(headerLength).ToArray());
    }

    private static byte[] Decompress(string path, byte[] bytes)
    {
        bool isGzip = bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;
        if (!isGzip)
        {
            return bytes;
        }

        using var compressed = new MemoryStream(bytes);
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var output = new MemoryStream();
        try
        {
            gzip.CopyTo(output);
        }
        catch (EndOfStreamException e)
        {
            throw new DataSetException(path, "truncated gzip stream.", e);
        }

        return output.ToArray();
    }
}

/// <summary>Images as stored in an IDX3 file: pixels[count, rows, columns], one byte each.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);

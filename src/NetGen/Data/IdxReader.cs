using System.Buffers.Binary;
using System.IO.Compression;

namespace NetGen.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (big-endian header: magic 0x00 0x00 type rank, then one 32-bit size
/// per dimension, then the data), plain or gzip-compressed (detected by the gzip magic bytes). The header is read and
/// checked before any data is allocated: its size product in 64-bit arithmetic must fit what the file can hold (its
/// length, or for gzip the deflate format's largest expansion of it), so a corrupt or hostile header fails fast with a
/// <see cref="DataSetException"/> instead of an overflow or an out-of-memory. Every failure names the file.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Deflate expands at most about 1032:1 (RFC 1951's longest match per shortest code); a bound for gzip data.</summary>
    private const long MaxDeflateExpansion = 1032;

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
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using FileStream file = File.OpenRead(path);
            bool gzip = IsGzip(file);
            using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            long capacity = gzip ? file.Length * MaxDeflateExpansion : file.Length;
            int[] dimensions = ReadHeader(path, content, expectedRank, capacity, out long count);
            var data = new byte[count];
            int read = content.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (read < data.Length)
            {
                throw new DataSetException(path, $"the header promises {count} data bytes ({string.Join(" × ", dimensions)}) but the file holds {read}: truncated or corrupt.");
            }

            if (content.ReadByte() >= 0)
            {
                throw new DataSetException(path, $"more data than the header's {count} bytes ({string.Join(" × ", dimensions)}): corrupt or not one IDX file.");
            }

            if (gzip)
            {
                CheckGzipTrailer(path, file, 4 + 4L * dimensions.Length + count);
            }

            return (dimensions, data);
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
        catch (EndOfStreamException e)
        {
            throw new DataSetException(path, "truncated gzip stream.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataSetException(path, "cannot be read: " + e.Message, e);
        }
        catch (IOException e)
        {
            throw new DataSetException(path, "cannot be read: " + e.Message, e);
        }
    }

    /// <summary>
    /// GZipStream checks a member's CRC-32 and size when its trailer is there, but ends quietly when the file stops
    /// inside the last trailer. The file must therefore end with the 8-byte trailer of the data read: its ISIZE (the
    /// last 4 bytes, little-endian) equal to the decompressed length mod 2^32, as a single-member gzip file has it.
    /// </summary>
    private static void CheckGzipTrailer(string path, FileStream file, long decompressedLength)
    {
        Span<byte> size = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(size);
        if (BinaryPrimitives.ReadUInt32LittleEndian(size) != (uint)decompressedLength)
        {
            throw new DataSetException(path, $"the gzip trailer does not record the {decompressedLength} bytes decompressed: the file is truncated, or more than one gzip member.");
        }
    }

    /// <summary>Peeks at the first two bytes for the gzip magic 1F 8B, then rewinds.</summary>
    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <summary>The dimensions, and their product as the data's byte count, checked against what the file can hold.</summary>
    private static int[] ReadHeader(string path, Stream content, int expectedRank, long capacity, out long count)
    {
        Span<byte> magic = stackalloc byte[4];
        int read = content.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (read < 4 || magic[0] != 0 || magic[1] != 0)
        {
            throw new DataSetException(path, "not an IDX file (the first two bytes of the magic number must be zero).");
        }

        if (magic[2] != UnsignedByteType)
        {
            throw new DataSetException(path, $"IDX element type 0x{magic[2]:X2} is not supported; expected 0x08 (unsigned byte).");
        }

        int rank = magic[3];
        if (rank != expectedRank)
        {
            throw new DataSetException(path, $"IDX rank {rank}, expected {expectedRank} ({(expectedRank == 3 ? "images" : "labels")}).");
        }

        Span<byte> sizes = stackalloc byte[4 * rank];
        read = content.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
        if (read < sizes.Length)
        {
            throw new DataSetException(path, $"truncated header: {4 + read} bytes, the header alone needs {4 + sizes.Length}.");
        }

        // An array holds at most Array.MaxLength bytes; the file bounds it further.
        long limit = Math.Min(Array.MaxLength, capacity);
        var dimensions = new int[rank];
        count = 1;
        for (int d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(sizes[(4 * d)..]);
            if (dimensions[d] < 0)
            {
                throw new DataSetException(path, $"dimension {d} is negative ({dimensions[d]}).");
            }

            // count ≤ limit < 2^31 and a dimension < 2^31, so the product fits a long before it is compared.
            count *= dimensions[d];
            if (count > limit)
            {
                throw new DataSetException(path, $"the header's sizes {string.Join(" × ", dimensions[..(d + 1)])}… promise more data than the file can hold ({limit} bytes at most): corrupt header.");
            }
        }

        return dimensions;
    }
}

/// <summary>Images as stored in an IDX3 file: pixels[count, rows, columns], one byte each.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);
